"""Domain models and rules: pydantic, no Qt, no SQL."""
