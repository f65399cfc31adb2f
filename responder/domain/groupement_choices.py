"""What the « Groupement » screen offers: the partners that can still join, and the title and
file name of each document it writes (no Qt)."""

from __future__ import annotations

from collections.abc import Iterable

from .checklist import slug
from .groupement import Groupement
from .structure import Partner

TITLES = {"convention": "Convention de groupement", "dc1": "Tableau DC1"}
FILE_NAMES = {"convention": "convention-groupement", "dc1": "tableau-dc1"}


def addable_partners(groupement: Groupement, partners: Iterable[Partner]) -> list[Partner]:
    """The partners not yet in the groupement: neither linked to a member nor sharing a
    member's SIRET (the same structure entered twice)."""
    taken = {m.partner_id for m in groupement.members if m.partner_id is not None}
    sirets = {m.siret for m in groupement.members if m.siret}
    return [p for p in partners
            if p.id not in taken and not (p.siret and p.siret in sirets)]


def document_title(which: str, subcontractor: str = "") -> str:
    """« Convention de groupement », « Tableau DC1 » or « DC4 de <sous-traitant> »."""
    return f"DC4 de {subcontractor}" if which == "dc4" else TITLES.get(which, which)


def document_file_name(which: str, reference: str = "", subcontractor: str = "") -> str:
    """The suggested file name (« convention-groupement-AO-12.docx », « dc4-arbor.docx »)."""
    stem = "dc4-" + slug(subcontractor) if which == "dc4" else FILE_NAMES.get(which, which)
    return stem + (f"-{reference}" if reference else "") + ".docx"
