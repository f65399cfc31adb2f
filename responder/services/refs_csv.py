"""References to and from CSV as French Excel writes it (format in docs/formats.md).

Semicolon separator, UTF-8 with BOM on export; on import UTF-8 (with or without BOM) or
Windows-1252 is detected, and a comma or tab separator is accepted when the header has no
semicolon. Dates are JJ/MM/AAAA, amounts « 12 345,50 »; lists (tasks, partners, families,
CPV codes, environmental figures) hold one item per line inside their cell.

An import is all or nothing: every bad row is reported with its line number and reason, and
nothing is written unless the caller asks to skip the bad rows (CLI ``--skip-bad-rows``, GUI
confirmation). Confidential references are never exported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..documents.csvcells import neutralize, restore
from ..domain.common import InvalidInput, french_errors
from ..domain.enums import label
from ..domain.library import Reference
from ..domain.text import normalized
from ..fsutil import atomic_write_bytes, explain_os_error
from ..storage.db import WorkspaceError
from .refs_cells import (
    _HEADER_KEYS,
    _SOCIAL,
    COLUMNS,
    HEADERS,
    MAX_AMOUNT,
    CellError,
    _field_header,
    _row_payload,
    format_amount,
    format_date,
    parse_amount,
    parse_date,
)
from .workspace import Session

__all__ = [
    "BadRows",
    "COLUMNS",
    "CellError",
    "HEADERS",
    "ImportReport",
    "MAX_AMOUNT",
    "MAX_CELL",
    "ParsedCsv",
    "RowError",
    "decode",
    "export_references",
    "format_amount",
    "format_date",
    "import_parsed",
    "import_references",
    "parse_amount",
    "parse_date",
    "parse_references_csv",
    "read_references_csv",
    "references_csv",
]


@dataclass(frozen=True)
class RowError:
    """A bad row: its line in the file (1 = header) and why it was refused."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}"


