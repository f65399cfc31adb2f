"""The plain dicts the groupement's documents are rendered from: convention, DC1, DC4.

Every text is French and final (amounts, dates and SIRET through :mod:`responder.fr`); what
the user still has to fill in is written :data:`TO_FILL`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import fr
from ..domain.enums import GroupementForm, label
from ..domain.groupement import (
    PAYMENT_LABELS,
    POWER_LABELS,
    Groupement,
    Member,
    PaymentMode,
    SubContractor,
    form_label,
    format_eur,
    format_share,
    lot_name,
    share_of,
)
from ..domain.structure import Partner
from ..domain.tender import Tender
from ..fsutil import explain_os_error
from ..storage.db import WorkspaceError
from .deadlines import load_rulebook

#: Written where the user still has to fill something in; ``memoire check`` and the
#: convention's reader look for it.
TO_FILL = "[à compléter]"
RETENTION_RULE = "retenue_garantie_max_sme"


def retention_cap_sme(on: date | None = None) -> Decimal:
    """The cap of the retenue de garantie for an SME (ratio), from the rules file (M)."""
    rule = load_rulebook().get(RETENTION_RULE, on or date.today())
    assert rule.value is not None
    return rule.value


def party_text(m: Member) -> str:
    """Who signs for a member: the member itself, or an ESAT's organisme gestionnaire."""
    siret = f", SIRET {fr.siret(m.siret)}" if m.siret else ""
    seat = f", dont le siège est {m.address.one_line()}" if m.address.one_line() else ""
    if m.is_esat:
        body = m.managing_body.strip() or f"{TO_FILL} (organisme gestionnaire)"
        return (f"{body}, organisme gestionnaire de l'établissement et service d'aide par le "
                f"travail « {m.name} »{siret}{seat}")
    form = label(m.legal_form)
    if len(form) > 1 and form[1].islower():
        form = form[0].lower() + form[1:]  # « association loi 1901 », but « SAS »
    return f"{m.name}, {form}{siret}{seat}"


def representative_text(m: Member) -> str:
    """« représentée par Nadia Bertrand-Fabre, directrice, habilitée par … »."""
    who = m.contact.name.strip() or TO_FILL
    role = f", {m.contact.role.strip().lower()}" if m.contact.role.strip() else ""
    source = m.authority.strip() or (
        f"{TO_FILL} (statuts, délibération de l'organe compétent ou délégation de pouvoir, "
        "jointe en annexe)"
    )
    return f"représenté(e) par {who}{role}, habilité(e) à signer en vertu de : {source}"


def disputes_text(groupement: Groupement) -> str:
    """The court clause: a chosen court only between merchants (art. 48 CPC)."""
    if groupement.all_merchants and groupement.court.strip():
        return ("Les membres, tous commerçants, attribuent compétence au "
                f"{groupement.court.strip()} (article 48 du code de procédure civile).")
    return ("À défaut d'accord, le différend est porté devant la juridiction compétente selon "
            "les règles de droit commun. Aucune clause attributive de compétence n'est "
            "stipulée : entre membres qui ne sont pas tous commerçants, elle serait réputée "
            "non écrite (article 48 du code de procédure civile).")


def convention_context(
    tender: Tender, groupement: Groupement, threshold: Decimal, today: date | None = None
) -> dict[str, Any]:
    """The plain dict the convention and the DC1 table are rendered from; ``threshold`` is
    the R2193-10 direct-payment threshold (€ TTC)."""
    mandataire = groupement.mandataire
    payment = groupement.payment_mode
    single = payment == PaymentMode.COMPTE_UNIQUE
    return {
        "title": tender.title,
        "buyer": tender.buyer,
        "reference": tender.reference,
        "procedure": label(tender.procedure),
        "deadline": fr.date_long(tender.deadline.date()) if tender.deadline else "",
        "today": fr.date_long(today or date.today()),
        "form": form_label(groupement.form),
        "form_key": str(groupement.form),
        "rc_form": form_label(tender.groupement_form),
        "members": [_member_dict(groupement, m) for m in groupement.members],
        "mandataire": _member_dict(groupement, mandataire) if mandataire else {},
        "powers": [
            p if single or p != POWER_LABELS["receive_payments"] else
            "transmettre à l'acheteur les demandes de paiement de chaque membre"
            for p in groupement.powers.labels()
        ],
        "payment": PAYMENT_LABELS[payment],
        "payment_note": _payment_note(groupement),
        "single_account": payment.value == "compte_unique",
        "solidaire": groupement.form == GroupementForm.SOLIDAIRE,
        "lots": _lot_dicts(tender, groupement),
        "total": format_eur(groupement.total_ht(), "HT"),
        "subcontractors": _subcontractor_dicts(groupement, threshold),
        "threshold": format_eur(threshold, "TTC"),
        "duration": groupement.duration,
        "disputes": disputes_text(groupement),
        "retention_cap": fr.percent(retention_cap_sme(today) * 100),
        "to_fill": TO_FILL,
    }


