"""« Résultat » tab and « Bilan » page, driven offscreen on a real workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from docx import Document

from responder.domain.enums import TenderStatus
from responder.services.library import LibraryService
from responder.services.outcome import OutcomeService
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.pages.bilan_page import BilanPage
from responder.ui.pages.outcome_tab import OutcomeTab
from responder.ui.pages.tenders_page import TendersPage

from .conftest import Services
from .helpers import dossier_tab, page_alone, show_alone, shown_tab

_ = page_alone  # the ``page`` fixture: the Consultations page built alone


def _tab(page: TendersPage) -> OutcomeTab:
    tab = dossier_tab(page, OutcomeTab)
    page.dossier_tabs.setCurrentWidget(tab)
    return tab


def _aoo(services: Services) -> int:
    tender = services.tenders.save({
        "title": "Entretien des espaces verts du collège", "buyer": "Département du Gard",
        "procedure": "aoo", "status": "depose",
        "lots": [{"number": 1, "title": "Tonte"}],
        "criteria": [{"name": "Valeur technique", "weight": 60}, {"name": "Prix", "weight": 40}],
    }, services.structure_id())
    assert tender.id is not None
    return tender.id


def test_recording_a_loss_shows_the_refere_date_and_updates_the_status(
    page: TendersPage, services: Services, session: Session, qtbot: Any, tmp_path: Path
) -> None:
    """R2182-1 in an appel d'offres: référé by notice + 10 days, standstill end day 11."""
    page.ctx.today = lambda: date(2026, 6, 1)
    tid = _aoo(services)
    page.reload()
    assert page.select_tender(tid)
    tab = _tab(page)
    assert tab.marks_table.rowCount() == 2  # the tender's criteria, ready to fill
    tab.lot_combo.setCurrentIndex(tab.lot_combo.findData(1))
    tab.result_combo.setCurrentIndex(tab.result_combo.findData("perdu"))
    tab.notified_edit.set_value(date(2026, 6, 1))
    tab.winner_edit.setText("Paysages & Fils")
    tab.winner_amount_edit.setText("48 200,50")
    tab.marks_table.item(0, 1).setText("14,5")
    tab.marks_table.item(0, 2).setText("16")
    tab.reasons_edit.setPlainText("Prix plus élevé")
    assert tab.save() is not None
    text = tab.dates_text()
    assert "Déposer un référé précontractuel au plus tard le : jeudi 11 juin 2026" in text
    assert "vendredi 12 juin 2026" in text and "R2182-1" in text
    stored = OutcomeService(session).get(tid, 1)
    assert stored is not None and stored.marks[0].ours == 14.5
    assert str(stored.winner_amount) == "48200.50"
    assert services.tenders.get(tid).status == TenderStatus.PERDU
    # The Consultation form shows the new status and does not put the old one back.
    assert page.editor.status_combo.currentData() == TenderStatus.PERDU
    # A bad amount is refused in French, nothing changes.
    tab.winner_amount_edit.setText("beaucoup")
    assert tab.save() is None
    assert "12500,50" in tab.error.text()
    # The letter, rendered in the background.
    out = tmp_path / "motifs.docx"
    task = tab.write_letter_to("motifs", out)
    assert task is not None
    qtbot.waitUntil(out.exists, timeout=10_000)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "R2181-4" in text and "lot 1 : Tonte" in text and "Département du Gard" in text


def test_a_won_lot_becomes_a_reference_from_the_tab(
    ctx: UiContext, services: Services, session: Session, qtbot: Any
) -> None:
    tid = _aoo(services)
    tab = shown_tab(OutcomeTab(ctx), qtbot, services.tenders.get(tid), (1100, 800))
    tab.result_combo.setCurrentIndex(tab.result_combo.findData("gagne"))
    tab.our_amount_edit.setText("52 000")
    assert tab.reference_button.isEnabled()
    ref_id = tab.make_reference()
    assert ref_id is not None
    reference = LibraryService(session).get_reference(ref_id)
    assert reference.buyer_name == "Département du Gard" and reference.amount_ht == 52000
    assert services.tenders.get(tid).status == TenderStatus.GAGNE


def test_bilan_page_paints_its_charts_and_exports_the_report(
    ctx: UiContext, services: Services, session: Session, qtbot: Any, tmp_path: Path
) -> None:
    tid = _aoo(services)
    OutcomeService(session).record(tid, {"result": "perdu", "reasons": "Prix trop élevé",
                                         "marks": [{"criterion": "Prix", "ours": 12,
                                                    "winner": 17}]}, lot=1)
    page = show_alone(qtbot, BilanPage(ctx))
    page.refresh()
    assert "<b>1</b> perdu ·" in page.summary.text()  # French: singular for 1
    assert [c.chart.key for c in page.charts if c.chart][:2] == ["years", "markets"]
    image = page.charts[0].grab().toImage()
    assert image.width() > 300
    reasons = next(c for c in page.charts if c.chart and c.chart.key == "reasons")
    assert reasons.chart is not None and reasons.chart.categories == ("Prix",)
    out = tmp_path / "bilan.docx"
    page.export_to(out)
    qtbot.waitUntil(out.exists, timeout=20_000)
    doc = Document(str(out))
    assert any("Bilan des réponses" in p.text for p in doc.paragraphs)