@dataclass
class ParsedCsv:
    """What a CSV file holds: the valid references (with their line) and the bad rows."""

    references: list[tuple[int, Reference]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ";"


@dataclass
class ImportReport:
    """The outcome of an import: references added, rows skipped (only with skip_bad_rows)."""

    imported: list[Reference]
    skipped: list[RowError]


class BadRows(InvalidInput):
    """Some rows are bad and the caller did not ask to skip them: nothing was imported.

    ``parsed`` lets a GUI show the errors and offer to import the good rows.
    """

    def __init__(self, parsed: ParsedCsv) -> None:
        self.parsed = parsed
        messages = {f"ligne {e.line}": e.message for e in parsed.errors}
        good = len(parsed.references)
        messages[""] = (
            "Aucune référence importée : corrigez ces lignes dans le fichier, ou importez "
            f"seulement les {good} ligne(s) correcte(s) (option --skip-bad-rows)."
            if good
            else "Aucune référence importée : aucune ligne n'est correcte."
        )
        super().__init__(messages)


# --- reading -----------------------------------------------------------------------------------
#: A UTF-8 encoded accented letter or sign (2 to 4 bytes): seen in a file that is not valid
#: UTF-8, it means two encodings were mixed (rows pasted from two sources).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_RESAVE = (
    "Ouvrez-le dans votre tableur et enregistrez-le au format « CSV UTF-8 », puis importez-le "
    "à nouveau."
)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, name: str = "Le fichier") -> tuple[str, str]:
    """The text of a CSV file and the encoding found: UTF-8 (BOM or not), else Windows-1252.

    Nothing is guessed: a byte that fits neither, or a file mixing both (which used to come
    out as « Ã© » or U+FFFD in the library), is refused with its line (``InvalidInput``).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InvalidInput({"": (
                f"{name} est en UTF-8 mais la ligne {_line_of(data, exc.start + 3)} ne l'est "
                f"pas (deux encodages mélangés). {_RESAVE}"
            )}) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    mixed = _UTF8_SEQUENCE.search(data)
    if mixed is not None:
        raise InvalidInput({"": (
            f"{name} mélange deux encodages : UTF-8 (ligne {_line_of(data, mixed.start())}) et "
            f"Windows-1252 (ligne {_line_of(data, first_bad)}). {_RESAVE}"
        )})
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise InvalidInput({"": (
            f"{name} contient à la ligne {_line_of(data, exc.start)} un octet qui n'est ni de "
            f"l'UTF-8 ni du Windows-1252 : ce n'est peut-être pas un fichier CSV. {_RESAVE}"
        )}) from None


#: Longest cell read (``csv``'s own limit): a longer one is almost always an unclosed quote.
MAX_CELL = 128 * 1024


def _csv_problem(exc: csv.Error, line: int) -> str:
    """French reason for a structural CSV error at ``line`` (the file is then refused)."""
    text = str(exc)
    if "field larger than field limit" in text:
        why = (f"une cellule dépasse {MAX_CELL // 1024} Kio : sans doute un guillemet (\") "
               "ouvert et jamais fermé, qui avale les lignes suivantes")
    elif "unexpected end of data" in text:
        why = ("un guillemet (\") est ouvert et jamais fermé : il avale toutes les lignes "
               "jusqu'à la fin du fichier")
    elif "expected after" in text:
        why = ("un guillemet (\") fermé au milieu d'une cellule : sans doute un guillemet non "
               "fermé plus haut, qui a avalé des lignes")
    else:
        why = f"ligne CSV illisible ({text})"
    return (
        f"Ligne {line} : {why}. Aucune ligne n'a été importée (les suivantes ne peuvent pas "
        "être lues sûrement) : corrigez les guillemets de cette ligne dans le fichier."
    )


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    if ";" in first:
        return ";"
    return max(("\t", ","), key=first.count) if ("\t" in first or "," in first) else ";"


def _columns(header: list[str]) -> list[str | None]:
    """The model field of each header cell (``None`` for a blank one); ``InvalidInput`` for
    unknown or repeated columns, or no « Titre »."""
    names: list[str | None] = []
    unknown: list[str] = []
    for cell in header:
        key = normalized(cell)
        if not key:
            names.append(None)
            continue
        name = _HEADER_KEYS.get(key)
        if name is None:
            unknown.append(cell.strip())
        elif name in names:
            raise InvalidInput({"": f"La colonne « {cell.strip()} » apparaît deux fois."})
        names.append(name)
    if unknown:
        raise InvalidInput(
            {"": "Colonne(s) inconnue(s) : " + ", ".join(f"« {u} »" for u in unknown)
             + ". Colonnes reconnues : " + " ; ".join(h for _, h in COLUMNS) + "."}
        )
    if "title" not in names:
        raise InvalidInput({"": "La colonne « Titre » est obligatoire (première ligne du "
                            "fichier : Titre;Acheteur;…)."})
    return names


def parse_references_csv(text: str, *, structure_id: int | None = None) -> ParsedCsv:
    """Read references from CSV text; every bad row is kept as a ``RowError``.

    Raises ``InvalidInput`` when the file as a whole is unusable (empty, no « Titre »
    column, unknown or repeated columns): then no row can be trusted.
    """
    delimiter = _delimiter(text)
    # strict: a quote left open or closed mid-cell is an error, not rows silently swallowed.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput({"": "Le fichier est vide : il doit commencer par la ligne des "
                            "en-têtes (Titre;Acheteur;…)."}) from None
    except csv.Error as exc:
        raise InvalidInput({"": f"Fichier CSV illisible : {exc}."}) from None
    names = _columns(header)
    parsed = ParsedCsv(delimiter=delimiter)
    line = reader.line_num + 1
    while True:
        start_line = line
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # Not one bad row: nothing after it can be trusted, so not even --skip-bad-rows
            # may import the rest (it used to drop the later rows without listing them).
            raise InvalidInput({"": _csv_problem(exc, start_line)}) from None
        line = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(names) and any(c.strip() for c in row[len(names):]):
            parsed.errors.append(RowError(
                start_line,
                f"{len(row)} cellules pour {len(names)} colonnes : une cellule contient sans "
                "doute un « ; » non protégé par des guillemets.",
            ))
            continue
        cells = {n: restore(row[i]) if i < len(row) else "" for i, n in enumerate(names) if n}
        try:
            payload = _row_payload(cells)
            if structure_id is not None:
                payload["structure_id"] = structure_id
            ref = Reference.model_validate(payload)
        except CellError as exc:
            parsed.errors.append(RowError(start_line, str(exc)))
            continue
        except ValidationError as exc:
            reasons = [f"{_field_header(path)} : {msg}" for path, msg in
                       french_errors(exc).items()]
            parsed.errors.append(RowError(start_line, " ; ".join(reasons)))
            continue
        parsed.references.append((start_line, ref))
    return parsed


def read_references_csv(path: Path, *, structure_id: int | None = None) -> ParsedCsv:
    """``parse_references_csv`` on a file, detecting its encoding (for a preview)."""
    from .inputs import read_input

    path = Path(path)
    data = read_input(path, kind="fichier .csv des références")
    text, encoding = decode(data, f"« {path.name} »")
    try:
        parsed = parse_references_csv(text, structure_id=structure_id)
    except InvalidInput as exc:
        raise InvalidInput({k: (f"« {path.name} » : {v}" if not k else v)
                            for k, v in exc.messages.items()}) from None
    parsed.encoding = encoding
    return parsed


# --- import / export -------------------------------------------------------------------------
def import_parsed(session: Session, parsed: ParsedCsv, structure_id: int) -> list[Reference]:
    """Add the valid references of ``parsed`` to ``structure_id`` in one transaction."""
    if session.structures.get(structure_id) is None:
        raise InvalidInput({"structure_id": f"La structure n° {structure_id} n'existe pas."})
    added: list[Reference] = []
    with session.ws.transaction():
        for _line, ref in parsed.references:
            item = ref.model_copy(deep=True)
            item.structure_id = structure_id
            added.append(session.references.add(item))
    return added


def import_references(
    session: Session, path: Path, structure_id: int, *, skip_bad_rows: bool = False
) -> ImportReport:
    """Import a CSV file of references into ``structure_id``.

    With any bad row and without ``skip_bad_rows``, raises ``BadRows`` (an ``InvalidInput``
    listing each line and reason) and imports nothing. Otherwise the good rows are added in
    one transaction and the skipped rows are returned in the report.
    """
    parsed = read_references_csv(path, structure_id=structure_id)
    if parsed.errors and not skip_bad_rows:
        raise BadRows(parsed)
    return ImportReport(import_parsed(session, parsed, structure_id), parsed.errors)


def _row(ref: Reference) -> list[str]:
    cells: dict[str, str] = {
        "title": ref.title,
        "buyer_name": ref.buyer_name,
        "buyer_kind": label(ref.buyer_kind),
        "place": ref.place,
        "start": format_date(ref.start),
        "end": format_date(ref.end),
        "amount_ht": format_amount(ref.amount_ht),
        "role": label(ref.role),
        "partners": "\n".join(ref.partners),
        "description": ref.description,
        "tasks": "\n".join(ref.tasks),
        "team_size": "" if ref.team_size is None else str(ref.team_size),
        "environmental_impact": "\n".join(
            f"{k} : {v}" for k, v in ref.environmental_impact.items()
        ),
        "families": "\n".join(ref.families),
        "cpv_codes": "\n".join(ref.cpv_codes),
        "buyer_contact": ref.buyer_contact,
        "confidential": "oui" if ref.confidential else "non",
    }
    for name in _SOCIAL:
        cells[name] = str(getattr(ref.social_impact, name))
    return [neutralize(cells[name]) for name, _ in COLUMNS]


def references_csv(references: Iterable[Reference]) -> str:
    """CSV text (no BOM) of the non-confidential ``references``, header first."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([h for _, h in COLUMNS])
    for ref in references:
        if not ref.confidential:
            writer.writerow(_row(ref))
    return buffer.getvalue()


def export_references(session: Session, out: Path, structure_id: int | None = None) -> int:
    """Write the references (of one structure when given) to ``out``; returns how many.

    ``out`` goes through ``outputs.check_output`` (never the workspace or its folders).

    Confidential references are never written. UTF-8 with BOM so that Excel shows accents;
    the file is replaced atomically.
    """
    from .outputs import check_output

    check_output(Path(out), session.path, force=True)
    refs = [r for r in session.references.list(structure_id) if not r.confidential]
    data = "\ufeff" + references_csv(refs)
    try:
        atomic_write_bytes(Path(out), data.encode("utf-8"))
    except OSError as exc:
        raise WorkspaceError(explain_os_error(exc, Path(out))) from exc
    return len(refs)
