"""The plain dict a mémoire template receives (every key is listed in docs/templates.md).

Built on the session's thread by ``MemoireService.context``; the rendering then needs no
database. Values are plain (str, numbers, dates, lists, dicts): the sandbox reads nothing
else, and French formats are applied here or by the template's filters.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .. import fr
from ..documents.filters import amount_fr, number_fr, percent_fr
from ..domain.enums import WeightUnit, label
from ..domain.groupement import Groupement, LotRepartition, Member, form_label
from ..domain.library import Reference
from ..domain.memoire import STRUCTURE_FIELDS, Memoire, count_words
from ..domain.richtext import plain_text
from ..domain.structure import Structure
from ..domain.tender import Tender
from .workspace import Session


def _candidat_alone(structure: Structure) -> dict[str, Any]:
    member = {
        "name": structure.name, "role": "Candidat", "legal_form": label(structure.legal_form),
        "siret": fr.siret(structure.siret or ""), "address": structure.address.one_line(),
        "lots": "", "prestations": "", "total": "", "share": "",
    }
    return {"groupement": False, "name": structure.name, "short_name": structure.name,
            "form": "", "mandataire": member, "members": [member], "repartition": []}


def _members(
    groupement: Groupement, ordered: list[Member], repartitions: list[LotRepartition],
    lot: int | None,
) -> list[dict[str, Any]]:
    """Each member with its role, SIRET, lots, prestations and share of the scope."""
    totals = groupement.member_totals()
    scope = sum((r.total_ht for r in repartitions), Decimal(0))

    def in_scope(uid: str) -> Decimal:
        if lot is None:
            return totals.get(uid, Decimal(0))
        return sum((row.amount_ht for r in repartitions for row in r.rows
                    if row.member == uid), Decimal(0))

    members = []
    for m in ordered:
        rows = [row.prestation for r in repartitions for row in r.rows if row.member == m.uid]
        amount = in_scope(m.uid)
        members.append({
            "name": m.name,
            "role": m.role,
            "legal_form": label(m.legal_form),
            "siret": fr.siret(m.siret),
            "address": m.address.one_line(),
            "lots": ", ".join(str(n) for n in m.lots if n) or "marché",
            "prestations": " ; ".join(dict.fromkeys(rows)),
            "total": fr.amount(amount),
            "share": fr.percent(amount * 100 / scope, 2) if scope else "",
        })
    return members


def _repartition(
    groupement: Groupement, repartitions: list[LotRepartition], tender: Tender, mandataire: Member
) -> list[dict[str, Any]]:
    """The répartition tables: one per lot (or « Marché »), a row per prestation."""
    lot_titles = {x.number: x.title for x in tender.lots}
    return [
        {
            "title": (f"Lot {r.lot}" + (f" : {lot_titles[r.lot]}" if lot_titles.get(r.lot) else "")
                      if r.lot else "Marché"),
            "total": fr.amount(r.total_ht),
            "rows": [
                {"prestation": row.prestation,
                 "member": (groupement.member(row.member) or mandataire).name,
                 "amount": fr.amount(row.amount_ht), "share": fr.percent(row.share, 2)}
                for row in r.rows
            ],
        }
        for r in repartitions
    ]


def candidat(
    session: Session, tender: Tender, structure: Structure, lot: int | None
) -> dict[str, Any]:
    """Who presents the offer: the structure alone, or the groupement and its members.

    For a groupement: its name (« Groupement Verts Chemins – … »), form, mandataire, each
    member with its role, SIRET, lots and prestations, and the répartition of the lot
    (or of every lot for a common mémoire). Documented in docs/templates.md.
    """
    if tender.groupement is None or not tender.groupement.members:
        return _candidat_alone(structure)
    from .groupement import GroupementService

    groupement = GroupementService(session).refreshed(tender.groupement)
    mandataire = groupement.mandataire or groupement.members[0]
    # A lot's mémoire presents the members that answer that lot (mandataire first).
    ordered = sorted(
        (m for m in groupement.members if lot is None or lot in m.lots or m.is_mandataire),
        key=lambda m: not m.is_mandataire,
    )
    repartitions = [r for r in groupement.repartition if lot is None or r.lot == lot]
    members = _members(groupement, ordered, repartitions, lot)
    return {
        "groupement": True,
        "name": "Groupement " + " – ".join(m.name for m in ordered),
        "short_name": f"Groupement {mandataire.name} (mandataire)",
        "form": form_label(groupement.form),
        "mandataire": members[0] if ordered[0].is_mandataire else {
            "name": mandataire.name, "role": "Mandataire"},
        "members": members,
        "repartition": _repartition(groupement, repartitions, tender, mandataire),
    }


def _weight_label(weight: Decimal | None, unit: WeightUnit) -> str:
    if weight is None:
        return ""
    if unit == WeightUnit.PERCENT:
        return percent_fr(weight)
    return f"{number_fr(weight)}\u00a0points"


def _sections(
    memoire: Memoire, tender: Tender, field_values: dict[str, str],
    rows: dict[int, dict[str, Any]],
) -> list[dict[str, Any]]:
    """Each section numbered (« 1. », « 1.2 »), its body as one markup text, its fields
    and its references' rows."""
    sections: list[dict[str, Any]] = []
    major = minor = 0
    for section in memoire.sections:
        if section.level == 1:
            major, minor = major + 1, 0
            number = f"{major}."
        else:
            minor += 1
            number = f"{max(major, 1)}.{minor}"
        body = "\n".join(
            part for part in (section.text, *(b.body for b in section.blocks)) if part.strip()
        )
        sections.append({
            "key": section.key,
            "number": number,
            "title": section.title,
            "level": section.level,
            "weight": section.weight,
            "weight_label": _weight_label(section.weight, tender.weight_unit),
            "page_budget": section.page_budget,
            "body": body,
            "fields": [
                {"label": STRUCTURE_FIELDS[k], "value": field_values[k]}
                for k in section.structure_fields
            ],
            "references": [rows[i] for i in section.reference_ids if i in rows],
        })
    return sections


