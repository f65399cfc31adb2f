"""Letters after the decision (``templates/courriers/``), rendered like the mémoire: the same
bounded Jinja sandbox with autoescape, the same time limit, the same French errors.

The context is a plain dict built by ``OutcomeService.letter_context`` (variables listed in
docs/templates.md, « Courriers »). Users may edit the templates in Word or LibreOffice.

Thread contract: pure file output, safe in a background thread.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from jinja2.exceptions import SecurityError, TemplateError

from ..fsutil import atomic_write_bytes
from ..paths import templates_dir
from .memoire import TemplateProblem
from .memoire import _explain as explain_template_error
from .memoire import _open as open_template
from .sandbox import TIME_LIMIT, BoundedEnvironment, time_limit
from .sandbox import _TimeUp as TimeUp

#: The shipped letter of each kind.
LETTER_FILES: dict[str, str] = {
    "motifs": "demande-motifs.docx",
    "entretien": "demande-entretien.docx",
    "remerciement": "remerciement.docx",
}


def letter_template(kind: str) -> Path:
    """The shipped template of a letter kind (``motifs``, ``entretien``, ``remerciement``)."""
    return templates_dir() / "courriers" / LETTER_FILES[kind]


def render_letter(
    kind: str, context: dict[str, Any], out: Path, *, template: Path | None = None,
    seconds: float = TIME_LIMIT,
) -> Path:
    """Render a letter to ``out`` (atomically) and return ``out``.

    ``TemplateProblem`` (French) for any fault of the template; ``out`` is then untouched.
    """
    path = template or letter_template(kind)
    doc = open_template(path)
    try:
        with time_limit(seconds):
            doc.render(context, jinja_env=BoundedEnvironment())
    except (TimeUp, SecurityError, TemplateError, RecursionError, MemoryError,
            ArithmeticError, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise TemplateProblem(explain_template_error(exc, path.name)) from exc
    buffer = io.BytesIO()
    try:
        doc.save(buffer)
    except Exception as exc:  # invalid XML produced by an edited template fails only here
        raise TemplateProblem(
            f"Le modèle « {path.name} » produit un document Word invalide "
            f"({exc.__class__.__name__}) : vérifiez que chaque balise {{% %}} est dans son "
            "propre paragraphe."
        ) from exc
    atomic_write_bytes(out, buffer.getvalue())
    return out
