"""DECP (awarded contracts): import the consolidated CSV, the structure's own contracts as
references, a buyer file per buyer, and the re-tender radar.

Thread contract: one thread at a time per session; the GUI imports in a background task.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..domain.common import InvalidInput
from ..domain.decp import (
    REQUIRED_COLUMNS,
    BuyerFile,
    DecpRow,
    Renewal,
    YearFigures,
    add_months,
    decp_row,
    looks_ess,
)
from ..domain.errors import required
from ..domain.identifiers import normalize_siret
from ..domain.library import Reference, infer_families
from ..domain.opendata import RowError, clean_siret
from ..domain.text import fold
from ..storage.veille import VeilleStore
from .opendata_files import (
    FileReport,
    csv_rows,
    decode_error,
    open_text,
    pick_separator,
    sniff,
)
from .veille import BATCH, Progress
from .workspace import Session

_WANTED = (
    "uid", "id", "nature", "acheteur_id", "acheteur_nom", "titulaire_id",
    "titulaire_typeIdentifiant", "titulaire_nom", "titulaire_denominationSociale", "objet",
    "montant", "codeCPV", "procedure", "techniques", "dureeMois", "dateNotification",
    "considerationsSociales", "considerationsEnvironnementales", "typeGroupementOperateurs",
    "lieuExecution_code", "lieuExecution_typeCode", "acheteur_departement_code",
    "modification_id", "donneesActuelles",
)


@dataclass
class DecpReport(FileReport):
    """What a DECP import did, and the structure's own contracts found in it."""

    KEYS = ("file", "siret", "read", "contracts", "rejected", "reasons", "own_contracts")

    siret: str
    contracts: int = 0
    own: list[dict[str, Any]] = field(default_factory=list)

    @property
    def own_contracts(self) -> int:
        """How many of the structure's contracts the file holds."""
        return len(self.own)


def check_siret(text: str) -> str:
    """The SIRET typed by the user (spaces allowed, a lost leading zero put back)."""
    padded = clean_siret(text)
    try:
        return normalize_siret(padded or text)
    except ValueError as exc:
        raise InvalidInput({"siret": str(exc)}) from None


