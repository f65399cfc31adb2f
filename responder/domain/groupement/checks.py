"""The checks of a groupement for a tender, one small function per rule family.

Each family returns its findings in the order they are read; :func:`check_groupement` runs
them in a fixed order and puts errors first, then warnings, then reminders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..enums import GroupementForm
from ..identifiers import normalize_siret
from ..labelled import Labelled, labels_of
from .amounts import CENT, HUNDRED, SHARE_TOLERANCE, amount_of, cents, format_eur, format_share
from .forms import REPARTITION_AUTHORITY, PaymentMode, form_label
from .model import Groupement, LotRepartition, Member, SubContractor

if TYPE_CHECKING:
    from ..tender import Tender


class Severity(Labelled):
    """An error blocks document generation; a warning or a reminder does not."""

    ERROR = "erreur", "Erreur"
    WARNING = "avertissement", "Attention"
    INFO = "rappel", "Rappel"


SEVERITY_LABELS: dict[Severity, str] = labels_of(Severity)


@dataclass(frozen=True)
class Check:
    """One finding about a groupement, with the article that grounds it."""

    severity: Severity
    code: str
    message_fr: str
    article: str
    member: str = ""
    lot: int | None = None

    @property
    def is_error(self) -> bool:
        """True when the finding blocks document generation."""
        return self.severity == Severity.ERROR

    def text(self) -> str:
        """« Erreur — message (R2142-24) »: the finding on one line."""
        return f"{SEVERITY_LABELS[self.severity]} — {self.message_fr} ({self.article})"


def lot_name(number: int) -> str:
    """« lot 2 », or « marché » for an unallotted contract (lot 0)."""
    return f"lot {number}" if number else "marché (non alloti)"


def _siret_checks(members: Sequence[Member]) -> list[Check]:
    found: list[Check] = []
    seen: dict[str, str] = {}
    for m in members:
        if not m.siret:
            found.append(Check(
                Severity.ERROR, "siret_manquant",
                f"« {m.name} » n'a pas de SIRET : renseignez-le (fiche du partenaire ou « Ma "
                "structure »), il figure au DC1 pour chaque membre.",
                "R2143-3 ; DC1 rubrique E", m.uid))
            continue
        try:
            siret = normalize_siret(m.siret)
        except ValueError as exc:
            found.append(Check(
                Severity.ERROR, "siret_invalide", f"« {m.name} » : {exc}",
                "R2143-3 ; DC1 rubrique E", m.uid))
            continue
        if siret in seen:
            found.append(Check(
                Severity.ERROR, "siret_double",
                f"« {m.name} » et « {seen[siret]} » ont le même SIRET {siret} : chaque membre "
                "est une entreprise distincte, corrigez le numéro de l'un d'eux.",
                "R2142-19", m.uid))
        else:
            seen[siret] = m.name
    return found


def _form_checks(groupement: Groupement, rc_form: GroupementForm | None) -> list[Check]:
    if rc_form is None or rc_form == GroupementForm.LIBRE or rc_form == groupement.form:
        return []
    form = form_label(groupement.form).lower()
    if (
        rc_form == GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE
        and groupement.form == GroupementForm.CONJOINT
    ):
        return [Check(
            Severity.ERROR, "forme_interdite",
            "Le règlement de consultation exige que le mandataire d'un groupement conjoint soit "
            "solidaire des autres membres : choisissez « conjoint avec mandataire solidaire » "
            "ou « solidaire ».",
            "R2142-24")]
    if rc_form == GroupementForm.SOLIDAIRE:
        return [Check(
            Severity.WARNING, "forme_apres_attribution",
            f"Le RC demande un groupement solidaire et vous déclarez un {form} : l'acheteur ne "
            "peut pas imposer de forme pour la candidature, mais peut exiger la "
            "transformation en groupement solidaire après l'attribution. Prévoyez-le.",
            "R2142-22")]
    return []


def check_groupement(
    groupement: Groupement,
    tender: Tender,
    *,
    direct_payment_threshold: Decimal,
    missing_pieces: Mapping[str, Sequence[str]] | None = None,
) -> list[Check]:
    """Every finding about ``groupement`` for ``tender``, errors first.

    ``direct_payment_threshold`` is the R2193-10 threshold read from the rules file;
    ``missing_pieces`` maps a member uid to the pieces of the checklist it still owes.
    """
    members = groupement.members
    tender_lots = [lot.number for lot in tender.lots] or [0]
    found = [
        *_composition_checks(groupement),
        *_siret_checks(members),
        *_form_checks(groupement, tender.groupement_form),
        *_member_lot_checks(groupement, tender_lots),
        *_repartition_checks(groupement, tender_lots),
        *_subcontractor_checks(groupement, direct_payment_threshold),
        *_payment_checks(groupement),
        *_esat_checks(members),
        *_missing_piece_checks(members, missing_pieces or {}),
        Check(
            Severity.INFO, "composition_figee",
            "La composition du groupement est figée du dépôt de la candidature à la signature "
            "du marché : vérifiez maintenant que chaque partenaire s'engage.", "R2142-26"),
    ]
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(found, key=lambda c: order[c.severity])


def _authority(groupement: Groupement) -> str:
    return REPARTITION_AUTHORITY.get(groupement.form, "R2142-20")


def _composition_checks(groupement: Groupement) -> list[Check]:
    """At least two members and exactly one mandataire (a bidder answering alone with
    sub-contractors is told what it needs instead: their DC4, no convention)."""
    found: list[Check] = []
    members = groupement.members
    if groupement.bidder_alone:
        found.append(Check(
            Severity.ERROR, "membres_insuffisants",
            "Un groupement réunit au moins deux opérateurs économiques : ajoutez un partenaire "
            "depuis le carnet « Partenaires »."
            + (" Si vous répondez seul avec vos sous-traitants, il n'y a ni convention ni DC1 "
               ": générez le DC4 de chacun." if groupement.subcontractors else ""),
            "R2142-19"))
    mandataires = [m for m in members if m.is_mandataire]
    if len(mandataires) != 1:
        found.append(Check(
            Severity.ERROR, "mandataire",
            "Aucun mandataire n'est désigné : choisissez le membre qui représente le "
            "groupement." if not mandataires else
            f"{len(mandataires)} membres sont désignés mandataires "
            f"({', '.join(m.name for m in mandataires)}) : un seul membre peut l'être.",
            "R2142-24"))
    return found


def _member_lot_checks(groupement: Groupement, tender_lots: list[int]) -> list[Check]:
    """Each member applies to lots of the tender and has prestations; each lot applied to
    has a répartition."""
    found: list[Check] = []
    authority = _authority(groupement)
    for m in groupement.members:
        unknown = [n for n in m.lots if n not in tender_lots]
        if unknown:
            found.append(Check(
                Severity.ERROR, "lot_inconnu",
                f"« {m.name} » se présente au lot {', '.join(map(str, unknown))}, qui n'existe "
                "pas dans cette consultation : corrigez ses lots.",
                "DC1 rubrique C", m.uid))
        if not m.lots:
            found.append(Check(
                Severity.ERROR, "membre_sans_lot",
                f"« {m.name} » ne se présente à aucun lot : cochez au moins un lot ou "
                "retirez-le du groupement.", "DC1 rubrique C", m.uid))
        if not groupement.rows_of(m.uid):
            found.append(Check(
                Severity.ERROR, "membre_sans_prestation",
                f"« {m.name} » n'a aucune prestation dans la répartition : seule une "
                "répartition signée par l'acheteur limite l'engagement de chaque membre à sa "
                "part ; attribuez-lui ses prestations.",
                authority, m.uid))
    applied = sorted({n for m in groupement.members for n in m.lots} & set(tender_lots))
    for number in applied:
        lot = groupement.lot(number)
        if lot is None or not lot.rows:
            found.append(Check(
                Severity.ERROR, "lot_sans_repartition",
                f"La répartition des prestations du {lot_name(number)} est vide : "
                "détaillez qui fait quoi et pour quel montant.",
                authority, lot=number))
    return found


def _repartition_checks(groupement: Groupement, tender_lots: list[int]) -> list[Check]:
    """Each lot's répartition: a lot of the tender, shares at 100 %, amounts at the total."""
    found: list[Check] = []
    authority = _authority(groupement)
    for lot in groupement.repartition:
        where = lot_name(lot.lot)
        if lot.lot not in tender_lots:
            found.append(Check(
                Severity.ERROR, "repartition_lot_inconnu",
                f"Une répartition porte sur le {where}, qui n'existe pas dans la consultation : "
                "supprimez-la.", "DC1 rubrique C", lot=lot.lot))
            continue
        if not lot.rows:
            continue
        shares = lot.shares_total()
        if abs(shares - HUNDRED) > SHARE_TOLERANCE:
            found.append(Check(
                Severity.ERROR, "parts_total",
                f"Les parts du {where} totalisent {format_share(shares)} au lieu de 100 % : "
                "corrigez-les pour que leur somme fasse exactement 100,00 %.",
                authority, lot=lot.lot))
        amounts = lot.amounts_total()
        if amounts != lot.total_ht:
            found.append(Check(
                Severity.ERROR, "montants_total",
                f"Les montants du {where} totalisent {format_eur(amounts, 'HT')} alors que le "
                f"lot vaut {format_eur(lot.total_ht, 'HT')} : l'écart est de "
                f"{format_eur(abs(lot.total_ht - amounts))}.",
                authority, lot=lot.lot))
        found.extend(_row_checks(groupement, lot, authority))
    return found


