"""Reusable widgets: error labels, form rows, optional dates, editors."""
