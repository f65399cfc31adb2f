"""The convention, the DC1 and the DC4 as a buyer and a lawyer read them (python-docx)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from responder import fr
from responder.domain.common import InvalidInput
from responder.services.checklist import ChecklistService
from responder.services.groupement import GroupementService, retention_cap_sme
from responder.services.workspace import Session
from tests.helpers import (
    alone_with_a_subcontractor,
    docx_text,
    groupement_demo,
    service_and_groupement,
)

ROOT = Path(__file__).resolve().parents[2]
NB = "\u00a0"

#: Every clause heading a practitioner expects (LAW.md « Groupements », issue list).
CLAUSES = (
    "Objet et durée",
    "absence de société",
    "Exclusivité",
    "Frais de préparation de la réponse",
    "Mandataire : missions, pouvoirs, rémunération",
    "Remplacement du mandataire",
    "Répartition des prestations",
    "Paiement",
    "Garanties, avance, retenue de garantie, nantissement",
    "Défaillance, retrait ou procédure collective d'un membre",
    "Sous-traitance et avenants",
    "Clause d'insertion",
    "Réclamations",
    "Confidentialité",
    "Règlement des différends",
    "Pouvoirs des signataires",
)


@pytest.fixture()
def demo(tmp_path: Path) -> Iterator[tuple[Session, int]]:
    yield from groupement_demo(tmp_path)


def _paragraphs(path: Path) -> list[docx.text.paragraph.Paragraph]:
    return list(docx.Document(str(path)).paragraphs)


def test_convention_has_every_clause_heading(demo: tuple[Session, int], tmp_path: Path) -> None:
    session, tid = demo
    out = GroupementService(session).write_convention(tid, tmp_path / "convention.docx")
    headings = [p.text for p in _paragraphs(out) if p.style.name.startswith("Heading")]
    for clause in CLAUSES:
        assert any(clause.replace(" :", f"{NB}:") in h for h in headings), clause
    # Numbered in order, no gap.
    numbers = [int(h.split()[1]) for h in headings if h.startswith("Article ")]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 17


def test_convention_states_no_partnership_and_leaves_signature_blank(
    demo: tuple[Session, int], tmp_path: Path
) -> None:
    session, tid = demo
    out = GroupementService(session).write_convention(tid, tmp_path / "convention.docx")
    text = docx_text(out)
    assert "ni société créée de fait" in text and "pas la personnalité morale" in text
    # « Fait à …, le … » left blank for each signatory; today's date is not pre-filled.
    assert text.count("Fait à ………………………………, le ………………………") == 3
    assert fr.date_long(date.today()) not in text
    # Each member's representative and the source of their power.
    assert "représenté(e) par Nadia Bertrand-Fabre, directrice, habilité(e) à signer" in text
    # The retenue de garantie cap comes from the rules file (R2191-32, M: « à vérifier »).
    assert retention_cap_sme(date(2026, 12, 1)) == Decimal("0.03")
    assert f"ne peut excéder 3{NB}%" in text and "à vérifier dans le CCAP" in text


def test_convention_has_page_numbers(demo: tuple[Session, int], tmp_path: Path) -> None:
    session, tid = demo
    out = GroupementService(session).write_convention(tid, tmp_path / "convention.docx")
    footer = docx.Document(str(out)).sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_no_court_of_the_mandataire_seat_between_non_merchants(
    demo: tuple[Session, int], tmp_path: Path
) -> None:
    """Art. 48 code de procédure civile: a clause choosing a court binds only merchants; the
    demo groupement has two associations, so no « tribunal du siège du mandataire »."""
    session, tid = demo
    service, groupement = service_and_groupement(session, tid)
    service.save(tid, {**groupement.model_dump(), "court": "tribunal de commerce de Montpellier"})
    text = docx_text(service.write_convention(tid, tmp_path / "convention.docx"))
    assert "tribunal" not in text.lower().replace("tribunal judiciaire", "")
    assert "siège du mandataire" not in text
    assert "règles de droit commun" in text and "article 48 du code de procédure civile" in text
    # Between merchants only, the chosen court is kept.
    data = service.get(tid)
    assert data is not None
    merchants = data.model_dump()
    for member in merchants["members"]:
        member["legal_form"] = "sas"
        member["structure_id"] = member["partner_id"] = None
        member["ess_statuses"] = []
        member["name"] = member["name"].replace("ESAT ", "Atelier ")
    service.save(tid, merchants)
    text = docx_text(service.write_convention(tid, tmp_path / "convention2.docx"))
    assert "tribunal de commerce de Montpellier" in text


def test_payment_follows_the_form(demo: tuple[Session, int], tmp_path: Path) -> None:
    session, tid = demo
    service = GroupementService(session)
    text = docx_text(service.write_convention(tid, tmp_path / "conjoint.docx"))
    # The demo is a conjoint groupement with a solidaire mandataire: each member is paid.
    assert "Paiement séparé de chaque membre pour sa part" in text
    assert "sauf stipulation contraire du CCAP" in text
    assert "recevoir les paiements sur le compte unique" not in text
    groupement = service.get(tid)
    assert groupement is not None
    service.save(tid, {**groupement.model_dump(), "form": "solidaire"})
    text = docx_text(service.write_convention(tid, tmp_path / "solidaire.docx"))
    assert "Compte unique tenu par le mandataire" in text
    assert "chaque membre peut demander" in text


def test_esat_is_represented_by_its_managing_body(
    demo: tuple[Session, int], tmp_path: Path
) -> None:
    session, tid = demo
    service, groupement = service_and_groupement(session, tid)
    text = docx_text(service.write_convention(tid, tmp_path / "before.docx"))
    assert "[à compléter] (organisme gestionnaire), organisme gestionnaire de l'établissement" \
        in text
    assert any(c.code == "esat_gestionnaire" for c in service.checks(tid))
    data = groupement.model_dump()
    esat = next(m for m in data["members"] if m["name"].startswith("ESAT"))
    esat["managing_body"] = "Association Avène Solidarité"
    esat["authority"] = "délibération du conseil d'administration du 3 novembre 2026"
    service.save(tid, data)
    text = docx_text(service.write_convention(tid, tmp_path / "after.docx"))
    assert ("Association Avène Solidarité, organisme gestionnaire de l'établissement et "
            f"service d'aide par le travail «{NB}ESAT Les Ateliers de l'Avène{NB}»") in text
    assert "délibération du conseil d'administration du 3 novembre 2026" in text
    assert not any(c.code == "esat_gestionnaire" for c in service.checks(tid))


def test_dc4_holds_the_declaration_data(demo: tuple[Session, int], tmp_path: Path) -> None:
    session, tid = demo
    service = GroupementService(session)
    out = service.write_dc4(tid, "arbor'cevennes", tmp_path / "dc4.docx")
    text = docx_text(out)
    assert "Déclaration de sous-traitance (DC4)" in text
    assert "Dénomination | Arbor'Cévennes" in text
    assert f"SIRET | {fr.siret('90213457600005')}" in text
    assert "Élagage en grimpe des arbres d'alignement des collèges" in text
    assert f"Montant maximal | 18{fr.NNBSP}000,00{NB}€{NB}TTC" in text
    # 18 000 € TTC ≥ 600 € TTC: paid directly (R2193-10), the threshold from the rules file.
    assert "payé directement par l'acheteur" in text and "R2193-10" in text
    assert "Verts Chemins" in text and "L2141-1 à L2141-5" in text
    assert text.count("Fait à ………………………………, le ………………………") == 2
    assert "{{" not in text


def test_dc4_unknown_subcontractor_is_refused_in_french(
    demo: tuple[Session, int], tmp_path: Path
) -> None:
    session, tid = demo
    with pytest.raises(InvalidInput) as info:
        GroupementService(session).write_dc4(tid, "Inconnu", tmp_path / "dc4.docx")
    assert "Arbor'Cévennes" in str(info.value.messages)
    assert not (tmp_path / "dc4.docx").exists()


def test_checklist_has_one_dc4_line_per_subcontractor(demo: tuple[Session, int]) -> None:
    session, tid = demo
    service, groupement = service_and_groupement(session, tid)
    data = groupement.model_dump()
    data["subcontractors"].append({
        "name": "Taille & Cie", "siret": "", "member": "ressourcerie-du-pont-vieux", "lot": 2,
        "prestations": "Taille des haies", "amount_ttc": 450})
    service.save(tid, data)
    view = ChecklistService(session).view(tid)
    dc4 = [r.item for r in view.rows if r.item.key == "sous_traitance"]
    assert sorted(i.label for i in dc4) == [
        "Déclaration de sous-traitance (DC4) – Arbor'Cévennes",
        "Déclaration de sous-traitance (DC4) – Taille & Cie",
    ]
    owners = {i.label.split("– ")[1]: i.member for i in dc4}
    assert owners == {"Arbor'Cévennes": "Verts Chemins",
                      "Taille & Cie": "Ressourcerie du Pont-Vieux"}
    assert [i.lots for i in dc4 if "Taille" in i.label] == [[2]]


def test_cli_dc4(demo: tuple[Session, int], tmp_path: Path) -> None:
    session, tid = demo
    path = session.ws.path
    out = tmp_path / "dc4.docx"
    done = subprocess.run(
        [sys.executable, "-m", "responder", "groupement", "dc4", str(tid), "--subcontractor",
         "Arbor", "--out", str(out), "--workspace", str(path)],
        capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Arbor'Cévennes" in docx_text(out)
    bad = subprocess.run(
        [sys.executable, "-m", "responder", "groupement", "dc4", str(tid), "--subcontractor",
         "Personne", "--out", str(tmp_path / "x.docx"), "--workspace", str(path)],
        capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert bad.returncode == 1 and "Aucun sous-traitant" in bad.stderr


def test_a_bidder_alone_gets_the_dc4_of_its_subcontractor(
    demo: tuple[Session, int], tmp_path: Path
) -> None:
    # R2193-10: any bidder declares its sub-contractors, groupement or not. Its « groupement »
    # of one member is not one (R2142-19): no convention, but the DC4, without a mandataire.
    tid, service = alone_with_a_subcontractor(demo[0]), GroupementService(demo[0])
    text = docx_text(service.write_dc4(tid, "arbor", tmp_path / "dc4.docx"))
    assert "Dénomination | Arbor'Cévennes" in text
    assert "Soumissionnaire | " in text and "Candidature | seul, sans groupement" in text
    assert "mandataire" not in text.lower() and "Rôle dans le groupement" not in text
    assert "{{" not in text and "{%" not in text
    with pytest.raises(InvalidInput) as info:
        service.write_convention(tid, tmp_path / "convention.docx")
    assert "R2142-19" in str(info.value.messages)


def test_a_groupement_still_being_put_together_gets_its_dc4(
    demo: tuple[Session, int], tmp_path: Path
) -> None:
    # The DC4 stops only on what it needs itself: a groupement error elsewhere (no
    # mandataire yet) refuses the convention, not the declaration of a sub-contractor.
    session, tid = demo
    service, groupement = service_and_groupement(session, tid)
    members = [m.model_copy(update={"is_mandataire": False}) for m in groupement.members]
    service.save(tid, groupement.model_copy(update={"members": members}))
    assert any(c.code == "mandataire" and c.is_error for c in service.checks(tid))
    with pytest.raises(InvalidInput):
        service.write_convention(tid, tmp_path / "convention.docx")
    text = docx_text(service.write_dc4(tid, "arbor", tmp_path / "dc4.docx"))
    assert "Membre | " in text and "Rôle dans le groupement | " in text
    assert f"mandataire{NB}: [à compléter]" in text


def test_a_dc4_is_refused_for_what_it_needs_itself(
    demo: tuple[Session, int], tmp_path: Path
) -> None:
    # Rubrique D names the bidder who sub-contracts: without its SIRET, no DC4.
    session, _tid = demo
    tid = alone_with_a_subcontractor(session)
    tender = session.tenders.get(tid)
    assert tender is not None and tender.structure_id is not None
    structure = session.structures.get(tender.structure_id)
    assert structure is not None
    session.structures.update(structure.model_copy(update={"siret": ""}))  # not yet known
    service = GroupementService(session)
    with pytest.raises(InvalidInput) as info:
        service.write_dc4(tid, "arbor", tmp_path / "dc4.docx")
    assert f"« {structure.name} » n'a pas de SIRET" in str(info.value.messages)
    assert not (tmp_path / "dc4.docx").exists()


def test_dc4_checks_name_a_subcontractor_left_without_its_member() -> None:
    # The model refuses such a groupement; the check still answers, should one be read.
    from responder.domain.groupement import Groupement, SubContractor, dc4_checks

    sub = SubContractor(name="Arbor'Cévennes", member="parti", amount_ttc=Decimal("900"))
    orphan = Groupement.model_construct(members=[], subcontractors=[sub])
    [check] = dc4_checks(orphan, sub)
    assert check.is_error and check.code == "sous_traitant_titulaire"
    assert "« Arbor'Cévennes »" in check.message_fr