def _row_checks(groupement: Groupement, lot: LotRepartition, authority: str) -> list[Check]:
    """Each row of a lot: its member applies to the lot; its share matches its amount."""
    found: list[Check] = []
    where = lot_name(lot.lot)
    # A share rounded to 0,01 % moves its amount by up to 0,005 % of the lot.
    slack = cents(lot.total_ht * SHARE_TOLERANCE / HUNDRED) + CENT
    for row in lot.rows:
        member = groupement.member(row.member)
        if member is not None and lot.lot not in member.lots and lot.lot != 0:
            found.append(Check(
                Severity.ERROR, "membre_hors_lot",
                f"« {member.name} » réalise « {row.prestation} » au {where} mais ne se "
                "présente pas à ce lot : cochez le lot pour ce membre.",
                "DC1 rubrique E", member.uid, lot.lot))
        if lot.total_ht > 0 and abs(
            amount_of(row.share, lot.total_ht) - row.amount_ht
        ) > slack:
            found.append(Check(
                Severity.WARNING, "part_montant",
                f"« {row.prestation} » ({where}) : {format_share(row.share)} du lot font "
                f"{format_eur(amount_of(row.share, lot.total_ht))}, pas "
                f"{format_eur(row.amount_ht)}. Retapez le montant ou la part.",
                authority, row.member, lot.lot))
    return found


