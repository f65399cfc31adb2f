"""Validation of French business identifiers (python-stdnum) with French messages."""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.fr import siret as _siret

_CPV = re.compile(r"^(\d{8})(?:-(\d))?$")


def normalize_siret(value: str) -> str:
    """Return the 14 digits of a SIRET, or raise ``ValueError`` with a French message.

    Spaces, dots and dashes are accepted on input (« 123 456 789 00012 »).
    """
    # stdnum's compact only drops spaces and dots: dashes, and the narrow / non-breaking
    # spaces a copy from a web page or a PDF brings, are separators too.
    compact = _siret.compact(re.sub(r"[\s\-\u2010\u2011]", "", value))
    try:
        return str(_siret.validate(compact))
    except InvalidLength:
        raise ValueError(
            f"SIRET invalide : {len(compact)} caractère(s) au lieu de 14 chiffres. "
            "Recopiez le numéro depuis l'avis de situation INSEE ou "
            "annuaire-entreprises.data.gouv.fr."
        ) from None
    except InvalidFormat:
        raise ValueError(
            "SIRET invalide : il ne doit contenir que des chiffres (14 au total)."
        ) from None
    except (InvalidChecksum, InvalidComponent):
        raise ValueError(
            "SIRET invalide : la clé de contrôle ne correspond pas, un chiffre est sans doute "
            "erroné. Vérifiez-le sur annuaire-entreprises.data.gouv.fr."
        ) from None
    except ValidationError:  # pragma: no cover - any other stdnum refusal
        raise ValueError("SIRET invalide : vérifiez les 14 chiffres.") from None


def siren_of(siret: str) -> str:
    """The SIREN (first nine digits) of a valid SIRET."""
    return siret[:9]


def normalize_cpv(value: str) -> str:
    """Return a CPV code as ``12345678-9``; the check digit is optional on input.

    Raises ``ValueError`` with a French message when the code is not eight digits.
    """
    text = value.strip().replace(" ", "")
    match = _CPV.match(text)
    if not match:
        raise ValueError(
            f"Code CPV « {value} » invalide : 8 chiffres attendus, éventuellement suivis d'un "
            "tiret et d'un chiffre de contrôle (par exemple 77310000-6)."
        )
    digits, _check = match.groups()
    return digits if _check is None else f"{digits}-{_check}"


__all__ = ["luhn", "normalize_cpv", "normalize_siret", "siren_of"]
