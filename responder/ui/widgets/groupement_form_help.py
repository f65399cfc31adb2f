"""The groupement form, explained beside its choice, and whether the user has picked one.

The domain keeps a default form; the screen shows none until the user picks one (recorded by
``services.groupement_form``), so nobody becomes the liable mandataire without having read
what it means."""

from __future__ import annotations

from ...domain.enums import GroupementForm
from ...domain.groupement import form_label
from ...services.groupement_form import CHOSEN_PREFIX, chosen_key

__all__ = ["CHOSEN_PREFIX", "EXPLANATIONS", "PLACEHOLDER", "STEPS_TEXT", "chosen_key",
           "explanation", "rc_form_text"]

PLACEHOLDER = "Choisissez la forme…"
EXPLANATIONS: dict[GroupementForm, str] = {
    GroupementForm.CONJOINT: (
        "Conjoint : chaque membre ne s'engage que pour sa part, fixée dans la répartition, et "
        "il est payé séparément (R2142-20)."
    ),
    GroupementForm.SOLIDAIRE: (
        "Solidaire : chaque membre s'engage pour tout le marché ; si l'un fait défaut, les "
        "autres font sa part (R2142-20)."
    ),
    GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE: (
        "Conjoint avec mandataire solidaire : chacun pour sa part, mais le mandataire répond "
        "de tous les membres : être mandataire engage alors votre structure pour les autres "
        "(R2142-24)."
    ),
}
STEPS_TEXT = (
    "Un groupement se monte en trois temps : ajoutez vos partenaires, choisissez la forme en "
    "lisant son explication, puis remplissez la répartition de chaque lot. Les contrôles en "
    "bas de l'onglet disparaissent au fur et à mesure."
)


def explanation(form: GroupementForm | None) -> str:
    """The explanation of ``form``, or of the three forms when none is chosen."""
    if form is None or form not in EXPLANATIONS:
        return "Aucune forme choisie. " + " ".join(EXPLANATIONS.values())
    return EXPLANATIONS[form]


def rc_form_text(rc: GroupementForm | None) -> str:
    """What the règlement de consultation says of the form, in one sentence."""
    if rc is None:
        return "Le règlement de consultation n'impose pas de forme."
    if rc == GroupementForm.LIBRE:
        return "Le règlement de consultation laisse la forme libre."
    return f"Le règlement de consultation demande : {form_label(rc).lower()}."
