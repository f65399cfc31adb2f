"""Groupement and partner services on real workspaces; documents read back with python-docx."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from responder import fr
from responder.domain.common import InvalidInput
from responder.services.checklist import ChecklistService
from responder.services.groupement import GroupementService, direct_payment_threshold
from responder.services.partners import PartnerService
from responder.services.tenders import TenderService
from responder.services.workspace import Session
from tests.helpers import (
    docx_text,
    groupement_demo,
    service_and_groupement,
    tender_data,
    workspace_session,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def demo(tmp_path: Path) -> Iterator[tuple[Session, int]]:
    yield from groupement_demo(tmp_path)


def test_demo_has_a_three_member_groupement(demo: tuple[Session, int]) -> None:
    session, tender_id = demo
    service = GroupementService(session)
    groupement = service.get(tender_id)
    assert groupement is not None and len(groupement.members) == 3
    assert groupement.mandataire is not None and groupement.mandataire.name == "Verts Chemins"
    assert all(m.structure_id or m.partner_id for m in groupement.members)  # linked
    assert not [c for c in service.checks(tender_id) if c.is_error]


def test_convention_holds_members_mandataire_and_repartition(
    demo: tuple[Session, int], tmp_path: Path
) -> None:
    session, tender_id = demo
    service = GroupementService(session)
    out = service.write_convention(tender_id, tmp_path / "convention.docx")
    text = docx_text(out)
    groupement = service.get(tender_id)
    assert groupement is not None
    for member in groupement.members:
        assert member.name in text
        # One SIRET format in every document: SIREN by threes, then the NIC (fr.siret).
        assert fr.siret(member.siret) in text
    assert "désignent Verts Chemins comme mandataire" in text
    rows = [line for line in text.splitlines() if " | " in line]
    assert any(
        "Élagage, abattage et débroussaillement réglementaire | Verts Chemins | "
        "62\u202f000,00\u00a0€\u00a0HT | 25,00\u00a0%" in r for r in rows
    )
    assert sum(1 for lot in groupement.repartition for _ in lot.rows) == sum(
        1 for r in rows if "€\u00a0HT |" in r
    )
    # French typography: a no-break space before the colon (the old pin had a plain one).
    assert "Ressourcerie du Pont-Vieux\u00a0: 241\u202f500,00\u00a0€\u00a0HT" in text
    assert "{{" not in text and "{%" not in text
    assert text.count("Signature (et cachet)") == 3


def test_dc1_table_and_contact_sheet(demo: tuple[Session, int], tmp_path: Path) -> None:
    session, tender_id = demo
    out = GroupementService(session).write_dc1(tender_id, tmp_path / "dc1.docx")
    text = docx_text(out)
    assert "Rubrique D" in text and "Rubrique E" in text and "Rubrique G" in text
    # The ESAT's SIRET, spaced as on an INSEE notice with narrow no-break spaces (one format
    # for every document; it was written with plain spaces here and packed elsewhere).
    assert "812\u202f349\u202f678\u202f00027" in text
    assert "contact@verts-chemins.fr" in text and "Mandataire" in text


def test_generation_refused_with_the_list_of_errors(
    demo: tuple[Session, int], tmp_path: Path
) -> None:
    session, tender_id = demo
    service, groupement = service_and_groupement(session, tender_id)
    data = groupement.model_dump()
    data["repartition"][0]["rows"][0]["share"] = "59.99"
    data["members"][1]["is_mandataire"] = True
    service.save(tender_id, data)
    out = tmp_path / "convention.docx"
    with pytest.raises(InvalidInput) as info:
        service.write_convention(tender_id, out)
    message = info.value.messages["groupement"]
    assert "2 erreur(s)" in message and "99,99" in message and "un seul membre" in message
    assert not out.exists()
    with pytest.raises(InvalidInput):
        service.write_dc1(tender_id, tmp_path / "dc1.docx")


def test_export_import_keeps_the_groupement(demo: tuple[Session, int], tmp_path: Path) -> None:
    session, tender_id = demo
    tenders = TenderService(session)
    out = tenders.export_json(tender_id, tmp_path / "dossier.json")
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["groupement"]["members"][0]["name"] == "Verts Chemins"
    structure_id = session.structures.list()[0].id
    assert structure_id is not None
    imported = tenders.import_json(out, structure_id)
    original = tenders.get(tender_id)
    assert imported.groupement is not None and original.groupement is not None
    # Local structure / partner ids are not carried over (they belong to the sender's
    # workspace); everything else of the groupement is.
    unlinked = [
        m.model_copy(update={"structure_id": None, "partner_id": None})
        for m in original.groupement.members
    ]
    assert imported.groupement == original.groupement.model_copy(update={"members": unlinked})
    # The imported dossier lists every member's pieces before its groupement is saved again.
    assert imported.id is not None
    dc2 = [
        r for r in ChecklistService(session).view(imported.id).rows
        if r.item.key == "declaration_candidat"
    ]
    assert len(dc2) == 3


def test_three_members_give_three_dc2(demo: tuple[Session, int]) -> None:
    session, tender_id = demo
    view = ChecklistService(session).view(tender_id)
    dc2 = [r for r in view.rows if r.item.key == "declaration_candidat"]
    assert len(dc2) == 3
    assert {r.owner_label for r in dc2} == {
        "Verts Chemins", "Ressourcerie du Pont-Vieux", "ESAT Les Ateliers de l'Avène"}


def test_start_add_partner_remove_and_checklist(tmp_path: Path) -> None:
    with workspace_session(tmp_path / "w.responder") as (session, sid):
        tender = TenderService(session).save(tender_data(), structure_id=sid)
        assert tender.id is not None
        partner = PartnerService(session).save(
            {"name": "Jardins & Cie", "siret": "838 765 212 00017", "structure_id": sid})
        service = GroupementService(session)
        started = service.start(tender.id)
        assert started.members[0].is_mandataire and started.members[0].lots == [1, 2]
        assert [r.total_ht for r in started.repartition] == [85000, 40000.5]
        assert partner.id is not None
        added = service.add_partner(tender.id, partner.id)
        assert [m.name for m in added.members][-1] == "Jardins & Cie"
        view = ChecklistService(session).view(tender.id)
        assert len([r for r in view.rows if r.item.key == "declaration_candidat"]) == 2
        uid = added.members[-1].uid
        data = added.model_dump()
        data["repartition"][0]["rows"] = [
            {"prestation": "Collecte", "member": uid, "amount_ht": 85000, "share": 100}]
        service.save(tender.id, data)
        with pytest.raises(InvalidInput, match="Impossible de retirer « Jardins & Cie »"):
            service.remove_member(tender.id, uid)
        g = service.get(tender.id)
        assert g is not None and len(g.members) == 2  # nothing saved half-way
        assert [p.title for p in PartnerService(session).past_groupements(partner)] == [
            tender.title]
        service.dissolve(tender.id)
        assert service.get(tender.id) is None
        view = ChecklistService(session).view(tender.id)
        assert len([r for r in view.rows if r.item.key == "declaration_candidat"]) == 1


def test_partner_validation_and_duplicate_siret(tmp_path: Path) -> None:
    with workspace_session(tmp_path / "w.responder") as (session, sid):
        service = PartnerService(session)
        with pytest.raises(InvalidInput) as info:
            service.save({"name": " ", "siret": "123", "structure_id": sid})
        assert "siret" in info.value.messages and "14 chiffres" in info.value.messages["siret"]
        service.save({"name": "Verts Chemins", "siret": "83876521200017", "structure_id": sid,
                      "skills": ["Élagage", " "]})
        with pytest.raises(InvalidInput, match="déjà celui de « Verts Chemins »"):
            service.save({"name": "Autre", "siret": "83876521200017", "structure_id": sid})
        found = service.list(sid, "elagage")
        assert [p.name for p in found] == ["Verts Chemins"] and found[0].skills == ["Élagage"]


def test_threshold_comes_from_the_rules_file() -> None:
    assert direct_payment_threshold(date(2026, 12, 1)) == 600


def responder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "responder", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env={**os.environ},
    )


def test_cli_check_convention_and_refusal(demo: tuple[Session, int], tmp_path: Path) -> None:
    session, tender_id = demo
    ws = str(session.path)
    ok = responder("groupement", "check", str(tender_id), "--json", "--workspace", ws)
    assert ok.returncode == 0, ok.stderr
    assert any(c["article"] == "R2142-26" for c in json.loads(ok.stdout))
    out = tmp_path / "c.docx"
    done = responder("groupement", "convention", str(tender_id), "--out", str(out),
                     "--workspace", ws)
    assert done.returncode == 0, done.stderr
    assert "Verts Chemins" in docx_text(out)
    service = GroupementService(session)
    groupement = service.get(tender_id)
    assert groupement is not None
    data = groupement.model_dump()
    data["repartition"][2]["rows"][0]["amount_ht"] = "143500.01"
    service.save(tender_id, data)
    bad = responder("groupement", "check", str(tender_id), "--workspace", ws)
    assert bad.returncode == 1 and "Erreur" in bad.stdout
    refused = responder("groupement", "dc1", str(tender_id), "--out", str(tmp_path / "d.docx"),
                        "--workspace", ws)
    assert refused.returncode == 1
    assert "lot 3" in refused.stderr and "0,01" in refused.stderr
    assert not (tmp_path / "d.docx").exists()
