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
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..documents.csvcells import neutralize, restore
from ..domain.common import InvalidInput, french_errors
from ..domain.enums import BuyerKind, ReferenceRole, label
from ..domain.library import Reference
from ..domain.text import normalized
from ..fr import date_short
from ..fsutil import atomic_write_bytes, explain_os_error
from ..storage.db import WorkspaceError
from .workspace import Session

#: (model field, French header) in file order. ``social_impact`` fields are flattened.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("title", "Titre"),
    ("buyer_name", "Acheteur"),
    ("buyer_kind", "Type d'acheteur"),
    ("place", "Lieu"),
    ("start", "Date de début"),
    ("end", "Date de fin"),
    ("amount_ht", "Montant HT"),
    ("role", "Rôle"),
    ("partners", "Partenaires"),
    ("description", "Description"),
    ("tasks", "Tâches"),
    ("team_size", "Effectif"),
    ("insertion_hours", "Heures d'insertion"),
    ("people_in_pathway", "Salariés en parcours"),
    ("positive_exits", "Sorties dynamiques"),
    ("disabled_workers", "Travailleurs handicapés"),
    ("environmental_impact", "Impact environnemental"),
    ("families", "Familles d'achat"),
    ("cpv_codes", "Codes CPV"),
    ("buyer_contact", "Contact acheteur"),
    ("confidential", "Confidentielle"),
)
HEADERS: dict[str, str] = dict(COLUMNS)
_SOCIAL = ("insertion_hours", "people_in_pathway", "positive_exits", "disabled_workers")
#: Other headers people write for the same columns (compared folded).
_ALIASES = {
    "intitule": "title",
    "objet": "title",
    "type acheteur": "buyer_kind",
    "montant": "amount_ht",
    "montant ht eur": "amount_ht",
    "debut": "start",
    "fin": "end",
    "familles": "families",
    "famille": "families",
    "famille d achat": "families",
    "cpv": "cpv_codes",
    "code cpv": "cpv_codes",
    "contact": "buyer_contact",
    "confidentiel": "confidential",
    "taches": "tasks",
}
_HEADER_KEYS = {normalized(h): f for f, h in COLUMNS} | _ALIASES
_BUYER_KINDS = {normalized(label(k)): k for k in BuyerKind} | {
    normalized(k.value): k for k in BuyerKind
}
_ROLES = {normalized(label(r)): r for r in ReferenceRole} | {
    normalized(r.value): r for r in ReferenceRole
} | {"titulaire": ReferenceRole.TITULAIRE, "seul": ReferenceRole.TITULAIRE}
_YES = {"oui", "o", "x", "1", "vrai", "true", "yes"}
_NO = {"", "non", "n", "0", "faux", "false", "no"}
_DATE_FR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
#: Integer part of an amount: plain digits, or groups of three separated by one space (any
#: kind of space, folded to " " first).
_INTEGER = r"\d+|\d{1,3}(?: \d{3})+"
#: « 12 345,50 », « 1.234.567,89 »: a comma before one or two decimals.
_AMOUNT_COMMA = re.compile(
    rf"^(?P<int>{_INTEGER}|\d{{1,3}}(?:\.\d{{3}})+),(?P<dec>\d{{1,2}})$", re.ASCII
)
#: « 12 345 », « 1234.56 »: no comma, so a dot can only be the decimal mark.
_AMOUNT_DOT = re.compile(rf"^(?P<int>{_INTEGER})(?:\.(?P<dec>\d{{1,2}}))?$", re.ASCII)
#: Above this an amount is a typing error (1 000 milliards d'euros).
MAX_AMOUNT = Decimal("1e12")


class CellError(ValueError):
    """A cell that cannot be read; the message is French and names the fix."""


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


# --- cells -----------------------------------------------------------------------------------
def parse_date(text: str) -> date | None:
    """A date written JJ/MM/AAAA (also J/M/AAAA, JJ-MM-AAAA, JJ.MM.AAAA or AAAA-MM-JJ).

    A two-digit year is refused rather than guessed: « 01/03/98 » could be 1998 or 2098.
    """
    text = text.strip()
    if not text:
        return None
    if (m := _DATE_FR.match(text)) and len(m.group(3)) == 2:
        day_month = f"{int(m.group(1)):02d}/{int(m.group(2)):02d}"
        raise CellError(
            f"« {text} » : année sur 4 chiffres attendue : {day_month}/19{m.group(3)} "
            f"ou {day_month}/20{m.group(3)}."
        )
    try:
        if m:
            day, month, year = (int(g) for g in m.groups())
            return date(year, month, day)
        if m := _DATE_ISO.match(text):
            year, month, day = (int(g) for g in m.groups())
            return date(year, month, day)
    except ValueError:
        raise CellError(f"« {text} » n'est pas une date qui existe (format JJ/MM/AAAA).") from None
    raise CellError(f"« {text} » n'est pas une date au format JJ/MM/AAAA.")


def format_date(value: date | None) -> str:
    """JJ/MM/AAAA, or empty text."""
    return date_short(value) if value else ""


