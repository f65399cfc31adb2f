"""The watch list: import BOAMP exports, list and score open notices, follow one as a dossier.

Thread contract: a ``VeilleService`` uses its session from one thread at a time. An import of
100,000 notices takes seconds: the GUI runs it in a background task with its own session;
listing is fast enough for the UI thread (docs/performance.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain.boamp import market_type_of, notice_from_record, procedure_of
from ..domain.common import InvalidInput, french_errors
from ..domain.enums import Reservation, TenderStatus
from ..domain.opendata import RowError
from ..domain.tender import Tender
from ..domain.veille import Profile, SavedFilter, Scored, VeilleFilters, score
from ..storage.veille import VeilleStore, notice_row
from .opendata_files import (
    FileReport,
    csv_rows,
    decode_error,
    json_items,
    open_text,
    pick_separator,
    sniff,
)
from .tenders import TenderService
from .workspace import Session

BATCH = 2000
#: Columns a BOAMP export has under their technical names.
_WANTED = (
    "idweb", "id", "objet", "nomacheteur", "nature", "etat", "famille", "code_departement",
    "dateparution", "datefindiffusion", "datelimitereponse", "type_marche", "type_procedure",
    "procedure_libelle", "criteres", "annonce_lie", "url_avis", "donnees", "titulaire",
    "descripteur_libelle",
)

Progress = Callable[[int], None]


@dataclass
class ImportReport(FileReport):
    """What a BOAMP import did: counts, and the reasons of rejected lines."""

    KEYS = ("file", "format", "read", "new", "updated", "cancelled", "rejected", "reasons")

    file_format: str
    new: int = 0
    updated: int = 0
    cancelled: int = 0

    @property
    def format(self) -> str:
        """``csv`` or ``json``."""
        return self.file_format


class VeilleService:
    """Everything the « Veille » page and ``responder veille`` do."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.store = VeilleStore(session.ws)

    # --- import -------------------------------------------------------------------------
    def import_boamp(self, path: Path | str, progress: Progress | None = None) -> ImportReport:
        """Import a BOAMP export (CSV or JSON), all in one transaction.

        New notices are added, known ones (same ``idweb``) updated when they changed,
        rectificatifs and cancellations applied to the notices they point to. Lines that
        cannot be read are counted with their reason; a file that is not a BOAMP export
        raises ``InvalidInput`` (French) and nothing is imported.
        """
        path = Path(path)
        kind, header = sniff(path)
        report = ImportReport(path.name, kind)
        with self.session.ws.transaction():
            cancelled_before = self.store.cancelled_count()
            import_id = self.store.start_import("boamp", path.name)
            self.store.ensure_fts()
            batch: list[tuple[Any, ...]] = []

            def accept(record: dict[str, Any], where: str) -> None:
                report.read += 1
                try:
                    notice = notice_from_record(record)
                except RowError as exc:
                    report.reject(where, str(exc))
                    return
                report.kept += 1
                batch.append(notice_row(notice, import_id))
                if len(batch) >= BATCH:
                    self.store.upsert_notices(batch)
                    batch.clear()
                    if progress:
                        progress(report.read)

            if kind == "json":
                self._read_json(path, accept, report)
            else:
                self._read_csv(path, header, accept, report)
            if batch:
                self.store.upsert_notices(batch)
            # Lines cut before they could be read as a notice count too: their reasons are
            # what the user needs, not « no notice ».
            if not report.kept and report.rejected:
                raise InvalidInput({"fichier": (
                    f"Aucun avis lisible dans « {path.name} » ({report.rejected} ligne(s) "
                    f"rejetée(s), par exemple {report.reasons[0]}) : rien n'a été importé."
                )})
            if not report.read:
                raise InvalidInput({"fichier": f"« {path.name} » ne contient aucun avis."})
            counts = self.store.settle_import(import_id, cancelled_before)
            report.new, report.updated, report.cancelled = (
                counts.new, counts.updated, counts.cancelled
            )
            self.store.finish_import(import_id, report.as_dict())
        return report

    def _read_json(
        self, path: Path, accept: Callable[[dict[str, Any], str], None], report: ImportReport
    ) -> None:
        with open_text(path) as handle:
            try:
                for number, item in enumerate(json_items(handle, path.name), start=1):
                    if not isinstance(item, dict):
                        report.reject(f"élément {number}", "pas un objet JSON")
                        continue
                    accept(item, f"avis {number}")
            except UnicodeDecodeError:
                raise decode_error(path, 0) from None

    def _read_csv(
        self,
        path: Path,
        header: str,
        accept: Callable[[dict[str, Any], str], None],
        report: ImportReport,
    ) -> None:
        sep = pick_separator(header, "idweb")
        if sep is None:
            if pick_separator(header, "uid", ",;") and "acheteur_id" in header:
                raise InvalidInput({"fichier": (
                    f"« {path.name} » est un fichier DECP (marchés attribués) : importez-le "
                    "avec « decp import » (page Veille › Importer des marchés attribués)."
                )})
            raise InvalidInput({"fichier": (
                f"« {path.name} » n'est pas un export du BOAMP : la colonne « idweb » est "
                "introuvable. Exportez le jeu « boamp » en CSV (séparateur point-virgule) avec "
                "les noms techniques des colonnes (idweb;objet;…), pas leurs libellés."
            )})
        line = 1
        with open_text(path) as handle:
            try:
                rows = csv_rows(handle, sep)
                _first, names = next(rows)
                names = [n.strip().lstrip("\ufeff") for n in names]
                index = {n: i for i, n in enumerate(names) if n in _WANTED}
                width = len(names)
                for line, cells in rows:
                    if not any(c.strip() for c in cells):
                        continue
                    if len(cells) != width:
                        report.reject(
                            f"ligne {line}",
                            f"{len(cells)} colonnes au lieu de {width} (ligne coupée ou "
                            "séparateur dans une cellule non protégée)",
                        )
                        continue
                    accept({n: cells[i] for n, i in index.items()}, f"ligne {line}")
            except UnicodeDecodeError:
                raise decode_error(path, line) from None

    # --- listing ------------------------------------------------------------------------
    def profile(self, structure_id: int) -> Profile:
        """What the score compares notices with, for one structure."""
        structure = self.session.structures.get(structure_id)
        if structure is None:
            raise InvalidInput({"structure": f"Aucune structure n° {structure_id}."})
        cpvs, found = self.store.reference_profile(structure_id)
        depts = [structure.address.department] if structure.address.postcode else []
        return Profile.build(depts, list(structure.ess_statuses), cpvs, found)

    @staticmethod
    def filters(data: dict[str, Any] | VeilleFilters | None = None) -> VeilleFilters:
        """Validated filters, or ``InvalidInput`` naming the wrong one."""
        if isinstance(data, VeilleFilters):
            return data
        try:
            return VeilleFilters.model_validate(data or {})
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc

    def notices(
        self,
        filters: VeilleFilters,
        structure_id: int,
        as_of: date | None = None,
        limit: int = 200,
    ) -> list[Scored]:
        """Notices matching ``filters``, best score first (then soonest deadline)."""
        as_of = as_of or date.today()
        # « New » means new since the import before the latest one: after the very first
        # import nothing is highlighted (everything would be).
        last = self.store.last_import("boamp")
        new_import = last[0] if last and self.store.import_count("boamp") > 1 else None
        notices = self.store.list_notices(filters, as_of, new_import)
        profile = self.profile(structure_id)
        scored = [score(n, profile) for n in notices]
        scored.sort(key=lambda s: (-s.score, s.notice.deadline or datetime.max, s.notice.idweb))
        return scored[:limit]

    def last_import(self) -> tuple[int, str, str, dict[str, Any]] | None:
        """The latest BOAMP import: id, file name, date, counts."""
        return self.store.last_import("boamp")

    # --- follow -------------------------------------------------------------------------
    def follow(self, idweb: str, structure_id: int) -> Tender:
        """A dossier in « veille » made from a notice (buyer, object, deadline, procedure,
        lots, CPV, link); the existing one when the notice is already followed."""
        row = self.store.notice(idweb)
        if row is None:
            raise InvalidInput({"idweb": (
                f"Aucun avis « {idweb} » dans cet espace : importez d'abord l'export du BOAMP "
                "qui le contient (« veille import »)."
            )})
        tenders = TenderService(self.session)
        if row["tender_id"]:
            existing = self.session.tenders.get(int(row["tender_id"]))
            if existing is not None:
                return existing
        tender = tenders.save(self._tender_data(row), structure_id=structure_id)
        assert tender.id is not None
        self.store.set_tender(row["idweb"], tender.id)
        return tender

    @staticmethod
    def _tender_data(row: dict[str, Any]) -> dict[str, Any]:
        lots: list[dict[str, Any]] = []
        seen: set[int] = set()
        for lot in json.loads(row["lots"] or "[]"):
            if lot["number"] in seen:
                continue
            seen.add(lot["number"])
            # A lot reserved to both ESAT/EA and SIAE (eForms « res-ws », L2113-14) keeps
            # both articles; the eligibility panel then judges the structure against them.
            kinds = [Reservation(r) for r in lot.get("reserved", [])
                     if r in Reservation._value2member_map_]
            lots.append({"number": lot["number"], "title": lot["title"][:300] or "Lot",
                         "reserved": kinds})
        notice_reserved = [r for r in (row["reserved"] or "").split("|") if r]
        if notice_reserved and lots and not any(lot["reserved"] for lot in lots):
            known = [Reservation(r) for r in notice_reserved
                     if r in Reservation._value2member_map_]
            for lot in lots:
                lot["reserved"] = list(known)
        deadline = datetime.fromisoformat(row["deadline"]) if row["deadline"] else None
        published = date.fromisoformat(row["published"]) if row["published"] else None
        if deadline and published and published > deadline.date():
            published = None
        url = row["url"] if str(row["url"]).startswith(("https://", "http://")) else ""
        notes = [f"Avis BOAMP {row['idweb']}."]
        if row["buyer_siret"]:
            notes.append(f"SIRET de l'acheteur : {row['buyer_siret']}.")
        if notice_reserved and not lots:
            notes.append("Avis réservé : " + ", ".join(notice_reserved) + ".")
        if row["social"]:
            notes.append("L'avis mentionne des critères ou clauses sociales.")
        return {
            "title": row["title"][:500],
            "buyer": row["buyer"],
            "reference": f"BOAMP {row['idweb']}",
            "procedure": procedure_of(row["procedure"], row["procedure_label"]),
            "market_type": market_type_of([m for m in row["market_types"].split("|") if m]),
            "lots": lots,
            "cpv_codes": [c for c in row["cpv"].split("|") if c],
            "platform_url": url,
            "published_on": published,
            "deadline": deadline,
            "status": TenderStatus.VEILLE,
            "notes": " ".join(notes),
        }

    def notice_buyer(self, tender_id: int) -> tuple[str | None, str] | None:
        """``(buyer SIRET, buyer name)`` of the notice a dossier was made from, if any."""
        rows = self.store.notices_of_tender(tender_id)
        return (rows[0]["buyer_siret"], rows[0]["buyer"]) if rows else None

    # --- saved filters ------------------------------------------------------------------
    def save_filter(self, structure_id: int, name: str, filters: VeilleFilters) -> SavedFilter:
        """Save ``filters`` under ``name`` for a structure (replacing one of that name)."""
        try:
            saved = SavedFilter(structure_id=structure_id, name=name, filters=filters)
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc
        return self.store.save_filter(saved)

    def saved_filters(self, structure_id: int) -> list[SavedFilter]:
        """The saved filters of a structure."""
        return self.store.filters_of(structure_id)

    def delete_filter(self, filter_id: int) -> bool:
        """Delete a saved filter."""
        return self.store.delete_filter(filter_id)
