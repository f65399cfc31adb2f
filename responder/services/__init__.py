"""Use cases: one module per capability. Called by the GUI and the CLI alike; no Qt."""
