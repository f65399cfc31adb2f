"""What the « Groupement » screen offers (no Qt)."""

from __future__ import annotations

from responder.domain.groupement import Groupement, Member
from responder.domain.groupement_choices import (
    addable_partners,
    document_file_name,
    document_title,
)
from responder.domain.structure import Partner


def test_partners_already_members_or_with_a_member_siret_are_not_offered() -> None:
    groupement = Groupement(members=[
        Member(uid="a", name="Verts Chemins", partner_id=1, is_mandataire=True),
        Member(uid="b", name="Ressourcerie", siret="89912345900013"),
    ])
    partners = [Partner(id=1, name="Verts Chemins"),
                Partner(id=2, name="Ressourcerie bis", siret="89912345900013"),
                Partner(id=3, name="L'Établi Gardois", siret="")]
    assert [p.name for p in addable_partners(groupement, partners)] == ["L'Établi Gardois"]


def test_documents_are_named_after_the_dossier_and_the_sub_contractor() -> None:
    assert document_title("convention") == "Convention de groupement"
    assert document_title("dc4", "Arbor'Cévennes") == "DC4 de Arbor'Cévennes"
    assert document_file_name("dc1", "AO-2026-118") == "tableau-dc1-AO-2026-118.docx"
    assert document_file_name("dc4", "", "Arbor'Cévennes") == "dc4-arbor-cevennes.docx"
