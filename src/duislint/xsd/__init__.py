"""Loading a DUIS schema set and modelling its components."""
