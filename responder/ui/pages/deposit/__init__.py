"""« Dépôt »: the view (``view.py``); the behaviour lives in ``pages/deposit_tab.py``,
the module the dossier tabs registry names."""
