"""DUIS messages (requests, responses, alerts): read safely, validated against the loaded schema set."""
