"""The pages hosted by the main window, one module per page."""
