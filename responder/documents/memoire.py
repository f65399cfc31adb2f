"""Rendering the mémoire technique from a .docx template, sandboxed and bounded.

The context is a plain dict built by ``responder.services.memoire`` (see docs/templates.md
for every variable). Templates are docxtpl documents users may edit or bring themselves, so
they are treated as untrusted: Jinja runs in ``responder.documents.sandbox``'s
``BoundedEnvironment`` (no attribute tricks, caps on what a template builds, a time limit);
a ``MemoryError`` or ``OverflowError`` that still gets through becomes a French error too.
Every failure (not a .docx, syntax error, unknown filter, security, time, memory) becomes a
``TemplateProblem`` with a French message; nothing is written then.

Thread contract: pure file output, safe in a background thread (the time limit is kept per
thread).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError

from ..domain.errors import InvalidInput
from ..fsutil import atomic_write_bytes
from ..paths import templates_dir
from .finish import finish
from .richtext import bullet_style_id, rich_paragraphs
from .sandbox import (  # re-exported: the sandbox lived here
    _BOUNDED_FILTERS,
    MAX_DECIMALS,
    MAX_INT_BITS,
    MAX_NESTING,
    MAX_OUTPUT,
    MAX_RANGE,
    MAX_REPEAT,
    MAX_TEXT,
    MAX_WIDTH,
    TIME_LIMIT,
    BoundedEnvironment,
    _bounded_join,
    _check_text,
    _nesting,
    _size,
    _TimeUp,
    time_limit,
)

#: Top-level variables a mémoire template may use (documented in docs/templates.md).
KNOWN_VARIABLES: frozenset[str] = frozenset(
    {"structure", "tender", "lot", "sections", "references", "today", "logo", "memoire",
     "candidat"}
)

Progress = Callable[[int, str], None]


class TemplateProblem(InvalidInput):
    """A template that cannot be used, with a French message (key ``"template"``)."""

    def __init__(self, message: str) -> None:
        super().__init__({"template": message})
        self.message = message


def builtin_template(name: str) -> Path:
    """The shipped template ``templates/memoire/<name>.docx``."""
    return templates_dir() / "memoire" / f"{name}.docx"


#: What docxtpl's ``resolve_listing`` turns into Word breaks, tabs and paragraphs: a tab, a
#: line feed, a bell (new paragraph) or a form feed inside a text element.
_LISTING_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")


class _Template(DocxTemplate):  # type: ignore[misc]  # docxtpl has no type hints
    """docxtpl, without its listing pass over a rendered part that has nothing for it.

    ``resolve_listing`` rewrites every paragraph, run and text element of the part through
    nested regular expressions with Python callbacks, to replace the four control
    characters above inside text; when no text element holds one the rewrite gives back
    the same XML, so it is skipped (a test compares both on random parts).
    """

    def resolve_listing(self, xml: str) -> str:  # noqa: D102 - docxtpl's own method
        if _LISTING_TEXT.search(xml) is None:
            return xml
        return str(super().resolve_listing(xml))


def _open(template: Path) -> DocxTemplate:
    template = Path(template)
    if not template.is_file():
        raise TemplateProblem(f"Le modèle « {template.name} » est introuvable.")
    if not zipfile.is_zipfile(template):
        raise TemplateProblem(
            f"« {template.name} » n'est pas un document Word (.docx) : enregistrez-le au "
            "format .docx depuis Word ou LibreOffice, puis importez-le à nouveau."
        )
    try:
        doc = _Template(str(template))
        doc.init_docx()
    except Exception as exc:  # python-docx raises many kinds on a damaged file
        raise TemplateProblem(
            f"Le modèle « {template.name} » est endommagé ou n'est pas un .docx valide "
            f"({exc.__class__.__name__})."
        ) from exc
    return doc


def _explain(exc: BaseException, name: str) -> str:
    if isinstance(exc, _TimeUp):
        return (
            f"Le modèle « {name} » met trop de temps à produire le document (boucle sans fin ?) : "
            "le rendu a été arrêté. Vérifiez les boucles {% for %} du modèle."
        )
    if isinstance(exc, SecurityError):
        return (
            f"Le modèle « {name} » contient une instruction interdite ({exc}) : seules les "
            "variables et filtres décrits dans la documentation des modèles sont permis."
        )
    if isinstance(exc, TemplateSyntaxError):
        return (
            f"Le modèle « {name} » contient une balise mal écrite : « {exc.message} »"
            + (f" (vers la ligne {exc.lineno} du XML)" if exc.lineno else "")
            + ". Vérifiez les {{ }} et {% %} du modèle."
        )
    if isinstance(exc, UndefinedError):
        return (
            f"Le modèle « {name} » utilise une donnée inconnue ({exc.message}). Consultez la "
            "liste des variables dans la documentation des modèles."
        )
    if isinstance(exc, MemoryError | OverflowError):
        return (
            f"Le modèle « {name} » demande un texte ou un nombre démesuré : le rendu a été "
            "arrêté avant de saturer la mémoire. Vérifiez les filtres et les calculs du modèle."
        )
    if isinstance(exc, TemplateError):
        return f"Le modèle « {name} » ne peut pas être rendu : {exc.message or exc}."
    return (
        f"Le modèle « {name} » ne peut pas être rendu ({exc.__class__.__name__} : {exc}). "
        "Essayez le modèle « Standard »."
    )


_JINJA_NAME = re.compile(r"^[A-Za-z_]\w*$")


def check_template(template: Path) -> list[str]:
    """French problems of a template: syntax errors, unknown variables; ``[]`` when usable.

    Never raises for a bad template: the problems are returned to be shown to the user.
    """
    try:
        doc = _open(template)
        env = BoundedEnvironment()
        variables = doc.get_undeclared_template_variables(jinja_env=env)
        # Compile the body as the render will: what parses may still not compile.
        env.from_string(doc.patch_xml(doc.get_xml()))
    except TemplateProblem as exc:
        return [exc.message]
    except Exception as exc:  # syntax errors and anything else a user file can cause
        return [_explain(exc, Path(template).name)]
    unknown = sorted(v for v in variables if _JINJA_NAME.match(v) and v not in KNOWN_VARIABLES)
    if unknown:
        names = ", ".join(f"« {v} »" for v in unknown)
        return [
            f"Variables inconnues dans le modèle : {names}. Les variables connues sont "
            f"{', '.join(sorted(KNOWN_VARIABLES))} (voir la documentation des modèles)."
        ]
    return []


def check_logo(path: Path) -> str | None:
    """French problem with a logo file (not an image Word can show), or ``None``."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image

    path = Path(path)
    if path.suffix.lower() not in {".png", ".jpg", ".jpeg", ".gif", ".bmp"}:
        return (
            f"« {path.name} » n'est pas une image PNG ou JPEG : enregistrez le logo dans l'un "
            "de ces formats."
        )
    try:
        Image.from_file(str(path))
    except (OSError, UnrecognizedImageError, ValueError) as exc:
        return f"L'image « {path.name} » est illisible ou endommagée ({exc.__class__.__name__})."
    return None


