"""Turning an extracted RC into a dossier: plan (with a field-by-field diff), then save.

``plan_import`` never writes: it maps the extraction (tender JSON field names) onto a new
dossier or onto an existing one and lists what would change, so the user (GUI review dialog)
or the CLI can show it first. ``apply_import`` saves the dossier and its checklist's requested
pieces in one transaction: nothing is saved half-way.

Thread contract: ``extract_file`` (rc_reader) may run in a background thread; planning and
applying use the session and run on the thread that owns it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..domain.common import InvalidInput
from ..domain.enums import (
    GroupementForm,
    MarketType,
    Procedure,
    Reservation,
    SiteVisit,
    Variants,
    label,
)
from ..domain.tender import Tender, known_reservations
from .catalogue import load_catalogue
from .checklist import ChecklistService
from .structures import StructureService
from .tenders import TenderService
from .workspace import Session

#: Tender fields filled from the extraction, with their French labels (order of display).
FIELD_LABELS: dict[str, str] = {
    "title": "Objet",
    "buyer": "Acheteur",
    "reference": "Référence",
    "procedure": "Procédure",
    "market_type": "Type de marché",
    "deadline": "Date limite de remise des offres",
    "candidatures_deadline": "Date limite des candidatures",
    "invitation_on": "Invitation à soumissionner",
    "questions_deadline": "Date limite des questions",
    "offer_validity_days": "Validité des offres (jours)",
    "lots": "Lots",
    "criteria": "Critères",
    "site_visit": "Visite",
    "variants": "Variantes",
    "groupement_form": "Forme du groupement",
    "notes": "Notes",
    "documents": "Pièces demandées",
}
_SIMPLE = ("buyer", "reference", "procedure", "market_type", "deadline", "questions_deadline",
           "candidatures_deadline", "invitation_on", "offer_validity_days", "site_visit",
           "variants", "groupement_form")
_ENUMS: dict[str, Any] = {
    "procedure": Procedure, "market_type": MarketType, "site_visit": SiteVisit,
    "variants": Variants, "groupement_form": GroupementForm, "reserved": Reservation,
}


@dataclass(frozen=True)
class FieldChange:
    """One field that the import changes, as French text before and after."""

    field: str
    label: str
    before: str
    after: str


@dataclass
class ImportPlan:
    """What importing an RC would do: the dossier data, the diff and the pieces to request."""

    data: dict[str, Any]
    documents: list[str]
    use_dume: bool
    tender_id: int | None = None
    changes: list[FieldChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _rescaled(criteria: list[dict[str, Any]], warnings: list[str]) -> list[dict[str, Any]]:
    """Criteria in the tender's shape; weights brought to 100 when the RC counts otherwise."""
    out = [
        {"name": c["name"], "weight": Decimal(str(c["weight"])),
         "sub_criteria": [{"name": s["name"], "weight": Decimal(str(s["weight"]))}
                          for s in c.get("subcriteria") or c.get("sub_criteria") or []]}
        for c in criteria if str(c.get("name", "")).strip()
    ]
    total = sum((c["weight"] for c in out), Decimal(0))
    if out and total and abs(total - 100) > Decimal("0.01"):
        factor = Decimal(100) / total
        for crit in out:
            crit["weight"] = (crit["weight"] * factor).quantize(Decimal("0.01"))
            for sub in crit["sub_criteria"]:
                sub["weight"] = (sub["weight"] * factor).quantize(Decimal("0.01"))
        warnings.append(f"Les pondérations du RC totalisent {total.normalize():f} : elles ont "
                        "été ramenées sur 100. Vérifiez-les.")
    return out


def _articles(value: Any) -> list[str]:
    """The reservation articles of an extraction value (a list; one string in older JSON)."""
    if not value:
        return []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def _reservation_text(value: Any) -> str:
    """« SIAE (L2113-13), ESAT / EA (L2113-12) »: who the reservation is for."""
    known = {r.value for r in Reservation}
    return ", ".join(label(Reservation(a)).removeprefix("Réservé ") if a in known
                     else f"article {a}" for a in _articles(value))


def rc_notes(extracted: dict[str, Any]) -> list[str]:
    """What the RC states that the dossier has no field for, as French notes."""
    notes: list[str] = []
    if extracted.get("reserved"):
        notes.append(f"Marché réservé : {_reservation_text(extracted['reserved'])}, "
                     "d'après le règlement de consultation.")
    if extracted.get("timezone") and extracted["timezone"] != "Europe/Paris":
        notes.append(f"Heures indiquées dans le fuseau {extracted['timezone']}.")
    meeting = extracted.get("meeting")
    if meeting:
        when = _text("deadline", meeting["date"]) if meeting.get("date") else "date à préciser"
        kind = "obligatoire" if meeting.get("mandatory") else "facultative"
        notes.append(f"Réunion d'information {kind} : {when}.")
    if extracted.get("pse"):
        notes.append("Le RC prévoit des prestations supplémentaires éventuelles (PSE).")
    if extracted.get("tranches"):
        notes.append(f"Marché en {extracted['tranches']} tranches (ferme et optionnelles).")
    for lot in extracted.get("lots") or []:
        if lot.get("deadline"):
            notes.append(f"Lot {lot['number']} : date limite propre, "
                         f"{_text('deadline', lot['deadline'])}.")
    return notes