class DecpService:
    """Everything ``responder decp`` and the « Veille » page do with DECP files."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.store = VeilleStore(session.ws)

    # --- import -------------------------------------------------------------------------
    def import_file(
        self, path: Path | str, siret: str, progress: Progress | None = None
    ) -> DecpReport:
        """Import the consolidated DECP CSV in one transaction and return the contracts won
        by ``siret`` (deduplicated by uid, current version, groupements included)."""
        path = Path(path)
        siret = check_siret(siret)
        sep = _separator(path)
        report = DecpReport(path.name, siret)
        line = 1
        names_cache: dict[str, str] = {}
        with self.session.ws.transaction():
            import_id = self.store.start_import("decp", path.name)
            self.store.start_contracts()
            batch: list[DecpRow] = []
            folded: list[str] = []
            with open_text(path) as handle:
                try:
                    rows = csv_rows(handle, sep)
                    _first, names = next(rows)
                    names = [n.strip() for n in names]
                    _check_columns(path, names)
                    index = {n: i for i, n in enumerate(names) if n in _WANTED}
                    has_current = "donneesActuelles" in index
                    width = len(names)
                    for line, cells in rows:
                        if len(cells) != width:
                            if any(c.strip() for c in cells):
                                report.reject(f"ligne {line}", f"{len(cells)} colonnes au "
                                              f"lieu de {width} (ligne coupée)")
                            continue
                        report.read += 1
                        try:
                            row = decp_row({n: cells[i] for n, i in index.items()},
                                           has_current_column=has_current)
                        except RowError as exc:
                            report.reject(f"ligne {line}", str(exc))
                            continue
                        report.kept += 1
                        batch.append(row)
                        folded.append(_folded_name(names_cache, row.buyer_name))
                        if len(batch) >= BATCH:
                            self.store.stage_contracts(batch, folded)
                            batch.clear()
                            folded.clear()
                            if progress:
                                progress(report.read)
                except UnicodeDecodeError:
                    raise decode_error(path, line) from None
            if batch:
                self.store.stage_contracts(batch, folded)
            _check_read(path, report)
            report.contracts = self.store.settle_contracts(import_id)
            report.own = self.own_contracts(siret)
            self.store.finish_import(import_id, report.as_dict())
        return report

    # --- the structure's contracts ------------------------------------------------------
    def own_contracts(self, siret: str) -> list[dict[str, Any]]:
        """Contracts won by ``siret`` (one per uid; ``members`` > 1 for a groupement)."""
        return self.store.contracts_of_winner(check_siret(siret))

    def reference_from_contract(self, siret: str, uid: str, structure_id: int) -> Reference:
        """Create a reference from one of the structure's contracts, or complete the
        reference already made from it (empty fields only)."""
        found = required(
            next((c for c in self.own_contracts(siret) if c["uid"] == uid), None), "uid",
            f"Aucun marché « {uid} » de ce SIRET dans les DECP importées.",
        )
        marker = f"DECP {uid}"
        start = date.fromisoformat(found["first_notified"]) if found["first_notified"] else None
        end = date.fromisoformat(found["end_date"]) if found["end_date"] else None
        amount = None
        if found["amount"] is not None and not found["amount_suspect"]:
            amount = Decimal(str(found["amount"]))
        cpv = [f"{found['cpv']}"] if found["cpv"] else []
        existing = next(
            (r for r in self.session.references.list(structure_id)
             if marker in r.description or fold(r.title) == fold(found["title"])),
            None,
        )
        role = "cotraitant" if int(found["members"]) > 1 else "titulaire"
        if existing is not None:
            update: dict[str, Any] = {}
            if existing.start is None and start:
                update["start"] = start
            if existing.end is None and end and (existing.start or start or end) <= end:
                update["end"] = end
            if existing.amount_ht is None and amount is not None:
                update["amount_ht"] = amount
            if not existing.cpv_codes and cpv:
                update["cpv_codes"] = cpv
            if not existing.buyer_name:
                update["buyer_name"] = found["buyer_name"]
            if marker not in existing.description:
                update["description"] = (existing.description + f"\n{marker}").strip()
            merged = Reference.model_validate({**existing.model_dump(), **update})
            return self.session.references.update(merged)
        reference = Reference(
            structure_id=structure_id,
            title=found["title"] or "Marché sans objet",
            buyer_name=found["buyer_name"],
            start=start,
            end=end if (end and (start is None or end >= start)) else None,
            amount_ht=amount,
            role=role,
            cpv_codes=cpv,
            families=infer_families(found["title"], cpv),
            description=marker,
        )
        return self.session.references.add(reference)

    # --- buyers -------------------------------------------------------------------------
    def buyers(self, text: str = "", limit: int = 50) -> list[tuple[str, str, int]]:
        """Buyers whose name contains ``text``: SIRET, name, contracts."""
        return self.store.buyers(text, limit)

    def buyer_siret_for(self, siret: str | None, name: str) -> str | None:
        """The buyer of the DECP a dossier speaks of: by SIRET when known, else by name."""
        if siret and self.store.buyer_rows(siret):
            return siret
        return self.store.buyer_by_name(name) if name.strip() else None

    def buyer_file(self, siret: str) -> BuyerFile:
        """Contracts per year, amounts (placeholders left out and counted), CPV, share with
        social considerations, ESS or insertion winners and groupements of one buyer."""
        rows = self.store.buyer_rows(siret)
        if not rows:
            raise InvalidInput({"acheteur": (
                f"Aucun marché de l'acheteur {siret} dans les DECP importées : importez le CSV "
                "consolidé des DECP (« decp import »)."
            )})
        by_uid: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_uid.setdefault(row["uid"], []).append(row)
        years: dict[int, YearFigures] = {}
        cpv: Counter[str] = Counter()
        ess: Counter[str] = Counter()
        social = groupements = frameworks = 0
        for members in by_uid.values():
            first = members[0]
            year = int(first["first_notified"][:4]) if first["first_notified"] else 0
            figures = years.setdefault(year, YearFigures(year))
            figures.contracts += 1
            if first["amount"] is not None and not first["amount_suspect"]:
                figures.amount += Decimal(str(first["amount"]))
            elif first["amount"] is not None:
                figures.suspect_amounts += 1
            if first["social"]:
                figures.social += 1
                social += 1
            if first["cpv"]:
                cpv[first["cpv"]] += 1
            if len(members) > 1 or first["groupement"]:
                groupements += 1
            frameworks += int(bool(first["framework"]))
            for member in members:
                if looks_ess(member["winner_name"], member["social_detail"]):
                    ess[member["winner_name"] or "(sans nom)"] += 1
        return BuyerFile(
            siret=siret,
            name=rows[0]["buyer_name"],
            years=[years[y] for y in sorted(years, reverse=True)],
            top_cpv=cpv.most_common(5),
            contracts=len(by_uid),
            social_share=social / len(by_uid),
            groupements=groupements,
            ess_winners=ess.most_common(10),
            frameworks=frameworks,
        )

    # --- re-tender radar ----------------------------------------------------------------
    def renewals(
        self,
        months: int,
        as_of: date | None = None,
        departments: list[str] | None = None,
        cpv_prefixes: list[str] | None = None,
    ) -> list[Renewal]:
        """Contracts ending within ``months`` of ``as_of`` in these departments and CPV
        prefixes: the buyer will tender again, time to prepare and to meet it (sourcing)."""
        if not 1 <= months <= 120:
            raise InvalidInput({"--months": "Indiquez un nombre de mois entre 1 et 120."})
        start = as_of or date.today()
        return self.store.renewals(
            start, add_months(start, months), departments or [], cpv_prefixes or []
        )

    def default_scope(self, structure_id: int) -> tuple[list[str], list[str]]:
        """The structure's territory (its department) and CPV families (2-digit divisions
        of its references' CPV codes)."""
        structure = self.session.structures.get(structure_id)
        depts = [structure.address.department] if structure and structure.address.postcode else []
        cpvs, _words = self.store.reference_profile(structure_id)
        divisions = sorted({c[:2] for codes in cpvs for c in codes if c})
        return depts, divisions


