"""Semantic diff of two DUIS schema sets: what changed, and whether it breaks senders or receivers."""
