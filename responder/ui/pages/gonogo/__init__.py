"""« Go / no-go »: the view (``view.py``); the behaviour lives in ``pages/gonogo_tab.py``,
the module the dossier tabs registry names."""