def _member_dict(groupement: Groupement, m: Member) -> dict[str, Any]:
    """One member as the convention and the DC1 name it."""
    totals = groupement.member_totals()
    rows = groupement.rows_of(m.uid)
    return {
        "name": m.name, "siret": m.siret, "role": m.role,
        "siret_fmt": fr.siret(m.siret),
        "legal_form": label(m.legal_form), "address": m.address.one_line(),
        "contact": m.contact.name, "contact_role": m.contact.role,
        "email": m.contact.email, "phone": m.contact.phone.replace(" ", fr.NBSP),
        "lots": ", ".join(lot_name(n) for n in m.lots),
        "lot_numbers": ", ".join(str(n) if n else "marché" for n in m.lots),
        "prestations": "; ".join(
            f"{row.prestation} ({lot_name(n)}, {format_eur(row.amount_ht, 'HT')})"
            for n, row in rows
        ),
        "total": format_eur(totals.get(m.uid, Decimal(0)), "HT"),
        "is_mandataire": m.is_mandataire,
        "is_esat": m.is_esat,
        "party": party_text(m),
        "representative": representative_text(m),
        "share": format_share(share_of(totals.get(m.uid, Decimal(0)), groupement.total_ht())),
    }


def _member_name(groupement: Groupement, uid: str) -> str:
    return (groupement.member(uid) or Member(uid="x", name="?")).name


def _lot_dicts(tender: Tender, groupement: Groupement) -> list[dict[str, Any]]:
    """The répartition of each lot: who does what, for how much."""
    lot_titles = {lot.number: lot.title for lot in tender.lots}
    return [
        {
            "number": lot.lot,
            "name": lot_name(lot.lot).capitalize(),
            "title": lot_titles.get(lot.lot, tender.title),
            "total": format_eur(lot.total_ht, "HT"),
            "rows": [
                {
                    "prestation": row.prestation,
                    "member": _member_name(groupement, row.member),
                    "amount": format_eur(row.amount_ht, "HT"),
                    "share": format_share(row.share),
                }
                for row in lot.rows
            ],
        }
        for lot in groupement.repartition
    ]


def _subcontractor_dicts(groupement: Groupement, threshold: Decimal) -> list[dict[str, Any]]:
    """The declared sub-contractors and whether the buyer pays them directly."""
    return [
        {
            "name": s.name, "siret": s.siret, "prestations": s.prestations,
            "lot": lot_name(s.lot),
            "member": _member_name(groupement, s.member),
            "amount": format_eur(s.amount_ttc, "TTC"),
            "direct_payment": "oui" if s.direct_payment(threshold) else "non",
        }
        for s in groupement.subcontractors
    ]


def _payment_note(groupement: Groupement) -> str:
    """Why this payment mode: the form's default, or the members' choice."""
    if not groupement.payment_is_default:
        return "Mode de paiement choisi d'un commun accord par les membres."
    return (
        "Faute d'autre choix des membres, c'est le mode de paiement habituel d'un "
        + ("groupement solidaire." if groupement.form == GroupementForm.SOLIDAIRE
           else "groupement conjoint, sauf stipulation contraire du CCAP.")
    )


def dc4_context(
    tender: Tender,
    groupement: Groupement,
    sub: SubContractor,
    partner: Partner | None,
    threshold: Decimal,
    today: date | None = None,
) -> dict[str, Any]:
    """The plain dict the DC4 of ``sub`` is rendered from; ``partner`` is its entry in the
    partner book, if any (address, contact)."""
    owner = groupement.member(sub.member)
    mandataire = groupement.mandataire
    lot = next((x for x in tender.lots if x.number == sub.lot), None)
    reserved = bool(lot.reserved) if lot else any(x.reserved for x in tender.lots)
    direct = sub.direct_payment(threshold)
    return {
        "title": tender.title,
        "buyer": tender.buyer,
        "reference": tender.reference,
        "procedure": label(tender.procedure),
        "lot": f"{lot_name(lot.number).capitalize()} : {lot.title}" if lot else (
            "Marché non alloti" if not tender.lots else lot_name(sub.lot).capitalize()),
        "alone": groupement.bidder_alone,
        "form": form_label(groupement.form),
        "holder": party_text(owner) if owner else TO_FILL,
        "holder_name": owner.name if owner else TO_FILL,
        "holder_role": owner.role if owner else "",
        "mandataire": mandataire.name if mandataire else TO_FILL,
        "sub": {
            "name": sub.name,
            "siret": fr.siret(sub.siret) if sub.siret else TO_FILL,
            "legal_form": label(partner.legal_form) if partner else TO_FILL,
            "address": (partner.address.one_line() if partner else "") or TO_FILL,
            "contact": (partner.contact.name if partner else "") or TO_FILL,
            "email": (partner.contact.email if partner else "") or TO_FILL,
            "phone": (partner.contact.phone if partner else "") or TO_FILL,
            "prestations": sub.prestations or TO_FILL,
            "amount_ttc": format_eur(sub.amount_ttc, "TTC"),
        },
        "direct_payment": direct,
        "threshold": format_eur(threshold, "TTC"),
        "reserved": reserved,
        "today": fr.date_long(today or date.today()),
        "to_fill": TO_FILL,
    }


@dataclass(frozen=True)
class DocumentJob:
    """A groupement document ready to render from plain data (no session, no widget)."""

    render: Callable[[dict[str, Any], Path], Path]
    context: dict[str, Any]
    out: Path

    def run(self, progress: Callable[[int, str], None] | None = None) -> Path:
        """Render to ``out``; ``WorkspaceError`` (French) when the file cannot be written."""
        if progress is not None:
            progress(10, "Rédaction du document…")
        try:
            result = self.render(self.context, self.out)
        except OSError as exc:
            raise WorkspaceError(explain_os_error(exc, self.out)) from exc
        if progress is not None:
            progress(100, "Document enregistré.")
        return result