def _separator(path: Path) -> str:
    """The separator of a DECP CSV; ``InvalidInput`` (French) for a JSON, a BOAMP export or
    any file without the « uid » column."""
    kind, header = sniff(path)
    if kind == "json":
        raise InvalidInput({"fichier": (
            f"« {path.name} » est un fichier JSON : Responder lit le CSV consolidé des "
            "DECP (« format tabulaire », decp.csv sur data.gouv.fr)."
        )})
    sep = pick_separator(header, "uid", ",;")
    if sep is None:
        if pick_separator(header, "idweb"):
            raise InvalidInput({"fichier": (
                f"« {path.name} » est un export du BOAMP (avis) : importez-le avec "
                "« veille import »."
            )})
        raise InvalidInput({"fichier": (
            f"« {path.name} » n'est pas le CSV consolidé des DECP : la colonne « uid » est "
            "introuvable (séparateur virgule attendu, en-tête uid,id,nature,acheteur_id,…)."
        )})
    return sep


def _check_columns(path: Path, names: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise InvalidInput({"fichier": (
            f"« {path.name} » n'a pas les colonnes {', '.join(missing)} du CSV "
            "consolidé des DECP : téléchargez le fichier « format tabulaire »."
        )})


def _folded_name(cache: dict[str, str], buyer: str) -> str:
    """The buyer's name folded for search (cached: a file names few buyers many times)."""
    name = cache.get(buyer)
    if name is None:
        name = " ".join(fold(buyer).split())
        if len(cache) < 200_000:
            cache[buyer] = name
    return name


def _check_read(path: Path, report: DecpReport) -> None:
    if not report.kept:
        raise InvalidInput({"fichier": (
            f"Aucun marché lisible dans « {path.name} » : rien n'a été importé."
            + (f" Exemple : {report.reasons[0]}." if report.reasons else "")
        )})