def build_context(
    session: Session, memoire: Memoire, tender: Tender, structure: Structure,
    refs: dict[int, Reference], today: date | None = None,
) -> dict[str, Any]:
    """The template's context for ``memoire`` (``refs``: the references it cites, by id)."""
    lot = next((x for x in tender.lots if x.number == memoire.lot), None)
    field_values = structure_fields(structure)
    rows = {ref_id: reference_row(ref) for ref_id, ref in refs.items()}  # shared, read-only
    sections = _sections(memoire, tender, field_values, rows)
    # Markup is parsed line by line, so the words of each section's joined body are
    # ``memoire.word_count()``; the parse is cached for the Word paragraphs made next.
    words = sum(count_words(plain_text(s["body"])) for s in sections)
    return {
        "structure": {
            **{k: v for k, v in field_values.items() if not k.startswith("headcount")},
            "headcount": {
                "total": structure.headcount.total,
                "insertion": structure.headcount.insertion,
                "disabled": structure.headcount.disabled,
            },
            "contact": structure.contact.model_dump(),
        },
        "tender": {
            "title": tender.title,
            "buyer": tender.buyer,
            "reference": tender.reference,
            "procedure": label(tender.procedure),
            "deadline": tender.deadline,
            "page_limit": tender.page_limit,
        },
        "lot": {"number": lot.number, "title": lot.title} if lot else None,
        "candidat": candidat(session, tender, structure, memoire.lot),
        "today": today or date.today(),
        "sections": sections,
        "references": [rows[i] for i in memoire.reference_ids() if i in rows],
        "memoire": {"template": memoire.template, "words": words},
    }


def structure_fields(structure: Structure) -> dict[str, str]:
    """Every entry of ``STRUCTURE_FIELDS`` as French text for this structure."""
    siret = fr.siret(structure.siret or "")  # the one SIRET format of the documents
    return {
        "name": structure.name,
        "legal_form": label(structure.legal_form),
        "ess_statuses": ", ".join(label(s) for s in structure.ess_statuses),
        "siret": siret,
        "address": structure.address.one_line(),
        "headcount_total": number_fr(structure.headcount.total),
        "headcount_insertion": number_fr(structure.headcount.insertion),
        "headcount_disabled": number_fr(structure.headcount.disabled),
        "turnover": " ; ".join(f"{t.year} : {amount_fr(t.amount)}" for t in structure.turnover),
        "mission": structure.mission,
    }


def impact_text(ref: Reference) -> str:
    """The reference's social and environmental impact in one French line."""
    impact = ref.social_impact
    parts = []
    if impact.insertion_hours:
        parts.append(f"{number_fr(impact.insertion_hours)}\u00a0h d'insertion")
    if impact.people_in_pathway:
        parts.append(fr.plural(impact.people_in_pathway, "salarié") + " en parcours")
    if impact.positive_exits:
        parts.append(fr.plural(impact.positive_exits, "sortie dynamique", "sorties dynamiques"))
    parts.extend(f"{k} : {v}" for k, v in list(ref.environmental_impact.items())[:2])
    return ", ".join(parts)


def reference_row(ref: Reference) -> dict[str, Any]:
    """One row of the references table (plain values; amounts formatted by the template)."""
    period = ""
    if ref.start and ref.end:
        period = f"{ref.start.year}–{ref.end.year}" if ref.start.year != ref.end.year else str(
            ref.end.year)
    elif ref.year:
        period = str(ref.year)
    return {
        "id": ref.id,
        "title": ref.title,
        "buyer": ref.buyer_name,
        "place": ref.place,
        "year": ref.year or "",
        "period": period,
        "start": ref.start,
        "end": ref.end,
        "amount": ref.amount_ht,
        "role": label(ref.role),
        "impact": impact_text(ref),
        "insertion_hours": ref.social_impact.insertion_hours,
        "people_in_pathway": ref.social_impact.people_in_pathway,
        "positive_exits": ref.social_impact.positive_exits,
        "partners": ", ".join(ref.partners),
    }


__all__ = ["build_context", "candidat", "impact_text", "reference_row", "structure_fields"]
