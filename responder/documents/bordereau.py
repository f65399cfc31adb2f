"""The « bordereau des pièces »: the list of pieces of a submission, as .docx and as CSV.

Rendered from a plain context dict (built by ``ChecklistService.bordereau_context``):
``title``, ``buyer``, ``reference``, ``deadline``, ``today``, ``progress`` (texts),
``members`` (``name``, ``siret``, ``role``) and ``rows`` (``number``, ``label``, ``phase``,
``lots``, ``member``, ``file``, ``status``, ``expires_on``, ``note``).

Thread contract: pure file output, safe in a background thread.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ..fsutil import atomic_write_bytes
from ..paths import templates_dir
from .csvcells import neutralize

#: CSV columns: (header shown in the spreadsheet, key of a row).
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("N°", "number"),
    ("Pièce", "label"),
    ("Phase", "phase"),
    ("Lot(s)", "lots"),
    ("Membre", "member"),
    ("Fichier", "file"),
    ("Statut", "status"),
    ("Expire le", "expires_on"),
    ("Remarque", "note"),
)


def bordereau_template() -> Path:
    """The shipped template, editable in Word or LibreOffice."""
    return templates_dir() / "checklist" / "bordereau.docx"


def render_bordereau(
    context: dict[str, Any], out: Path, template: Path | None = None
) -> Path:
    """Render the bordereau .docx to ``out`` (atomically) and return ``out``.

    Jinja runs sandboxed with autoescape, so « Jardins & Cie » keeps its « & ». Raises
    ``OSError`` when ``out`` cannot be written (the previous file is then left untouched).
    """
    # Imported here: docxtpl and lxml cost ~80 ms, and the window imports this module's
    # service at startup without rendering anything.
    from .convention import render_sandboxed

    return render_sandboxed(template or bordereau_template(), context, out)


def bordereau_csv(context: dict[str, Any]) -> str:
    """The CSV text: semicolons, one header line, one line per piece (for French Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([title for title, _ in CSV_COLUMNS])
    for row in context.get("rows", []):
        writer.writerow([neutralize(str(row.get(key, ""))) for _, key in CSV_COLUMNS])
    return buffer.getvalue()


def write_bordereau_csv(context: dict[str, Any], out: Path) -> Path:
    """Write the CSV in UTF-8 with a byte-order mark (Excel then reads accents right)."""
    atomic_write_bytes(out, bordereau_csv(context).encode("utf-8-sig"))
    return out
