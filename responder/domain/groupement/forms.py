"""The forms of a groupement and how its buyer pays it (labels and defaults)."""

from __future__ import annotations

from ..enums import GroupementForm, LegalForm, label
from ..labelled import Labelled, labels_of


class PaymentMode(Labelled):
    """How the buyer pays the groupement."""

    COMPTE_UNIQUE = "compte_unique", "Compte unique tenu par le mandataire"
    PAR_MEMBRE = "par_membre", "Paiement séparé de chaque membre pour sa part"


PAYMENT_LABELS: dict[PaymentMode, str] = labels_of(PaymentMode)

#: Where each form's payment goes when the members say nothing (LAW.md « Groupements », M):
#: a conjoint groupement's members are each paid for their own share unless the CCAP says
#: otherwise; a solidaire groupement is paid on one account held by the mandataire unless the
#: members ask for separate payment.
DEFAULT_PAYMENT: dict[GroupementForm, PaymentMode] = {
    GroupementForm.CONJOINT: PaymentMode.PAR_MEMBRE,
    GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE: PaymentMode.PAR_MEMBRE,
    GroupementForm.SOLIDAIRE: PaymentMode.COMPTE_UNIQUE,
}

#: The authorities behind the répartition checks: a conjoint member answers only for the
#: share set in a document signed by the buyer (CE 29 sept. 2010 n° 332068); solidaire
#: members represent one another before the buyer (CE 19 mai 2022 n° 454637).
REPARTITION_AUTHORITY: dict[GroupementForm, str] = {
    GroupementForm.CONJOINT: "R2142-20 ; CE 29 sept. 2010 n° 332068",
    GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE: "R2142-20 ; CE 29 sept. 2010 n° 332068",
    GroupementForm.SOLIDAIRE: "R2142-20 ; CE 19 mai 2022 n° 454637",
}

#: Legal forms that make their holder a merchant (sociétés commerciales par la forme): only
#: between merchants does a clause choosing a court bind (art. 48 code de procédure civile).
MERCHANT_FORMS = frozenset({LegalForm.SARL, LegalForm.SAS, LegalForm.SA})

FORM_LABELS: dict[GroupementForm, str] = {
    GroupementForm.CONJOINT: "Groupement conjoint",
    GroupementForm.SOLIDAIRE: "Groupement solidaire",
    GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE: "Groupement conjoint avec mandataire solidaire",
    GroupementForm.LIBRE: "Forme libre",
}


def form_label(form: GroupementForm | None) -> str:
    """French name of a groupement form (« Groupement solidaire »); empty for ``None``."""
    return FORM_LABELS.get(form, label(form)) if form is not None else ""
