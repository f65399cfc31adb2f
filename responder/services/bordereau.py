"""The « bordereau des pièces » of a dossier: the plain dict its .docx and .csv come from.

``rows`` lists every counted piece (the CSV, a working list); ``sections`` holds only the
pieces due at the deposit — candidature, then the offer lot by lot — for the .docx filed with
the offer: the pieces of the attributaire (phase « attributaire ») are asked of the winner
after the deadline (R2144-4) and are left out.
"""

from __future__ import annotations

from typing import Any

from .. import fr
from ..domain.checklist import ChecklistView, Phase, french_date
from ..domain.tender import Tender


def bordereau_context(view: ChecklistView, tender: Tender | None = None) -> dict[str, Any]:
    """The plain dict the bordereau template and the CSV are rendered from."""
    rows = _numbered_rows(view)
    sections = _deposit_sections(rows, tender)
    left_out = sum(1 for r in rows if r["_phase"] == Phase.ATTRIBUTAIRE)
    for entry in rows:
        del entry["_phase"], entry["_lots"]
    deadline = (
        fr.datetime_long(tender.deadline) if tender is not None and tender.deadline
        else view.deadline_label
    )
    return {
        "title": view.title,
        "buyer": view.buyer,
        "reference": view.reference,
        "deadline": deadline,
        "today": fr.date_short(view.today),
        "progress": view.progress.text,
        "members": [
            {
                "name": m.name,
                "siret": fr.siret(m.siret or ""),
                "role": "Mandataire" if m.is_mandataire and len(view.members) > 1
                else ("Candidat" if len(view.members) == 1 else "Cotraitant"),
            }
            for m in view.members
        ],
        "rows": rows,
        "sections": sections,
        "left_out": fr.plural(left_out, "pièce") if left_out else "",
    }


def _numbered_rows(view: ChecklistView) -> list[dict[str, Any]]:
    """Every counted piece by phase, then owner (the groupement first), numbered from 1;
    ``_phase`` and ``_lots`` are kept for the sections."""
    order = {m.member_key: index for index, m in enumerate(view.members)}
    phases = list(Phase)
    keyed: list[tuple[tuple[int, int, int], dict[str, Any]]] = []
    for row in view.rows:
        if not row.item.counted:
            continue
        item = row.item
        file_name = item.file_name or (row.check.file_name if row.check else "")
        owner = -1 if item.for_groupement else order.get(item.member_key, len(order))
        keyed.append((
            (phases.index(item.phase), owner, row.number),
            {
                "number": "",
                "label": item.label,
                "phase": row.phase_label,
                "lots": row.lots_label,
                "member": row.owner_label,
                "file": file_name,
                "status": row.status_label,
                "expires_on": french_date(row.expires_on),
                "note": row.alert,
                "_phase": item.phase,
                "_lots": list(item.lots),
            },
        ))
    rows = [entry for _, entry in sorted(keyed, key=lambda pair: pair[0])]
    for index, entry in enumerate(rows, start=1):
        entry["number"] = str(index)
    return rows


def _deposit_sections(
    rows: list[dict[str, Any]], tender: Tender | None
) -> list[dict[str, Any]]:
    """The pieces due at the deposit: « Candidature », then « Offre » split by lot.

    Numbered again from 1 in filing order (the number the buyer reads on the bordereau).
    """
    titles = {lot.number: lot.title for lot in tender.lots} if tender is not None else {}
    candidature = [r for r in rows if r["_phase"] == Phase.CANDIDATURE]
    offer = [r for r in rows if r["_phase"] == Phase.OFFRE]
    sections: list[dict[str, Any]] = []
    if candidature:
        sections.append({"title": "Candidature", "rows": candidature})
    lot_numbers = sorted({n for r in offer for n in r["_lots"]})
    common = [r for r in offer if not r["_lots"] or len(r["_lots"]) > 1]
    if common or not lot_numbers:
        title = "Offre – pièces communes à tous les lots" if lot_numbers else "Offre"
        if common:
            sections.append({"title": title, "rows": common})
    for number in lot_numbers:
        mine = [r for r in offer if r["_lots"] == [number]]
        if mine:
            name = f"Offre – lot {number}" + (f" : {titles[number]}" if titles.get(number) else "")
            sections.append({"title": name, "rows": mine})
    counter = 0
    filed: list[dict[str, Any]] = []
    for section in sections:
        numbered = []
        for row in section["rows"]:
            counter += 1
            numbered.append({**{k: v for k, v in row.items() if not k.startswith("_")},
                             "number": str(counter)})
        filed.append({"title": section["title"], "rows": numbered})
    return filed