def _rich_context(doc: DocxTemplate, context: dict[str, Any], logo: Path | None) -> dict[str, Any]:
    """The context with section bodies turned into Word paragraphs and the logo as an image."""
    data = dict(context)
    # python-docx finds a style by scanning every style of the template: looked up per
    # section it was a third of the rendering time of a 40-section mémoire.
    bullet_style = bullet_style_id(doc)
    sections = []
    for section in context.get("sections", []):
        item = dict(section)
        markup = str(item.get("body", ""))
        item["has_body"] = bool(markup.strip())
        item["body"] = rich_paragraphs(markup, bullet_style)
        sections.append(item)
    data["sections"] = sections
    data["logo"] = None
    if logo is not None and logo.is_file():
        data["logo"] = InlineImage(doc, str(logo), width=Mm(40))
    return data


def render_memoire(
    context: dict[str, Any],
    template: Path,
    out: Path,
    *,
    logo: Path | None = None,
    seconds: float = TIME_LIMIT,
    progress: Progress | None = None,
) -> Path:
    """Render the mémoire to ``out`` (atomically) and return ``out``.

    Raises ``TemplateProblem`` (French) for any template fault, ``OSError`` when ``out``
    cannot be written; in both cases ``out`` is left as it was. ``progress(percent, text)``
    is called between the steps.
    """
    report = progress or (lambda _p, _t: None)
    name = Path(template).name
    report(10, "Ouverture du modèle…")
    doc = _open(template)
    report(30, "Mise en forme du contenu…")
    data = _rich_context(doc, context, logo)
    report(50, "Remplissage du modèle…")
    try:
        with time_limit(seconds):
            doc.render(data, jinja_env=BoundedEnvironment())
    except (_TimeUp, SecurityError, TemplateError) as exc:
        raise TemplateProblem(_explain(exc, name)) from exc
    except (RecursionError, MemoryError, ArithmeticError, SyntaxError) as exc:
        raise TemplateProblem(_explain(exc, name)) from exc
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise TemplateProblem(_explain(exc, name)) from exc
    report(85, "Écriture du document…")
    buffer = io.BytesIO()
    try:
        finish(doc.docx)
        doc.save(buffer)
    except Exception as exc:  # a template producing invalid XML fails only here
        raise TemplateProblem(
            f"Le modèle « {name} » produit un document Word invalide ({exc.__class__.__name__}) : "
            "vérifiez que chaque balise {% %} est dans son propre paragraphe."
        ) from exc
    atomic_write_bytes(out, buffer.getvalue())
    report(100, "Document prêt.")
    return out


__all__ = [
    "KNOWN_VARIABLES", "MAX_DECIMALS", "MAX_INT_BITS", "MAX_NESTING", "MAX_OUTPUT", "MAX_RANGE",
    "MAX_REPEAT", "MAX_TEXT", "MAX_WIDTH", "TIME_LIMIT", "BoundedEnvironment", "Progress",
    "TemplateProblem", "_BOUNDED_FILTERS", "_TimeUp", "_bounded_join", "_check_text",
    "_nesting", "_size", "builtin_template", "check_logo", "check_template", "render_memoire",
    "time_limit",
]