def _subcontractor_siret(sub: SubContractor) -> list[Check]:
    """A sub-contractor's SIRET, when given, is a valid one."""
    if not sub.siret:
        return []
    try:
        normalize_siret(sub.siret)
    except ValueError as exc:
        return [Check(Severity.ERROR, "sous_traitant_siret",
                      f"Sous-traitant « {sub.name} » : {exc}", "DC4", sub.member)]
    return []


def dc4_checks(groupement: Groupement, sub: SubContractor) -> list[Check]:
    """What the DC4 of ``sub`` cannot do without: its SIRET valid when given, and the
    member who sub-contracts to it (the soumissionnaire of rubrique D) known, with its SIRET.

    Only these: the DC4 declares one sub-contractor of one bidder, so a groupement's own
    errors (its composition, its répartition) do not stop it — nor a bidder answering alone,
    whose « groupement » is its single member with its sub-contractors.
    """
    owner = groupement.member(sub.member)
    if owner is None:
        return [Check(
            Severity.ERROR, "sous_traitant_titulaire",
            f"Sous-traitant « {sub.name} » : choisissez le membre qui lui confie les "
            "prestations.", "DC4", sub.member)]
    return _siret_checks([owner]) + _subcontractor_siret(sub)


def _subcontractor_checks(groupement: Groupement, threshold: Decimal) -> list[Check]:
    """Each sub-contractor: a valid SIRET, its DC4, direct payment from ``threshold``."""
    found: list[Check] = []
    for sub in groupement.subcontractors:
        owner = groupement.member(sub.member)
        owner_name = owner.name if owner else sub.member
        found += _subcontractor_siret(sub)
        if sub.direct_payment(threshold):
            found.append(Check(
                Severity.INFO, "paiement_direct",
                f"« {sub.name} », sous-traitant de « {owner_name} » pour "
                f"{format_eur(sub.amount_ttc, 'TTC')}, sera payé directement par l'acheteur "
                f"(dès {format_eur(threshold, 'TTC')}) : joignez son DC4.",
                "R2193-10", sub.member))
        else:
            found.append(Check(
                Severity.INFO, "sous_traitant_dc4",
                f"« {sub.name} » ({format_eur(sub.amount_ttc, 'TTC')}) reste payé par "
                f"« {owner_name} » : déclarez-le tout de même par un DC4.", "R2193-10",
                sub.member))
    return found


