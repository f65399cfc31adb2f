"""After the decision on real workspaces: outcome, status, dates in the plan and the .ics,
letters read back with python-docx, won → reference found by ``refs search``, the report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar

from responder.domain.enums import TenderStatus
from responder.domain.errors import InvalidInput
from responder.services.deadlines import DeadlineService
from responder.services.demo import create_demo
from responder.services.outcome import OutcomeService, impact_from_text
from responder.services.tenders import TenderService
from responder.services.workspace import open_session
from responder.storage.outcomes import OutcomeRepository
from tests.helpers import new_session, tender_data

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 1)


def responder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "responder", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env=dict(os.environ),
    )


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_recording_outcomes_per_lot_sets_the_dossier_status_in_one_transaction(
    tmp_path: Path,
) -> None:
    session, sid = new_session(tmp_path / "ws.responder")
    tender = TenderService(session).save(tender_data(status="depose"), structure_id=sid)
    assert tender.id is not None
    service = OutcomeService(session)
    service.record(tender.id, {"result": "perdu", "notified_on": date(2026, 12, 20)}, lot=1,
                   today=date(2026, 12, 20))
    assert TenderService(session).get(tender.id).status == TenderStatus.DEPOSE  # lot 2 awaited
    service.record(tender.id, {"result": "perdu"}, lot=2)
    assert TenderService(session).get(tender.id).status == TenderStatus.PERDU
    service.record(tender.id, {"result": "gagne"}, lot=2)
    assert TenderService(session).get(tender.id).status == TenderStatus.GAGNE
    # Updating keeps the other fields: only the rank changes.
    service.record(tender.id, {"rank": 3}, lot=1)
    lot1 = service.get(tender.id, 1)
    assert lot1 is not None and lot1.rank == 3 and lot1.notified_on == date(2026, 12, 20)
    with pytest.raises(InvalidInput) as err:
        service.record(tender.id, {"result": "perdu"}, lot=7)
    assert "pas de lot 7" in err.value.messages["lot"]
    with pytest.raises(InvalidInput) as err:
        service.record(tender.id, {"result": "perdu", "rank": 1}, lot=1)
    assert TenderService(session).get(tender.id).status == TenderStatus.GAGNE  # unchanged
    service.delete(tender.id, 2)
    assert TenderService(session).get(tender.id).status == TenderStatus.DEPOSE
    session.close()


def test_a_deleted_dossier_takes_its_outcomes_when_purged(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "ws.responder")
    tender = TenderService(session).save(tender_data(), structure_id=sid)
    assert tender.id is not None
    OutcomeService(session).record(tender.id, {"result": "perdu"}, lot=1)
    repo = OutcomeRepository(session.ws)
    session.tenders.delete(tender.id)
    assert repo.of_live_tenders() == []
    session.tenders.purge_deleted(datetime(2100, 1, 1))
    assert repo.for_tender(tender.id) == []
    session.close()


def test_an_aoo_outcome_puts_the_refere_date_in_the_plan_and_the_ics(tmp_path: Path) -> None:
    """R2182-1: référé précontractuel by notice + 10 days, in the dashboard and the .ics;
    none for the same outcome in a MAPA."""
    session, sid = new_session(tmp_path / "ws.responder")
    aoo = TenderService(session).save(
        tender_data(procedure="aoo", published_on="2026-10-01", deadline="2026-11-12T12:00:00",
                    questions_deadline=None, status="depose"), structure_id=sid)
    mapa = TenderService(session).save(
        tender_data(deadline="2026-11-12T12:00:00", questions_deadline=None,
                    published_on="2026-10-01", status="depose"), structure_id=sid)
    assert aoo.id is not None and mapa.id is not None
    outcomes = OutcomeService(session)
    for tid in (aoo.id, mapa.id):
        outcomes.record(tid, {"result": "perdu", "notified_on": date(2026, 12, 2),
                              "notice_electronic": False}, lot=1)
    deadlines = DeadlineService(session)
    plan = deadlines.plan(aoo.id, today=TODAY)
    refere = plan.get("refere_precontractuel_limit")
    assert refere is not None and refere.when == date(2026, 12, 17)  # paper: + 15
    assert deadlines.plan(mapa.id, today=TODAY).get("refere_precontractuel_limit") is None
    board = deadlines.dashboard(now=datetime(2026, 12, 1, 9))
    labels = [e.date.label_fr for e in board.next_30_days + board.this_week
              if e.tender_id == aoo.id]
    assert "Déposer un référé précontractuel au plus tard le" in labels
    calendar = Calendar.from_ical(deadlines.calendar_bytes(aoo.id, today=TODAY))
    summaries = [str(e.get("summary")) for e in calendar.walk("VEVENT")]
    assert any(s.startswith("Déposer un référé précontractuel") for s in summaries)
    assert not any("Fin du délai de suspension" in s and "ne peut pas" in s for s in summaries)
    session.close()


def test_mapa_loss_on_the_demo_gives_a_letter_naming_buyer_consultation_lot_and_r2181_2(
    tmp_path: Path,
) -> None:
    """R2181-2 in a MAPA; the same letter for an AOO cites R2181-4."""
    ws = tmp_path / "demo.responder"
    create_demo(ws, today=TODAY).close()
    listing = json.loads(responder("tender", "list", "--json", "--workspace", str(ws)).stdout)
    tender = next(t for t in listing if t["procedure"] == "mapa" and t.get("lots"))
    tid = str(tender["id"])
    done = responder("outcome", "set", tid, "--result", "perdu", "--notified", "2026-12-02",
                     "--lot", "1", "--rank", "2", "--winner", "Recyclerie & Fils",
                     "--winner-amount", "48 200,50", "--mark", "Valeur technique=14,5/20;16/20",
                     "--reasons", "Prix plus élevé", "--workspace", str(ws))
    assert done.returncode == 0, done.stderr
    out = tmp_path / "motifs.docx"
    done = responder("outcome", "letter", tid, "--kind", "motifs", "--lot", "1", "--out",
                     str(out), "--workspace", str(ws))
    assert done.returncode == 0, done.stderr
    text = _docx_text(out)
    assert tender["buyer"] in text and tender["title"] in text
    assert "lot 1 :" in text and "R2181-2" in text and "R2181-4" not in text
    shown = json.loads(responder("outcome", "show", tid, "--json", "--workspace",
                                 str(ws)).stdout)
    lot1 = shown["outcomes"][0]
    assert lot1["winner"] == "Recyclerie & Fils" and lot1["winner_amount"] == "48200.50"
    assert lot1["marks"][0]["ours"] == "14.5" and lot1["marks"][0]["winner"] == "16"
    assert shown["after_award"][0]["notes"][0]["rule_ids"] == ["no_standstill_mapa"]
    # The same dossier as an appel d'offres: the article of formalised procedures.
    session = open_session(ws)
    TenderService(session).save({**TenderService(session).get(int(tid)).model_dump(),
                                 "procedure": "aoo"})
    session.close()
    kept = responder("outcome", "letter", tid, "--kind", "motifs", "--lot", "1", "--out",
                     str(out), "--workspace", str(ws))
    assert kept.returncode == 1 and "--force" in kept.stderr  # never over a file silently
    responder("outcome", "letter", tid, "--kind", "motifs", "--lot", "1", "--out", str(out),
              "--force", "--workspace", str(ws))
    assert "R2181-4" in _docx_text(out)
    entretien = tmp_path / "entretien.docx"
    assert responder("outcome", "letter", tid, "--kind", "entretien", "--out", str(entretien),
                     "--workspace", str(ws)).returncode == 0
    assert "entretien" in _docx_text(entretien)


def test_bad_outcome_input_is_refused_in_french_and_nothing_is_written(tmp_path: Path) -> None:
    ws = tmp_path / "demo.responder"
    create_demo(ws, today=TODAY).close()
    done = responder("outcome", "set", "1", "--result", "perdu", "--notified", "02/12/2026",
                     "--mark", "Prix", "--winner-amount", "beaucoup", "--workspace", str(ws))
    assert done.returncode == 1
    assert "AAAA-MM-JJ" in done.stderr and "Valeur technique=14,5/20" in done.stderr
    assert "12500,50" in done.stderr
    shown = json.loads(responder("outcome", "show", "1", "--json", "--workspace",
                                 str(ws)).stdout)
    assert shown["outcomes"] == []
    done = responder("outcome", "to-reference", "1", "--workspace", str(ws))
    assert done.returncode == 1 and "Aucun résultat enregistré" in done.stderr


def test_won_dossier_becomes_a_reference_that_refs_search_finds(tmp_path: Path) -> None:
    ws = tmp_path / "demo.responder"
    create_demo(ws, today=TODAY).close()
    listing = json.loads(responder("tender", "list", "--json", "--workspace", str(ws)).stdout)
    tender = next(t for t in listing if t["status"] == "en_preparation")
    tid = str(tender["id"])
    assert responder("outcome", "set", tid, "--result", "gagne", "--notified", "2026-12-02",
                     "--our-amount", "84 500", "--workspace", str(ws)).returncode == 0
    done = responder("outcome", "to-reference", tid, "--workspace", str(ws))
    assert done.returncode == 0, done.stderr
    ref_id = int(done.stdout.strip())
    word = tender["title"].split()[0]
    found = json.loads(responder("refs", "search", tender["title"], "--json", "--workspace",
                                 str(ws)).stdout)
    hit = next(r for r in found if r["id"] == ref_id)
    assert hit["buyer_name"] == tender["buyer"] and word in hit["title"]
    assert hit["amount_ht"] in ("84500", "84500.00", 84500, 84500.0)
    again = responder("outcome", "to-reference", tid, "--workspace", str(ws))
    assert again.returncode == 1 and "déjà" in again.stderr


def test_impact_figures_are_read_from_the_memoire_text() -> None:
    impact = impact_from_text("Nous réaliserons 3 500 heures d'insertion avec 12 salariés en "
                              "parcours et visons 6 sorties dynamiques.")
    assert (impact.insertion_hours, impact.people_in_pathway, impact.positive_exits) == (
        3500, 12, 6)


def test_report_has_its_figures_and_one_png_chart_per_graph(tmp_path: Path) -> None:
    ws = tmp_path / "demo.responder"
    create_demo(ws, today=TODAY).close()
    out = tmp_path / "bilan.docx"
    done = responder("report", "--out", str(out), "--workspace", str(ws))
    assert done.returncode == 0, done.stderr
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Bilan des réponses aux marchés publics" in text
    images = [r for r in doc.part.rels.values() if "image" in r.reltype]
    assert len(images) >= 5
    blob = images[0].target_part.blob
    assert blob.startswith(b"\x89PNG")
    bad = responder("report", "--out", str(out), "--year", "1200", "--workspace", str(ws))
    assert bad.returncode == 2 and "année" in bad.stderr


def test_the_demo_lost_dossier_has_its_decision_and_the_bilan_learns_from_it(
    tmp_path: Path,
) -> None:
    from responder.services.report import ReportService

    session = create_demo(tmp_path / "demo.responder", today=TODAY)
    lost = next(t for t in session.tenders.list() if t.status == TenderStatus.PERDU)
    assert lost.id is not None
    outcome = OutcomeService(session).get(lost.id)
    assert outcome is not None and outcome.rank == 2 and outcome.marks
    assert outcome.notified_on is not None and outcome.notified_on > lost.deadline.date()
    view = OutcomeService(session).after_award(lost.id, today=TODAY)
    assert not view.formalised and view.notes[0].rule_ids == ["no_standstill_mapa"]
    bilan = ReportService(session).bilan(today=TODAY)
    assert bilan.total.lost == 1 and ("Prix", 1) in bilan.reasons
    assert {m.criterion for m in bilan.marks} >= {"Prix", "Valeur technique"}
    session.close()


def test_to_reference_takes_the_memoire_impact_figures_and_the_groupement_role(
    tmp_path: Path,
) -> None:
    from responder.services.memoire import MemoireService

    session = create_demo(tmp_path / "demo.responder", today=TODAY)
    tender = next(t for t in session.tenders.list() if t.groupement is not None)
    assert tender.id is not None
    memoires = MemoireService(session)
    memoire = memoires.outline(tender.id)
    memoire.sections[0].text = ("Le marché mobilisera 4 200 heures d'insertion, 9 salariés en "
                                "parcours, et vise 5 sorties dynamiques.")
    memoires.save(memoire)
    service = OutcomeService(session)
    service.record(tender.id, {"result": "gagne", "notified_on": date(2027, 2, 1)},
                   today=date(2027, 2, 1))
    reference = service.to_reference(tender.id, today=TODAY)
    assert reference.social_impact.insertion_hours == 4200
    assert reference.social_impact.people_in_pathway == 9
    assert reference.social_impact.positive_exits == 5
    assert reference.role.value in ("mandataire", "cotraitant") and reference.partners
    assert reference.buyer_name == tender.buyer
    outcome = service.get(tender.id)
    assert outcome is not None and outcome.reference_id == reference.id
    session.close()


def test_a_notification_in_the_future_is_refused(tmp_path: Path) -> None:
    """`outcome set --notified` a date to come recorded « notifié le » a letter not received
    yet (and moved the dossier to « Déposé »); the deposit already refuses the future."""
    from responder.services.demo import create_demo

    session = create_demo(tmp_path / "demo.responder", today=TODAY)
    try:
        tender = next(t for t in session.tenders.list() if t.is_open)
        assert tender.id is not None
        service = OutcomeService(session)
        with pytest.raises(InvalidInput) as error:
            service.record(tender.id, {"result": "perdu", "notified_on": date(2026, 12, 2)},
                           today=TODAY)
        assert "dans le futur" in error.value.messages["notified_on"]
        assert service.outcomes(tender.id) == []
        service.record(tender.id, {"result": "perdu", "notified_on": TODAY}, today=TODAY)
    finally:
        session.close()
