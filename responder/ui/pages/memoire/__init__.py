"""The « Mémoire » tab of a dossier: ``view.py`` (widgets), ``controller.py`` (loading,
outline, saving, points d'attention), ``editing.py`` (blocks, figures, references, template,
logo) and ``generation.py`` (the .docx written off the UI thread)."""

from __future__ import annotations

from .controller import MemoireTab

__all__ = ["MemoireTab"]
