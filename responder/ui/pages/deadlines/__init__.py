"""« Échéances »: the view (``view.py``); the behaviour lives in ``pages/deadlines_tab.py``,
the module the dossier tabs registry names."""
