"""« Pièces »: the tree of pieces (``tree.py``) and the tab's widgets (``view.py``); the
behaviour lives in ``pages/checklist_tab.py``, the module the dossier tabs registry names."""