def parse_amount(text: str) -> Decimal | None:
    """An amount written the French way: « 12 345,50 », « 12345,5 », « 12 345 € HT ».

    Groups of thousands may be separated by spaces (normal, no-break U+00A0 or narrow
    U+202F) or by dots when a comma marks the cents (« 1.234.567,89 », as some Excel
    settings write it). A dot is read as the decimal mark only when there is no comma
    (« 1234.56 »). Anything ambiguous or exotic is refused with ``CellError`` rather than
    guessed: « 1,234.56 », an exponent, more than 2 decimals, a negative amount, or more
    than 1 000 milliards.
    """
    raw = text.strip()
    text = _SPACES.sub(" ", raw)
    for unit in ("€", "EUR", "HT"):
        text = text.replace(unit, " ")
    text = text.strip()
    if not text:
        return None
    if text.startswith("-"):
        raise CellError(f"montant « {raw} » négatif : un montant de marché est positif.")
    m = (_AMOUNT_COMMA if "," in text else _AMOUNT_DOT).match(text)
    if m is None:
        raise CellError(
            f"montant « {raw} » {_amount_problem(text)} : écrivez-le par exemple 12 345,50 "
            "(espaces entre les milliers, virgule avant les centimes)."
        )
    digits = m.group("int").replace(" ", "").replace(".", "")
    value = Decimal(digits + (f".{m.group('dec')}" if m.group("dec") else ""))
    if value > MAX_AMOUNT:
        raise CellError(
            f"montant « {raw} » trop grand (plus de 1 000 milliards d'euros) : vérifiez-le."
        )
    return value


def _amount_problem(text: str) -> str:
    """Why an amount the strict patterns refused cannot be read, in French."""
    if re.search(r"\d[eE][-+]?\d", text):
        return "en notation scientifique"
    if "," in text and "." in text and text.index(",") < text.rindex("."):
        return "ambigu (virgule puis point, écriture anglaise ?)"
    if re.search(r"[.,]\d{3,}$", text):
        return "ambigu ou avec plus de 2 décimales"
    return "illisible"


def format_amount(value: Decimal | None) -> str:
    """« 12 345,50 »: space between thousands, comma before the cents (at least two)."""
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    digits = max(2, -exponent) if isinstance(exponent, int) and exponent < 0 else 2
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",")


def _parse_int(text: str) -> int | None:
    compact = _SPACES.sub("", text)
    if not compact:
        return None
    if not compact.lstrip("-").isdigit():
        raise CellError(f"« {text.strip()} » n'est pas un nombre entier.")
    return int(compact)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _split_list(text: str) -> list[str]:
    """Items one per line; a single line may also separate them with « ; » or « , »."""
    items = _lines(text)
    if len(items) == 1 and re.search(r"[;,]", items[0]):
        items = [part.strip() for part in re.split(r"[;,]", items[0]) if part.strip()]
    return items


def _choice(text: str, choices: dict[str, Any], what: str, shown: Iterable[str]) -> Any:
    key = normalized(text)
    if not key:
        return None
    if key not in choices:
        raise CellError(
            f"« {text.strip()} » n'est pas un {what} connu : {', '.join(shown)}."
        )
    return choices[key]


def _environment(text: str) -> dict[str, str]:
    figures: dict[str, str] = {}
    for line in _lines(text):
        name, sep, value = line.partition(":")
        if not sep or not name.strip() or not value.strip():
            raise CellError(
                f"« {line} » : écrivez un chiffre par ligne sous la forme « libellé : valeur » "
                "(par exemple « tonnes réemployées : 94 t »)."
            )
        figures[name.strip()] = value.strip()
    return figures


def _row_payload(cells: dict[str, str]) -> dict[str, Any]:
    """Model data from one row's cells (keyed by model field); raises ``CellError``."""
    payload: dict[str, Any] = {}
    social: dict[str, int] = {}
    for name, raw in cells.items():
        header = HEADERS[name]
        try:
            if name in ("start", "end"):
                payload[name] = parse_date(raw)
            elif name == "amount_ht":
                payload[name] = parse_amount(raw)
            elif name == "buyer_kind":
                payload[name] = _choice(
                    raw, _BUYER_KINDS, "type d'acheteur", (label(k) for k in BuyerKind)
                )
            elif name == "role":
                role = _choice(raw, _ROLES, "rôle", (label(r) for r in ReferenceRole))
                if role is not None:
                    payload[name] = role
            elif name in ("partners", "tasks"):
                payload[name] = _lines(raw)
            elif name in ("families", "cpv_codes"):
                payload[name] = _split_list(raw)
            elif name == "environmental_impact":
                payload[name] = _environment(raw)
            elif name == "team_size":
                payload[name] = _parse_int(raw)
            elif name in _SOCIAL:
                social[name] = _parse_int(raw) or 0
            elif name == "confidential":
                key = normalized(raw)
                if key not in _YES | _NO:
                    raise CellError(f"« {raw.strip()} » : écrivez oui ou non.")
                payload[name] = key in _YES
            else:
                payload[name] = raw.strip()
        except CellError as exc:
            raise CellError(f"{header} : {exc}") from None
    if social:
        payload["social_impact"] = social
    return payload


def _field_header(path: str) -> str:
    parts = path.split(".")
    if parts[0] == "social_impact" and len(parts) > 1:
        return HEADERS.get(parts[1], path)
    return HEADERS.get(parts[0], path)


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
