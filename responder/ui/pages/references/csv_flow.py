"""« Importer un CSV… » and « Exporter en CSV… » of the Références page.

The questions' rules and texts are in ``services/reference_import``; this mixin asks them
through ``ctx.prompts`` and writes through ``ctx.ops`` (topic REFERENCES).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ....domain.common import InvalidInput
from ....services import reference_import as rules
from ....services.refs_csv import ParsedCsv, export_references, import_parsed, read_references_csv

if TYPE_CHECKING:
    from ....services.changes import Changes
    from ....services.library import LibraryService
    from ...context import UiContext


class ReferencesCsv:
    """CSV import and export; mixed into ``ReferencesPage``."""

    ctx: UiContext
    library: LibraryService
    status_message: Any
    _structure_id: int
    _families: list[str]

    # provided by the page (declared only: a method here would hide the page's own)
    maybe_leave: Callable[[], bool]
    run_search: Callable[[], None]
    _fill_family_combo: Callable[[], None]
    _changes: Callable[[], Changes]

    def import_csv(self) -> int:
        """Import a CSV file of references; returns how many were added.

        Bad rows are listed with their line numbers and the good rows are imported only if
        the user agrees; references already in the library (same buyer, title and year) are
        listed and skipped unless the user asks to import them again. Nothing is written
        before the answers, and the import is one transaction.
        """
        if not self.maybe_leave():
            return 0
        parsed = self._read_csv()
        if parsed is None:
            return 0
        parsed = self._without_duplicates(parsed)
        if not parsed.references:
            self.status_message.emit("Aucune nouvelle référence à importer.")
            return 0
        added = self.ctx.ops.run(
            lambda: import_parsed(self.library.session, parsed, self._structure_id),
            changes=self._changes(),
            on_failure=lambda failure: self.status_message.emit(
                f"Import annulé, rien n'a été importé : {failure.text}"),
        )
        if added is None:
            return 0
        self._families = []
        self._fill_family_combo()
        self.run_search()
        self.status_message.emit(rules.imported_text(len(added), parsed))
        return len(added)

    def _read_csv(self) -> ParsedCsv | None:
        """The chosen file, read; ``None`` when cancelled, unreadable or refused."""
        prompts = self.ctx.prompts
        path = prompts.open_file("Importer des références", "Fichiers CSV (*.csv *.txt)")
        if path is None:
            return None
        try:
            parsed = read_references_csv(path, structure_id=self._structure_id)
        except InvalidInput as exc:
            self.status_message.emit(str(exc))
            prompts.inform("Import impossible", str(exc))
            return None
        if not parsed.errors:
            return parsed
        if not parsed.references:
            prompts.inform("Import impossible", rules.nothing_correct_text(parsed))
            self.status_message.emit("Aucune référence importée : aucune ligne correcte.")
            return None
        if not prompts.ask_yes_no("Lignes incorrectes", rules.bad_rows_question(parsed)):
            self.status_message.emit("Import annulé : aucune référence importée.")
            return None
        return parsed

    def _without_duplicates(self, parsed: ParsedCsv) -> ParsedCsv:
        existing = self.library.session.references.list(self._structure_id)
        duplicates = rules.find_duplicates(parsed, existing)
        if not duplicates or self.ctx.prompts.ask_yes_no(
            "Références en double", rules.duplicates_question(duplicates)
        ):
            return parsed
        return rules.without_lines(parsed, (line for line, _ in duplicates))

    def export_csv(self) -> int:
        """Write the structure's references (never the confidential ones) to a CSV file."""
        path = self.ctx.prompts.save_file(
            "Exporter les références", "references.csv", "Fichiers CSV (*.csv)"
        )
        if path is None:
            return 0
        target = path
        if target.suffix.lower() != ".csv":
            target = target.with_name(target.name + ".csv")
        count = self.ctx.ops.run(
            lambda: export_references(self.library.session, target, self._structure_id),
            on_failure=lambda failure: self.status_message.emit(
                f"Export impossible : {failure.text}"),
        )
        if count is None:
            return 0
        self.status_message.emit(rules.exported_text(count, target.name))
        return count
