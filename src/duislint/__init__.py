"""duislint: consistency checker for the DCC User Interface Specification (DUIS)."""

__version__ = "0.1.0"
