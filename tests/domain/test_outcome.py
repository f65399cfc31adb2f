"""The outcome of a dossier: marks, coherence, the dossier status, what the losses teach."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError

from responder.domain.bilan import NO_BID, compute_bilan, dossier_bucket, mean_marks
from responder.domain.charts import bilan_charts, layout
from responder.domain.enums import MarketType, TenderStatus
from responder.domain.outcome import (
    LotOutcome,
    OutcomeResult,
    dossier_status,
    frequent_reasons,
    parse_mark,
    reason_themes,
)
from responder.domain.tender import Tender

TODAY = date(2026, 12, 1)


def test_marks_are_read_in_french_with_the_winners_mark_and_the_scale() -> None:
    mark = parse_mark("Valeur technique=14,5/20;16/20")
    assert (mark.criterion, mark.ours, mark.winner, mark.out_of) == (
        "Valeur technique", Decimal("14.5"), Decimal("16"), Decimal("20"))
    assert mark.text_fr == "14,5/20 (attributaire : 16/20)"
    assert parse_mark("Prix=38/40").out_of == Decimal("40")
    with pytest.raises(ValueError, match="Valeur technique=14,5/20"):
        parse_mark("Valeur technique 14")
    with pytest.raises(ValidationError, match="dépasse le barème"):
        parse_mark("Prix=24/20")


def test_a_lost_lot_cannot_be_ranked_first_nor_a_won_one_second() -> None:
    with pytest.raises(ValidationError, match="perdu ne peut pas être classé 1er"):
        LotOutcome(tender_id=1, result=OutcomeResult.PERDU, rank=1)
    with pytest.raises(ValidationError, match="gagné est classé 1er"):
        LotOutcome(tender_id=1, result=OutcomeResult.GAGNE, rank=2)
    with pytest.raises(ValidationError, match="avant la notification"):
        LotOutcome(tender_id=1, result=OutcomeResult.PERDU, notified_on=date(2026, 6, 5),
                   reasons_requested_on=date(2026, 6, 1))


@pytest.mark.parametrize(("results", "status"), [
    (["perdu", "gagne"], TenderStatus.GAGNE),
    (["perdu", "en_attente"], TenderStatus.DEPOSE),
    (["perdu", "infructueux"], TenderStatus.PERDU),
    (["infructueux", "sans_suite"], TenderStatus.INFRUCTUEUX),
    (["sans_suite"], TenderStatus.SANS_SUITE),
])
def test_the_dossier_status_follows_its_lots(results: list[str], status: TenderStatus) -> None:
    outcomes = [LotOutcome(tender_id=1, lot=i + 1, result=OutcomeResult(r))
                for i, r in enumerate(results)]
    assert dossier_status(outcomes) == status
    assert dossier_status([]) is None
    lost = [LotOutcome(tender_id=1, lot=1, result=OutcomeResult.PERDU)]
    assert dossier_status(lost, lots_awaited=True) == TenderStatus.DEPOSE


def test_stated_reasons_are_grouped_by_theme() -> None:
    assert reason_themes("Prix trop élevé, moyens humains insuffisamment décrits") == [
        "Prix", "Moyens humains et matériels"]
    outcomes = [
        LotOutcome(tender_id=1, result=OutcomeResult.PERDU, reasons="Offre plus chère"),
        LotOutcome(tender_id=2, result=OutcomeResult.PERDU, reasons="Prix ; méthodologie"),
        LotOutcome(tender_id=3, result=OutcomeResult.GAGNE, reasons="prix"),
    ]
    assert frequent_reasons(outcomes)[0] == ("Prix", 2)


def test_mean_marks_are_on_20_whatever_the_scale() -> None:
    outcomes = [
        LotOutcome(tender_id=1, result=OutcomeResult.PERDU,
                   marks=[parse_mark("Valeur technique=30/40;36/40")]),
        LotOutcome(tender_id=2, result=OutcomeResult.PERDU,
                   marks=[parse_mark("valeur technique=14/20")]),
    ]
    [marks] = mean_marks(outcomes)
    assert marks.ours == pytest.approx(14.5) and marks.winners == pytest.approx(18)
    assert marks.count == 2


def _tender(tid: int, status: TenderStatus, deadline: str, buyer: str = "Ville d'Alès",
            market: MarketType = MarketType.SERVICES, sid: int = 1) -> Tender:
    return Tender(id=tid, structure_id=sid, title=f"Dossier {tid}", buyer=buyer,
                  status=status, deadline=datetime.fromisoformat(deadline), market_type=market)


def test_bilan_counts_won_lost_and_no_bid_per_year_buyer_market_and_structure() -> None:
    tenders = [
        _tender(1, TenderStatus.GAGNE, "2025-03-01T12:00", market=MarketType.TRAVAUX),
        _tender(2, TenderStatus.PERDU, "2025-06-01T12:00"),
        _tender(3, TenderStatus.EN_PREPARATION, "2025-09-01T12:00", buyer="Département"),
        _tender(4, TenderStatus.PERDU, "2026-02-01T12:00", sid=2),
        _tender(5, TenderStatus.EN_PREPARATION, "2027-01-01T12:00"),
    ]
    assert dossier_bucket(tenders[2], TODAY) == NO_BID  # deadline passed, never deposited
    outcomes = [LotOutcome(tender_id=1, result=OutcomeResult.GAGNE, our_amount=Decimal(1000))]
    bilan = compute_bilan(tenders, outcomes, TODAY, structure_names={1: "A", 2: "B"})
    assert (bilan.total.won, bilan.total.lost, bilan.total.no_bid, bilan.total.pending) == (
        1, 2, 1, 1)
    assert bilan.by_year[2025].won == 1 and bilan.by_year[2025].no_bid == 1
    assert bilan.by_year[2026].lost == 1
    assert bilan.by_market["Travaux"].won == 1
    assert bilan.by_buyer[0][0] == "Ville d'Alès"
    assert [name for name, _ in bilan.by_structure] == ["A", "B"]
    assert bilan.amount_won == Decimal(1000)
    only_2026 = compute_bilan(tenders, outcomes, TODAY, year=2026)
    assert only_2026.dossiers == 1 and only_2026.total.lost == 1


def test_charts_lay_out_every_bar_inside_the_box() -> None:
    tenders = [_tender(i, TenderStatus.PERDU if i % 3 else TenderStatus.GAGNE,
                       f"{2024 + i % 3}-05-04T12:00") for i in range(1, 30)]
    bilan = compute_bilan(tenders, [], TODAY)
    charts = bilan_charts(bilan)
    assert [c.key for c in charts][:3] == ["years", "markets", "buyers"]
    drawing = layout(charts[0], 700, 320, lambda text, _s: 7.0 * len(text), line_height=14)
    bars = [s for s in drawing.shapes if type(s).__name__ == "Rect" and s.color == "#2e7d32"]
    assert len(bars) >= 3 + 1  # one per year, plus the legend box
    for shape in drawing.shapes:
        if type(shape).__name__ == "Rect":
            assert shape.x >= 0 and shape.x + shape.w <= 700 + 1e-6
            assert shape.y >= 0 and shape.y + shape.h <= 320 + 1e-6


def test_a_won_lot_with_only_the_montant_retenu_counts_in_the_amount_won() -> None:
    """`outcome set --result gagne --winner-amount` is the usual entry for a won lot: the
    Bilan counted 0 € for it while the reference created from it carried the amount."""
    tenders = [_tender(1, TenderStatus.GAGNE, "2025-03-01T12:00")]
    outcomes = [
        LotOutcome(tender_id=1, lot=1, result=OutcomeResult.GAGNE,
                   winner_amount=Decimal("248000")),
        LotOutcome(tender_id=1, lot=2, result=OutcomeResult.GAGNE, our_amount=Decimal(1000),
                   winner_amount=Decimal(999)),
        LotOutcome(tender_id=1, lot=3, result=OutcomeResult.PERDU,
                   winner_amount=Decimal(5000)),
    ]
    assert compute_bilan(tenders, outcomes, TODAY).amount_won == Decimal(249000)
