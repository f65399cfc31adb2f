"""Qt item models and proxies over service data."""