def tender_fields(extracted: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """The tender fields an extraction gives (found fields only), in the tender's shape."""
    data: dict[str, Any] = {}
    if extracted.get("object"):
        data["title"] = extracted["object"]
    for name in _SIMPLE:
        value = extracted.get(name)
        if value not in (None, ""):
            data[name] = value
    reserved = known_reservations(extracted.get("reserved"))
    lots = [
        {"number": int(lot["number"]), "title": lot["title"],
         "reserved": known_reservations(lot.get("reserved")) or reserved}
        for lot in extracted.get("lots") or [] if str(lot.get("title", "")).strip()
    ]
    if lots:
        data["lots"] = lots
    if extracted.get("criteria"):
        data["criteria"] = _rescaled(extracted["criteria"], warnings)
    return data


def _text(name: str, value: Any) -> str:
    """French text of a field value, for the diff."""
    if value in (None, "", []):
        return "—"
    if name in _ENUMS:
        try:
            return label(_ENUMS[name](getattr(value, "value", value)))
        except ValueError:
            return str(value)
    if name in ("deadline", "questions_deadline", "candidatures_deadline", "invitation_on"):
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        day, _, time = text.partition("T")
        parts = day.split("-")
        return f"{parts[2]}/{parts[1]}/{parts[0]} {time[:5]}".strip() if len(parts) == 3 \
            else text
    if name == "lots":
        return " ; ".join(
            f"Lot {lot['number']} : {lot['title']}"
            + (f" ({_reservation_text(lot['reserved'])})" if lot.get("reserved") else "")
            for lot in value
        )
    if name == "criteria":
        return " ; ".join(
            f"{c['name']} {Decimal(str(c['weight'])).normalize():f}"
            + (" (" + ", ".join(f"{s['name']} {Decimal(str(s['weight'])).normalize():f}"
                                for s in c["sub_criteria"]) + ")" if c["sub_criteria"] else "")
            for c in value
        )
    if name == "documents":
        catalogue = load_catalogue()
        return ", ".join((catalogue.get(k).label if catalogue.get(k) else k)  # type: ignore[union-attr]
                         for k in value)
    return str(value)


def _comparable(name: str, value: Any) -> Any:
    if name in ("lots", "criteria") and value:
        return _text(name, value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:16]
    if isinstance(value, str) and name in ("deadline", "questions_deadline",
                                           "candidatures_deadline"):
        return value[:16]
    return getattr(value, "value", value)


class RcImportService:
    """Create or update a dossier from an extracted RC (GUI and CLI)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.tenders = TenderService(session)

    def plan(self, extracted: dict[str, Any], tender_id: int | None = None) -> ImportPlan:
        """What importing ``extracted`` would do, without writing anything.

        Fields the RC does not give keep their current value (or the default of a new
        dossier); ``changes`` lists every field whose value would change.
        """
        warnings: list[str] = []
        found = tender_fields(extracted, warnings)
        documents = [k for k in extracted.get("documents") or [] if load_catalogue().get(k)]
        reserved_market = extracted.get("reserved") and not found.get("lots")
        if reserved_market and "agrement_structure" not in documents:
            # The tender has no market-level reservation: keep it visible and ask for proof.
            documents.append("agrement_structure")
        if tender_id is None:
            before: dict[str, Any] = {}
            data: dict[str, Any] = {}
            if "title" not in found:
                source = Path(str(extracted.get("source") or "RC")).stem
                found["title"] = f"Consultation importée de {source}"
                warnings.append("Objet non trouvé dans le RC : remplacez le titre provisoire.")
        else:
            current = self.tenders.get(tender_id)
            before = current.model_dump(mode="json")
            data = current.model_dump()
        data.update(found)
        for note in rc_notes(extracted):
            notes = str(data.get("notes") or "")
            if note not in notes:
                data["notes"] = f"{notes}\n{note}".strip()
        if not extracted.get("deadline") and extracted.get("candidatures_deadline"):
            warnings.append("Le RC ne donne que la date limite des candidatures (1re phase) : "
                            "la date limite des offres viendra avec l'invitation à "
                            "soumissionner.")
        changes = []
        for name, title in FIELD_LABELS.items():
            if name == "documents":
                continue
            old, new = before.get(name), data.get(name)
            if name not in data or _comparable(name, old) == _comparable(name, new):
                continue
            changes.append(FieldChange(name, title, _text(name, old), _text(name, new)))
        if tender_id is not None:
            requested = ChecklistService(self.session).current(tender_id).requested_keys
            if sorted(requested) != sorted(documents) and documents:
                changes.append(FieldChange("documents", FIELD_LABELS["documents"],
                                           _text("documents", requested),
                                           _text("documents", documents)))
        elif documents:
            changes.append(FieldChange("documents", FIELD_LABELS["documents"], "—",
                                       _text("documents", documents)))
        return ImportPlan(data=data, documents=documents, use_dume="dume" in documents,
                          tender_id=tender_id, changes=changes, warnings=warnings)

    def apply(self, plan: ImportPlan, structure_id: int | None = None) -> Tender:
        """Save the planned dossier and its requested pieces in one transaction."""
        data = dict(plan.data)
        if plan.tender_id is None and structure_id is None and data.get("structure_id") is None:
            structure_id = StructureService(self.session).current().id
        with self.session.ws.transaction():
            tender = self.tenders.save(data, structure_id)
            if tender.id is None:  # pragma: no cover - the repository always sets it
                raise InvalidInput({"": "Le dossier n'a pas pu être enregistré."})
            if plan.documents or plan.tender_id is None:
                ChecklistService(self.session).set_requested(
                    tender.id, plan.documents, use_dume=plan.use_dume
                )
        return tender