def _payment_checks(groupement: Groupement) -> list[Check]:
    """A single account needs the mandataire's power to receive payments (and, outside a
    solidaire groupement, every member's agreement)."""
    found: list[Check] = []
    payment = groupement.payment_mode
    if payment == PaymentMode.COMPTE_UNIQUE and not groupement.powers.receive_payments:
        found.append(Check(
            Severity.WARNING, "paiement_pouvoir",
            "Le paiement se fait sur le compte unique du mandataire, mais il n'a pas le pouvoir "
            "de recevoir les paiements : cochez ce pouvoir ou choisissez un paiement séparé.",
            "R2142-24"))
    if groupement.form != GroupementForm.SOLIDAIRE and payment == PaymentMode.COMPTE_UNIQUE:
        found.append(Check(
            Severity.WARNING, "paiement_conjoint",
            "En groupement conjoint, chaque membre est payé séparément pour sa part, sauf "
            "stipulation contraire du CCAP (à vérifier) : un compte unique tenu par le "
            "mandataire suppose l'accord écrit de tous les membres.", "R2142-20"))
    return found


def _esat_checks(members: Sequence[Member]) -> list[Check]:
    """An ESAT signs through its managing body, which must be named."""
    return [
        Check(
            Severity.WARNING, "esat_gestionnaire",
            f"« {m.name} » est un ESAT : il n'a pas la personnalité morale, c'est son "
            "organisme gestionnaire (association, établissement public…) qui signe la "
            "convention et le marché. Indiquez-le (« Organisme gestionnaire » sous la "
            "liste des membres).",
            "L344-2 CASF ; R2142-19", m.uid)
        for m in members if m.is_esat and not m.managing_body.strip()
    ]


def _missing_piece_checks(
    members: Sequence[Member], missing_pieces: Mapping[str, Sequence[str]]
) -> list[Check]:
    """The pieces each member still owes (from the checklist)."""
    found: list[Check] = []
    for m in members:
        pieces = list(missing_pieces.get(m.uid, ()))
        if pieces:
            shown = ", ".join(pieces[:2]) + (" …" if len(pieces) > 2 else "")
            found.append(Check(
                Severity.WARNING, "pieces_membre",
                f"« {m.name} » doit encore fournir {len(pieces)} pièce(s) ({shown}) : voir "
                "l'onglet « Pièces ».", "R2143-3 ; R2144-7", m.uid))
    return found


def blocking(checks: Sequence[Check]) -> list[Check]:
    """The checks that block document generation."""
    return [c for c in checks if c.is_error]

