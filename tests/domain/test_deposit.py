"""Deposit rules: what is due at the deposit, file naming, limits, and the deposit steps."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from responder.domain.checklist import ChecklistItem, Phase
from responder.domain.deadlines import PlanInput, WorkingCalendar, build_plan
from responder.domain.deposit import (
    DepositSettings,
    file_name,
    megabytes,
    name_problem,
    pattern_problem,
)
from responder.domain.deposit_check import PlannedFile, due_at_deposit, file_issues, folder_for
from responder.domain.enums import Procedure
from tests.helpers import shipped_rules

RULES = shipped_rules()


def item(phase: Phase, **extra: object) -> ChecklistItem:
    return ChecklistItem.model_validate(
        {"uid": "x@y", "key": "x", "label": "Pièce", "phase": phase, **extra}
    )


def test_only_candidature_and_offre_pieces_are_due_at_the_deposit() -> None:
    """Pièces de l'attributaire are asked of the winner before award (R2144-4)."""
    assert due_at_deposit(item(Phase.CANDIDATURE))
    assert due_at_deposit(item(Phase.OFFRE))
    assert not due_at_deposit(item(Phase.ATTRIBUTAIRE))


def test_default_name_follows_the_pattern_ascii_and_60_characters() -> None:
    """deposit_file_name_max (practice): 60 characters, no accent, no sign."""
    limit = RULES.get("deposit_file_name_max", date(2026, 12, 1)).days
    assert limit == 60
    name = file_name(
        "{NN}_{Piece}_{Candidat}", number=3, piece="Déclaration du candidat (DC2)",
        candidate="Association « Les Jardins & Cie » d'Alès-en-Cévennes", lot=None,
        extension="PDF", max_length=limit,
    )
    assert name.startswith("03_Declaration_du_candidat_DC2_Association")
    assert name.endswith(".pdf")
    assert len(name) <= 60
    assert name_problem(name, limit) is None


@given(st.text(min_size=1, max_size=120), st.text(min_size=1, max_size=120),
       st.integers(min_value=1, max_value=150), st.sampled_from(["pdf", "docx", ""]))
def test_any_piece_and_candidate_give_a_safe_name(
    piece: str, candidate: str, number: int, extension: str
) -> None:
    name = file_name("{NN}_{Piece}_{Candidat}_{Lot}", number=number, piece=piece,
                     candidate=candidate, lot=2, extension=extension, max_length=60)
    assert len(name) <= 60
    assert name_problem(name, 60) is None
    assert name.startswith(f"{number:02d}_")


def test_a_pattern_needs_the_number_and_safe_characters() -> None:
    assert pattern_problem("{NN}_{Piece}_{Candidat}") is None
    assert "{NN}" in (pattern_problem("{Piece}_{Candidat}") or "")
    assert "inconnu" in (pattern_problem("{NN}_{Acheteur}") or "")
    assert "caractères" in (pattern_problem("{NN} {Piece}") or "")
    with pytest.raises(ValueError, match="extensions"):
        DepositSettings(formats="pdf, .docx, xls/xlsx")
    assert DepositSettings(formats="PDF; .docx").accepted_formats() == ("pdf", "docx")


def test_size_is_reported_in_mo_against_the_default_limit() -> None:
    """deposit_max_file_size (practice, à vérifier dans le RC): 50 Mo by default."""
    rule = RULES.get("deposit_max_file_size", date(2026, 12, 1))
    assert (rule.days, rule.unit, rule.is_guidance) == (50, "megabytes", True)
    planned = PlannedFile(name="05_Memoire_X.pdf", piece="Mémoire", source="store",
                          original_name="mémoire final.pdf", size=120 * 1024 * 1024)
    [issue] = file_issues(planned, accepted=("pdf",), max_file_bytes=rule.days * 1024 * 1024,
                          max_name_length=60)
    assert issue.code == "file_too_big" and issue.blocking
    assert "120\u00a0Mo" in issue.message_fr and megabytes(50 * 1024 * 1024) in issue.message_fr
    assert megabytes(443) == "1\u00a0Ko"
    assert megabytes(12_500_000) == "11,9\u00a0Mo"


def test_layout_puts_member_pieces_in_their_folder_and_offers_per_lot() -> None:
    offer = item(Phase.OFFRE, lots=[2], for_groupement=True, member="Verts Chemins")
    assert folder_for(offer, is_groupement=True, tender_lots=[1, 2]) == ["Offre", "Lot 2"]
    own = item(Phase.CANDIDATURE, member="ESAT Les Ateliers de l'Avène")
    assert folder_for(own, is_groupement=True, tender_lots=[1, 2]) == [
        "Candidature", "ESAT Les Ateliers de l Avene"
    ]
    assert folder_for(own, is_groupement=False, tender_lots=[]) == ["Candidature"]


def test_deposit_steps_test_upload_j3_and_deposit_h24() -> None:
    """deposit_test_upload: 3 working days; deposit_margin: 24 hours (practice rules)."""
    deadline = datetime(2026, 12, 18, 12, 0)  # a Friday
    plan = build_plan(
        PlanInput(deadline=deadline, procedure=Procedure.MAPA, start=date(2026, 11, 20)),
        RULES, WorkingCalendar(), date(2026, 11, 20),
    )
    test = plan.get("deposit_test")
    deposit = plan.get("deposit")
    assert test is not None and test.when == date(2026, 12, 15)  # Tuesday, J-3 working days
    assert deposit is not None and (deposit.when, deposit.at) == (date(2026, 12, 17), time(12))
    assert test.confidence == "M" and "à vérifier dans le RC" in test.note
    assert plan.get("deposit_done") is None

    done = build_plan(
        PlanInput(deadline=deadline, procedure=Procedure.MAPA, start=date(2026, 11, 20),
                  deposited_at=datetime(2026, 12, 16, 15, 42, 10)),
        RULES, WorkingCalendar(), date(2026, 12, 17),
    )
    recorded = done.get("deposit_done")
    assert recorded is not None and (recorded.when, recorded.at) == (
        date(2026, 12, 16), time(15, 42))


def test_deposit_margin_never_lands_on_a_weekend_or_a_holiday() -> None:
    """24 hours before a Monday noon deadline is a Sunday: the advice moves to Friday noon;
    a day before a Saturday deadline falls on a public holiday: the day before that."""
    monday = build_plan(
        PlanInput(deadline=datetime(2027, 2, 8, 12, 0), procedure=Procedure.MAPA,
                  start=date(2027, 1, 4)),
        RULES, WorkingCalendar(), date(2027, 1, 4),
    ).get("deposit")
    assert monday is not None and (monday.when, monday.at) == (date(2027, 2, 5), time(12))
    after_holiday = build_plan(
        PlanInput(deadline=datetime(2026, 5, 9, 12, 0), procedure=Procedure.MAPA,
                  start=date(2026, 4, 1)),
        RULES, WorkingCalendar(), date(2026, 4, 1),
    ).get("deposit")  # Saturday deadline; Friday 8 May 2026 (Victoire 1945) is a holiday
    assert after_holiday is not None and after_holiday.when == date(2026, 5, 7)


def test_backup_copy_and_deposit_margin_rules_cite_their_basis() -> None:
    """R2132-11 copie de sauvegarde; the deposit margin is counted in hours."""
    on = date(2026, 12, 1)
    backup = RULES.get("backup_copy", on)
    assert backup.article == "R2132-11" and backup.value is None and backup.is_guidance
    assert "copie de sauvegarde" in backup.label_fr
    assert RULES.get("deposit_margin", on).unit == "hours"
