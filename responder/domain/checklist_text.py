"""The « Pièces » tab's words: each column of a piece, the phase headings, the explanation
panel and the export's file name (no Qt). The rows come from ``checklist.build_rows``."""

from __future__ import annotations

import html
from collections.abc import Iterable

from .checklist import (
    DUE_LABELS,
    PHASE_LABELS,
    ChecklistRow,
    Due,
    Phase,
    due_of,
    french_date,
)
from .validity import ValidityState

#: Pieces the buyer need not receive again (context menu of a piece).
EXEMPTIONS: dict[str, str] = {
    "R2143-13": "Dispensée : l'acheteur peut l'obtenir lui-même (R2143-13)",
    "R2143-14": "Dispensée : l'acheteur l'a déjà, encore valable (R2143-14)",
}
#: What each « remise » means, as the tooltip of the phase headings.
DUE_TIPS: dict[Due, str] = {
    Due.DEPOT: "À remettre avec la candidature ou l'offre, avant la date limite : une pièce "
    "manquante peut faire écarter la réponse.",
    Due.ATTRIBUTION: "Demandées seulement au candidat classé premier, avant l'attribution "
    "(article R2144-4) : elles doivent être valables à la date d'attribution prévue, sinon "
    "l'offre est écartée (R2144-7).",
}
#: The export formats: suggested file stem and the file chooser's filter, by suffix.
EXPORTS: dict[str, tuple[str, str]] = {
    ".docx": ("bordereau-des-pieces", "Document Word (*.docx)"),
    ".csv": ("pieces", "Tableur CSV (*.csv)"),
}


def validity_text(row: ChecklistRow) -> str:
    """What the « Validité » column says for ``row`` (French): at the deadline for pieces due
    at the deposit, at the expected award for the attributaire's pieces (R2144-4)."""
    if not row.is_attestation:
        return ""
    check = row.check
    if check is None:
        return "Fichier joint à la pièce"
    when = french_date(check.expires_on)
    at_award = row.due == Due.ATTRIBUTION
    if check.state == ValidityState.VALIDE:
        if at_award and row.award_date is not None:
            return (f"Valide à l'attribution ({french_date(row.award_date)})"
                    + (f", jusqu'au {when}" if when else ""))
        return f"Valide jusqu'au {when}" if when else "Valide (sans date d'expiration)"
    if check.state == ValidityState.EXPIRE_AVANT_DATE_LIMITE:
        if at_award:
            return f"Expire avant l'attribution ({french_date(row.award_date)}) : {when}"
        return f"Expire avant la date limite : {when}"
    if check.state == ValidityState.EXPIRE:
        return f"Expiré depuis le {when}"
    return "Manquant : à ajouter aux documents"


def status_text(row: ChecklistRow) -> str:
    """The status cell: the status, and « bloquante » when it stops the submission."""
    text = row.status_label
    if row.blocking:
        text += " · bloquante"
    elif row.to_check:
        text += " · à vérifier"
    return text


def row_texts(row: ChecklistRow) -> list[str]:
    """The seven cells of a piece: label, member, lots, status, validity, file, due date."""
    item = row.item
    file_name = item.file_name or (
        f"{row.check.file_name} (documents administratifs)"
        if row.check and row.check.file_name else ""
    )
    return [
        item.label + (" (masquée)" if item.hidden else ""),
        row.owner_label,
        row.lots_label if item.lots else "Tous",  # short: the column is narrow
        status_text(row),
        validity_text(row),
        file_name,
        french_date(item.due_on),
    ]


def row_tip(row: ChecklistRow) -> str:
    """The tooltip of a piece: its alert, else what the catalogue says of it."""
    return row.alert or (row.requirement.explanation if row.requirement else row.item.label)


def phase_heading(phase: Phase, rows: Iterable[ChecklistRow]) -> str:
    """« Candidature (à remettre au dépôt) — 3 / 7 prêtes »: the counted pieces of ``phase``
    among ``rows``."""
    counted = [r for r in rows if r.item.phase == phase and r.item.counted]
    ready = sum(1 for r in counted if r.ready)
    due = DUE_LABELS[due_of(phase)].lower()
    return f"{PHASE_LABELS[phase]} ({due}) — {ready} / {len(counted)} prêtes"


def details_html(row: ChecklistRow, alert_colour: str) -> str:
    """The explanation panel of a piece: what it is, where to get it, legal basis, alert
    (in ``alert_colour``, an HTML colour)."""
    item, req = row.item, row.requirement
    parts = [f"<p><b>{html.escape(item.label)}</b> — {html.escape(row.phase_label)} "
             f"({html.escape(row.due_label.lower())}), "
             f"{html.escape(row.owner_label)}, {html.escape(row.lots_label.lower())}</p>"]
    if row.alert:
        parts.append(f"<p style='color:{alert_colour}'><b>⚠ {html.escape(row.alert)}</b></p>")
    if req is not None:
        parts.append(f"<p>{html.escape(req.explanation)}</p>")
        if req.where:
            parts.append(f"<p><b>Où l'obtenir :</b> {html.escape(req.where)}</p>")
        if req.legal_basis:
            parts.append(f"<p><b>Base légale :</b> {html.escape(req.legal_basis)}</p>")
    elif item.custom:
        parts.append("<p>Pièce ajoutée par vous pour ce dossier.</p>")
    if row.check is not None and row.check.rule_text:
        parts.append(f"<p><b>Validité :</b> {html.escape(row.check.rule_text)}</p>")
    return "".join(parts)


def export_name(tender_id: int, suffix: str) -> tuple[str, str]:
    """The suggested file name and the chooser's filter of an export (``.docx``, ``.csv``)."""
    stem, name_filter = EXPORTS[suffix]
    return f"{stem}-{tender_id}{suffix}", name_filter
