"""The « Prochaine étape » line of a dossier in each situation the list shows, on a real
workspace: one sentence, the tab to open."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from responder.domain.tender import Tender
from responder.services.next_step import next_step
from responder.services.tenders import TenderService
from responder.services.workspace import Session
from tests.helpers import new_session, tender_data

TODAY = date(2026, 12, 1)


@pytest.fixture
def saved(tmp_path: Path) -> Iterator[tuple[Session, Any]]:
    session, sid = new_session(tmp_path / "etapes.responder")

    def save(**overrides: Any) -> Tender:
        return TenderService(session).save(tender_data(**overrides), structure_id=sid)

    yield session, save
    session.close()


@pytest.mark.parametrize(("status", "step"), [
    ("depose", "Attendre la décision de l'acheteur, puis noter le résultat."),
    ("perdu", "Demander par écrit les motifs du rejet."),
    ("gagne", "Fournir les pièces de l'attributaire, puis en faire une référence."),
    ("sans_suite", "Aucune : dossier clos."),
    ("infructueux", "Aucune : dossier clos."),
    ("abandonne", "Aucune : dossier clos."),
])
def test_after_the_deposit_the_step_follows_the_status(
    saved: tuple[Session, Any], status: str, step: str
) -> None:
    session, save = saved
    assert next_step(session, save(status=status), TODAY) == step


def test_a_dossier_without_deadline_asks_for_it_first(saved: tuple[Session, Any]) -> None:
    session, save = saved
    tender = save(deadline=None, questions_deadline=None, status="veille")
    assert next_step(session, tender, TODAY) == (
        "Saisir la date limite de remise des offres (onglet Consultation)."
    )


def test_a_passed_deadline_asks_whether_the_offer_was_deposited(
    saved: tuple[Session, Any],
) -> None:
    session, save = saved
    tender = save(deadline="2026-11-20T12:00:00", questions_deadline=None,
                  published_on="2026-10-20")
    assert next_step(session, tender, TODAY) == (
        "La date limite est passée : noter si l'offre a été déposée."
    )


def test_a_watched_notice_asks_for_the_go_no_go(saved: tuple[Session, Any]) -> None:
    session, save = saved
    assert next_step(session, save(status="veille"), TODAY) == (
        "Décider d'y aller ou non (onglet Go / no-go)."
    )


def test_a_dossier_in_preparation_points_to_a_tab_of_the_work_left(
    saved: tuple[Session, Any],
) -> None:
    session, save = saved
    step = next_step(session, save(), TODAY)
    assert step.endswith(("(onglet Pièces).", "(onglet Échéances).")), step
    assert "Go / no-go" not in step and "Consultation" not in step
