"""Dialogs (each saves its own geometry)."""
