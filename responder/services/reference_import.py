"""The rules and French texts of « Importer un CSV… » on the Références page (no Qt).

The page asks the user about bad rows and about references already in the library; what makes
two references « the same », which rows are duplicates and every question's wording live
here, so they are tested without a window.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.library import Reference
from ..domain.text import fold
from .refs_csv import ParsedCsv

#: How many bad rows (or duplicates) a question lists before « … et N autres ».
LISTED = 15

DuplicateKey = tuple[str, str, int | None]


def duplicate_key(ref: Reference) -> DuplicateKey:
    """What makes two references « the same » on import: buyer, title and year (folded)."""
    return fold(ref.buyer_name.strip()), fold(ref.title.strip()), ref.year


def listed(lines: list[str], limit: int = LISTED) -> str:
    """« • a\\n• b » — the first ``limit`` lines, then « … et N autre(s). »."""
    shown = "\n".join(f"• {line}" for line in lines[:limit])
    if len(lines) > limit:
        shown += f"\n… et {len(lines) - limit} autre(s)."
    return shown


def find_duplicates(parsed: ParsedCsv,
                    existing: Iterable[Reference]) -> list[tuple[int, Reference]]:
    """The parsed rows (line, reference) already in the library (same ``duplicate_key``)."""
    known = {duplicate_key(ref) for ref in existing}
    return [(line, ref) for line, ref in parsed.references if duplicate_key(ref) in known]


def without_lines(parsed: ParsedCsv, lines: Iterable[int]) -> ParsedCsv:
    """``parsed`` without the rows of ``lines`` (the duplicates the user skips)."""
    skip = set(lines)
    return ParsedCsv(
        [(line, ref) for line, ref in parsed.references if line not in skip],
        parsed.errors, parsed.encoding, parsed.delimiter,
    )


def duplicate_line(line: int, ref: Reference) -> str:
    """« ligne 3 : Tonte — Ville d'Alès (2024) »."""
    return (f"ligne {line} : {ref.title}" + (f" — {ref.buyer_name}" if ref.buyer_name else "")
            + (f" ({ref.year})" if ref.year else ""))


def duplicates_question(duplicates: list[tuple[int, Reference]]) -> str:
    """The question « import them again? » listing the duplicates."""
    lines = [duplicate_line(line, ref) for line, ref in duplicates]
    return (
        f"{len(duplicates)} référence(s) du fichier semblent déjà dans votre bibliothèque "
        f"(même acheteur, même titre, même année) :\n\n{listed(lines)}\n\n"
        "Les importer quand même en double ? (Non : elles sont ignorées, les autres "
        "lignes sont importées.)"
    )


def nothing_correct_text(parsed: ParsedCsv) -> str:
    """Why nothing is imported when no row of the file is correct."""
    return ("Aucune ligne du fichier n'est correcte, rien n'a été importé :\n\n"
            + listed([str(e) for e in parsed.errors]))


def bad_rows_question(parsed: ParsedCsv) -> str:
    """The question « import only the good rows? » listing the bad ones."""
    lines = [str(e) for e in parsed.errors]
    good = len(parsed.references)
    return (
        f"{len(lines)} ligne(s) du fichier ne peuvent pas être importées :\n\n"
        f"{listed(lines)}\n\nImporter seulement les {good} ligne(s) correcte(s) ? "
        "(Sinon, rien n'est importé : corrigez le fichier et recommencez.)"
    )


def imported_text(count: int, parsed: ParsedCsv) -> str:
    """« 3 référence(s) importée(s) (1 ligne(s) ignorée(s)). »."""
    skipped = f" ({len(parsed.errors)} ligne(s) ignorée(s))" if parsed.errors else ""
    return f"{count} référence(s) importée(s){skipped}."


def exported_text(count: int, file_name: str) -> str:
    """What the status bar says after an export."""
    return (f"{count} référence(s) exportée(s) dans « {file_name} » "
            "(les confidentielles ne le sont jamais).")
