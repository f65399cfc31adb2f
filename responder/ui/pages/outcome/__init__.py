"""« Résultat »: the view (``view.py``); the behaviour lives in ``pages/outcome_tab.py``,
the module the dossier tabs registry names."""
