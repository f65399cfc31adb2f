"""Who may answer a reserved lot (L2113-12, L2113-13, L2113-13-1, L2113-15): pure rules.

A reserved lot is open only to operators of the article it cites; a joint reservation
(L2113-14) to those of either article. In a groupement **every member**, and every
sub-contractor, must itself be eligible (DAJ guidance, M). For each party the verdict is:

- ``eligible``: its status qualifies and a proof of it is on file, valid at the deadline;
- ``non_eligible``: its known statuses do not qualify (an ESAT on a lot reserved to SIAE);
- ``a_verifier``: status unknown, no proof on file, proof expired, under 50 % of disabled or
  disadvantaged workers declared (R2113-7), or conditions the app cannot check (L2113-15).

Proofs (LAW.md): ESAT — authorisation by the ARS; EA — CPOM with the DREETS; SIAE —
conventionnement by the DDETS; ESUS — agrément by the prefecture (5 years).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .. import fr
from .common import DomainModel
from .enums import EssStatus, LegalForm, Reservation, label
from .labelled import Labelled, labels_of

Role = Literal["candidat", "mandataire", "cotraitant", "sous_traitant"]


class Verdict(Labelled):
    """The answer for one party or one lot."""

    ELIGIBLE = "eligible", "Éligible"
    NON_ELIGIBLE = "non_eligible", "Non éligible"
    A_VERIFIER = "a_verifier", "À vérifier"


VERDICT_LABELS: dict[Verdict, str] = labels_of(Verdict)
ROLE_LABELS: dict[str, str] = {
    "candidat": "Candidat",
    "mandataire": "Mandataire",
    "cotraitant": "Cotraitant",
    "sous_traitant": "Sous-traitant",
}

#: Statuses that qualify for each reservation (L2113-15 is judged on the legal form too).
QUALIFYING: dict[Reservation, frozenset[EssStatus]] = {
    Reservation.ESAT_EA: frozenset({EssStatus.ESAT, EssStatus.EA}),
    Reservation.SIAE: frozenset({EssStatus.ACI, EssStatus.AI, EssStatus.EI, EssStatus.ETTI}),
    Reservation.ESS: frozenset({EssStatus.ESUS, EssStatus.SCIC, EssStatus.SCOP,
                                EssStatus.ASSOCIATION_1901}),
    Reservation.DETENUS: frozenset(),
}
#: Legal forms of the social economy by nature (law of 31 July 2014, art. 1).
ESS_FORMS = frozenset({LegalForm.ASSOCIATION, LegalForm.SCIC, LegalForm.SCOP,
                       LegalForm.FONDATION, LegalForm.MUTUELLE})
#: What proves each status, and who issues it (LAW.md, « Proofs of ESS status »).
PROOFS: dict[EssStatus, str] = {
    EssStatus.ESAT: "autorisation de l'ARS (valable jusqu'à son retrait), au nom de "
    "l'organisme gestionnaire",
    EssStatus.EA: "contrat pluriannuel (CPOM) signé avec la DREETS, pour 5 ans",
    EssStatus.ACI: "conventionnement IAE signé avec la DDETS (1 à 3 ans en général)",
    EssStatus.AI: "conventionnement IAE signé avec la DDETS (1 à 3 ans en général)",
    EssStatus.EI: "conventionnement IAE signé avec la DDETS (1 à 3 ans en général)",
    EssStatus.ETTI: "conventionnement IAE signé avec la DDETS (1 à 3 ans en général)",
    EssStatus.ESUS: "agrément ESUS de la préfecture (DDETS), valable 5 ans",
    EssStatus.SCIC: "statuts de la coopérative",
    EssStatus.SCOP: "statuts de la coopérative",
    EssStatus.ASSOCIATION_1901: "statuts et récépissé de déclaration",
}
#: Which headcount counts toward the 50 % of R2113-7 for each reservation.
_SHARE_OF: dict[Reservation, str] = {
    Reservation.ESAT_EA: "disabled",
    Reservation.SIAE: "insertion",
}


class Party(DomainModel):
    """A structure whose eligibility is judged: the candidate, a member or a sub-contractor.

    ``statuses`` is ``None`` when nothing is known of it (a member typed in by hand).
    ``proof_on_file`` says whether a proof document is stored (the structure's vault);
    ``proof_until`` is its last valid day (``None``: no end). ``headcount_total`` with
    ``disabled`` and ``insertion`` give the share of R2113-7 when known.
    """

    name: str
    role: Role = "candidat"
    statuses: list[EssStatus] | None = None
    legal_form: LegalForm | None = None
    proof_on_file: bool = False
    proof_label: str = ""
    proof_until: date | None = None
    headcount_total: int | None = None
    disabled: int | None = None
    insertion: int | None = None


class PartyVerdict(DomainModel):
    """The verdict for one party on one lot, with the reason and the articles behind it."""

    name: str
    role: Role
    role_fr: str
    verdict: Verdict
    verdict_fr: str
    reason_fr: str
    articles: list[str] = Field(default_factory=list)


class LotEligibility(DomainModel):
    """One reserved lot: its reservation, each party's verdict, and the lot's verdict."""

    lot: int
    title: str
    reserved: list[Reservation]
    reserved_fr: str
    verdict: Verdict
    verdict_fr: str
    parties: list[PartyVerdict]


class EligibilityReport(DomainModel):
    """Eligibility of a dossier's answer for each of its reserved lots."""

    #: Computed from a stored deadline (which may predate the date bounds): not user input.
    OWN_DATE_CHECK = frozenset({"at"})

    tender_id: int
    title: str
    at: date
    lots: list[LotEligibility]
    notes_fr: list[str] = Field(default_factory=list)


#: Short names used inside sentences (« relève de la réservation SIAE (L2113-13) »).
SHORT_NAMES: dict[Reservation, str] = {
    Reservation.ESAT_EA: "ESAT / EA (L2113-12)",
    Reservation.SIAE: "SIAE (L2113-13)",
    Reservation.ESS: "ESS (L2113-15)",
    Reservation.DETENUS: "employeurs de personnes détenues (L2113-13-1)",
}


def _names(reserved: Iterable[Reservation]) -> str:
    return " ou ".join(SHORT_NAMES[r] for r in reserved)


def _worst(verdicts: Iterable[Verdict]) -> Verdict:
    found = set(verdicts)
    if Verdict.NON_ELIGIBLE in found:
        return Verdict.NON_ELIGIBLE
    if Verdict.A_VERIFIER in found:
        return Verdict.A_VERIFIER
    return Verdict.ELIGIBLE


def _verdict(party: Party, verdict: Verdict, reason: str, articles: list[str]) -> PartyVerdict:
    return PartyVerdict(
        name=party.name, role=party.role, role_fr=ROLE_LABELS[party.role], verdict=verdict,
        verdict_fr=VERDICT_LABELS[verdict], reason_fr=reason, articles=articles,
    )


def judge_party(
    party: Party, reserved: list[Reservation], at: date, min_share: Decimal
) -> PartyVerdict:
    """The verdict for ``party`` on a lot reserved under ``reserved`` (any one qualifies)."""
    articles = [r.value for r in reserved]
    if Reservation.DETENUS in reserved and len(reserved) == 1:
        return _verdict(
            party, Verdict.A_VERIFIER,
            "Lot réservé aux opérateurs qui emploient des personnes détenues (L2113-13-1) : ce "
            "ne sont pas les SIAE de l'article L2113-13. Vérifiez dans le RC que la structure "
            "emploie des personnes détenues et peut le prouver.",
            articles,
        )
    if party.statuses is None:
        return _verdict(
            party, Verdict.A_VERIFIER,
            "Statut inconnu : renseignez ses statuts (ESAT, EA, SIAE, ESUS …) dans le carnet "
            f"de partenaires pour vérifier qu'elle relève de {_names(reserved)}.",
            articles,
        )
    statuses = set(party.statuses)
    matching = [r for r in reserved if statuses & QUALIFYING[r]]
    ess_by_form = (
        Reservation.ESS in reserved and party.legal_form in ESS_FORMS and not matching
    )
    if not matching and not ess_by_form:
        known = ", ".join(label(s) for s in party.statuses) or "aucun statut ESS déclaré"
        fits = [r for r in Reservation if statuses & QUALIFYING[r]]
        hint = f" (il relève de la réservation {_names(fits)})" if fits else ""
        return _verdict(
            party, Verdict.NON_ELIGIBLE,
            f"Lot réservé {_names(reserved)} : son statut ({known}) n'y donne pas accès{hint}. "
            "Chaque membre du groupement et chaque sous-traitant doit lui-même être éligible.",
            articles,
        )
    reservation = matching[0] if matching else Reservation.ESS
    status = next((s for s in party.statuses if s in QUALIFYING[reservation]), None)
    proof = PROOFS.get(status, "statuts") if status else "statuts"
    problems = [
        *_ess_conditions(reservation),
        *_proof_problems(party, at, proof),
        *_share_problems(party, reservation, status, min_share),
    ]
    label_status = label(status) if status else "structure de l'ESS"
    if problems:
        text = "; ".join(problems)
        return _verdict(
            party, Verdict.A_VERIFIER,
            f"{label_status}, relève de la réservation {SHORT_NAMES[reservation]} — "
            f"{text[0].lower()}{text[1:]}.",
            articles,
        )
    until = f", valable jusqu'au {fr.date_short(party.proof_until)}" if party.proof_until else ""
    return _verdict(
        party, Verdict.ELIGIBLE,
        f"{label_status}, relève de la réservation {SHORT_NAMES[reservation]} ; preuve "
        f"enregistrée : {party.proof_label or proof}{until}.",
        articles,
    )


def _ess_conditions(reservation: Reservation) -> list[str]:
    """The conditions an ESS reservation adds (L2113-15, L2113-16)."""
    if reservation != Reservation.ESS:
        return []
    return [
        "Réservation ESS (L2113-15) : vérifiez les conditions — services de santé, "
        "sociaux ou culturels visés par le décret, mission de service public liée, "
        "bénéfices réinvestis, gouvernance participative, et pas de marché du même "
        "acheteur pour les mêmes services à ce titre depuis 3 ans (L2113-16)"
    ]


def _proof_problems(party: Party, at: date, proof: str) -> list[str]:
    """A missing proof of status, or one expired at ``at``."""
    if not party.proof_on_file:
        return [f"aucune preuve enregistrée ; à fournir : {proof}"]
    if party.proof_until is not None and party.proof_until < at:
        return [
            f"la preuve enregistrée a expiré le {fr.date_short(party.proof_until)} : "
            f"ajoutez la nouvelle ({proof})"
        ]
    return []


def _share_problems(
    party: Party, reservation: Reservation, status: EssStatus | None, min_share: Decimal
) -> list[str]:
    """A share of disabled or insertion workers below the minimum (R2113-7)."""
    kind = _SHARE_OF.get(reservation)
    if not kind or not party.headcount_total or status in (EssStatus.ESAT,):
        return []
    count = party.disabled if kind == "disabled" else party.insertion
    if count is None:
        return []
    share = Decimal(count) / Decimal(party.headcount_total)
    if share >= min_share:
        return []
    who = "travailleurs handicapés" if kind == "disabled" else "salariés en insertion"
    return [
        f"{count} {who} sur {party.headcount_total} déclarés "
        f"({share * 100:.0f} %), il en faut au moins {min_share * 100:.0f} % "
        "(R2113-7)"
    ]


def judge_lot(
    number: int,
    title: str,
    reserved: list[Reservation],
    parties: list[Party],
    at: date,
    min_share: Decimal,
) -> LotEligibility:
    """Every party's verdict on one reserved lot; the lot takes the worst of them."""
    verdicts = [judge_party(p, reserved, at, min_share) for p in parties]
    verdict = _worst(v.verdict for v in verdicts) if verdicts else Verdict.A_VERIFIER
    return LotEligibility(
        lot=number, title=title, reserved=reserved,
        reserved_fr=" + ".join(label(r) for r in reserved),
        verdict=verdict, verdict_fr=VERDICT_LABELS[verdict], parties=verdicts,
    )
