"""The « Bilan » of a real workspace and its .docx report read back with python-docx: what
was won and lost, what buyers said, where our marks fall short of the winners'."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from responder.domain.errors import InvalidInput
from responder.domain.structure import Structure
from responder.services.outcome import OutcomeService
from responder.services.report import ReportService
from responder.services.tenders import TenderService
from responder.services.workspace import Session
from responder.storage.db import WorkspaceError
from tests.helpers import docx_text, new_session, tender_data

DECIDED, TODAY = date(2026, 12, 20), date(2027, 1, 5)


@pytest.fixture
def decided(tmp_path: Path) -> Iterator[tuple[Session, int]]:
    """A dossier won on lot 1 (85 000 € HT) and lost on lot 2, and one lost on price."""
    session, sid = new_session(tmp_path / "bilan.responder")
    tenders, outcomes = TenderService(session), OutcomeService(session)
    berges = tenders.save(tender_data(status="depose", title="Entretien des berges du Gardon"),
                          structure_id=sid)
    stades = tenders.save(tender_data(status="depose", title="Tonte des stades",
                                      buyer="Ville d'Alès"), structure_id=sid)
    assert berges.id is not None and stades.id is not None
    outcomes.record(berges.id, {"result": "gagne", "our_amount": "85000"}, lot=1, today=DECIDED)
    outcomes.record(berges.id, {"result": "perdu"}, lot=2, today=DECIDED)
    outcomes.record(stades.id, {
        "result": "perdu", "rank": 2, "reasons": "Prix trop élevé",
        "marks": [{"criterion": "Prix", "ours": 12, "winner": 16},
                  {"criterion": "Valeur technique", "ours": 15, "winner": 14}],
    }, today=DECIDED)
    yield session, sid
    session.close()


def test_a_dossier_won_on_one_lot_counts_as_won_with_that_lot_amount(
    decided: tuple[Session, int],
) -> None:
    bilan = ReportService(decided[0]).bilan(today=TODAY)
    assert (bilan.dossiers, bilan.total.won, bilan.total.lost) == (2, 1, 1)
    assert bilan.total.success_rate == 0.5
    assert bilan.amount_won == 85000


def test_marks_and_reasons_are_gathered_by_criterion(decided: tuple[Session, int]) -> None:
    bilan = ReportService(decided[0]).bilan(today=TODAY)
    assert bilan.reasons == [("Prix", 1)]
    assert [(m.criterion, m.ours, m.winners, m.count) for m in bilan.marks] == [
        ("Prix", 12.0, 16.0, 1), ("Valeur technique", 15.0, 14.0, 1)]


def test_the_scope_names_the_structure_or_counts_them(decided: tuple[Session, int]) -> None:
    session, sid = decided
    service = ReportService(session)
    assert service.scope_text(None) == service.scope_text(sid) == "Ressourcerie des Garrigues"
    session.structures.add(Structure(name="Régie de quartier du Viguier"))
    assert service.scope_text(None) == "Toutes les structures (2)"
    assert service.scope_text(404) == "Structure 404"
    with pytest.raises(InvalidInput, match="Aucune structure n° 404"):
        service.bilan(404, today=TODAY)


def test_the_report_gives_the_figures_the_gap_and_the_charts(
    decided: tuple[Session, int], tmp_path: Path
) -> None:
    out = ReportService(decided[0]).write_report(tmp_path / "bilan.docx", today=TODAY)
    text = docx_text(out)
    assert "Ressourcerie des Garrigues · établi le 5\u00a0janvier 2027" in text
    assert "Taux de réussite (gagnés / décidés) | 50\u00a0%" in text
    assert "Montant des lots gagnés (offres saisies) | 85\u202f000,00\u00a0€\u00a0HT" in text
    assert ("Le plus grand écart avec les offres retenues porte sur « Prix » : 12,0/20 pour "
            "nous contre 16,0/20 en moyenne.") in text
    assert "Prix | 12,0 | 16,0 | 1" in text
    assert len(Document(str(out)).inline_shapes) >= 1  # the charts, as pictures


def test_a_report_that_cannot_be_written_is_a_french_workspace_error(
    decided: tuple[Session, int], tmp_path: Path
) -> None:
    blocker = tmp_path / "pas-un-dossier"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(WorkspaceError):
        ReportService(decided[0]).write_report(blocker / "bilan.docx", today=TODAY)
    assert not (tmp_path / "bilan.docx").exists()
