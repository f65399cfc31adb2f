"""« Consultations »: view (widgets), controller (behaviour) and the saving half of the page;
``TendersPage`` (``tenders_page.py`` gathers the names). Nothing is imported here: the
start-up's list (``preview.py``) uses the view without the page's modules."""
