"""« Dépôt »: the check leads to the piece to fix, the pack is built off the UI thread, the
deposit is recorded; driven on real widgets over a real workspace (no modal dialog)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime

from responder.domain.deposit_check import due_at_deposit
from responder.domain.enums import TenderStatus
from responder.domain.tender import Tender
from responder.services.checklist import ChecklistService
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.pages.checklist_tab import ChecklistTab
from responder.ui.pages.deposit_tab import DepositTab
from responder.ui.pages.tenders_page import TendersPage
from tests.services.test_deposit import pdf

from .conftest import Services
from .helpers import dossier_tab, page_alone, shown_tab

_ = page_alone  # the ``page`` fixture: the Consultations page built alone


def _tender(services: Services, **extra: Any) -> Tender:
    deadline = date.today() + timedelta(days=20)
    tender = services.tenders.save({
        "title": "Collecte des encombrants", "reference": "2026-ENC-07",
        "deadline": f"{deadline.isoformat()}T12:00:00", "status": "en_preparation", **extra,
    }, services.structure_id())
    assert tender.id is not None
    return tender


def _checked(tab: DepositTab, qtbot: Any) -> DepositTab:
    qtbot.waitUntil(lambda: not tab.page_count_running(), timeout=60_000)
    return tab


def _alone(ctx: UiContext, qtbot: Any, tender: Tender) -> DepositTab:
    """The « Dépôt » tab built alone on ``tender``, its check done."""
    return _checked(shown_tab(DepositTab(ctx), qtbot, tender, (1100, 800)), qtbot)


def _on_page(page: TendersPage, services: Services, qtbot: Any) -> tuple[int, DepositTab]:
    """A new dossier selected on the Consultations page, its « Dépôt » tab shown."""
    tender_id = _tender(services).id
    assert tender_id is not None
    page.reload()
    assert page.select_tender(tender_id)
    tab = dossier_tab(page, DepositTab)
    page.dossier_tabs.setCurrentWidget(tab)
    return tender_id, _checked(tab, qtbot)


def _attach_all(session: Session, tender_id: int, folder: Path) -> None:
    service = ChecklistService(session)
    for index, row in enumerate(service.view(tender_id).rows):
        if row.item.counted and due_at_deposit(row.item):
            service.attach_file(tender_id, row.item.uid, pdf(folder / f"piece{index}.pdf"))


def test_a_click_on_a_missing_piece_opens_it_in_the_pieces_tab(
    page: TendersPage, services: Services, qtbot: Any
) -> None:
    _, tab = _on_page(page, services, qtbot)
    assert "bloquant" in tab.summary_label.text()
    issues = tab.shown_issues()
    missing = next(i for i in issues if i.code == "piece_missing" and "DC2" in i.piece)
    row = next(i for i in range(tab.tree.count()) if tab.tree.item(i).data(256) == missing)
    assert tab.go_to(tab.tree.item(row))
    current = page.dossier_tabs.currentWidget()
    assert isinstance(current, ChecklistTab)
    assert current.current_uid() == missing.uid


def test_pack_is_built_in_the_background_then_the_folder_opens(
    ctx: UiContext, services: Services, session: Session, qtbot: Any, tmp_path: Path
) -> None:
    tender = _tender(services)
    assert tender.id is not None
    _attach_all(session, tender.id, tmp_path)
    tab = _alone(ctx, qtbot, tender)
    assert tab.summary_label.text().startswith("Prêt pour le dépôt")
    out = tmp_path / "pli"
    assert tab.build_pack(out) is not None
    qtbot.waitUntil(lambda: not tab.pack_running(), timeout=60_000)
    assert (out / "LISEZ-MOI.txt").is_file()
    assert (out / "Candidature").is_dir() and (out / "Offre").is_dir()
    assert not tab.open_button.isHidden()
    tab.open_button.click()
    assert ctx.prompts.opened == [str(out)]  # type: ignore[attr-defined]
    # A second pack into the same (now full) folder is refused in French, in the tab.
    assert tab.build_pack(out) is None
    assert "n'est pas vide" in tab.error_label.text()


def test_settings_are_checked_and_saved(
    ctx: UiContext, services: Services, qtbot: Any
) -> None:
    tender = _tender(services)
    tab = _alone(ctx, qtbot, tender)
    tab.settings_toggle.setChecked(True)
    assert not tab.settings_box.isHidden()
    tab.pattern_edit.setText("{Piece}_{Candidat}")
    assert not tab.save_settings()
    assert "{NN}" in tab.error_label.text()
    for edit, text in ((tab.pattern_edit, "{NN}_{Lot}_{Piece}"),
                       (tab.formats_edit, "pdf, docx")):
        edit.setText(text)
    tab.max_file_spin.setValue(20)
    tab.backup_check.setChecked(True)
    assert tab.save_settings()
    assert tender.id is not None
    stored = services.tenders.get(tender.id).deposit
    assert stored is not None
    assert stored.settings.naming_pattern == "{NN}_{Lot}_{Piece}"
    assert stored.settings.max_file_mb == 20
    assert stored.settings.formats == ["pdf", "docx"] and stored.settings.backup_copy
    assert any(i.code == "backup_copy" for i in tab.shown_issues())


def test_recording_the_deposit_moves_the_dossier_to_depose(
    page: TendersPage, services: Services, qtbot: Any, tmp_path: Path
) -> None:
    tid, tab = _on_page(page, services, qtbot)
    receipt = pdf(tmp_path / "accuse.pdf")
    page.ctx.prompts.script("open_file", receipt)  # type: ignore[attr-defined]
    tab.receipt_button.click()
    assert tab.receipt_label.text() == "accuse.pdf"
    moment = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=2)
    tab.at_edit.setDateTime(QDateTime(moment))
    assert tab.record()
    tender = services.tenders.get(tid)
    assert tender.status == TenderStatus.DEPOSE
    assert tender.deposit is not None and tender.deposit.record is not None
    assert tender.deposit.record.deposited_at == moment
    assert "Déposé le" in tab.record_label.text() and "accuse.pdf" in tab.record_label.text()
    assert not tab.open_receipt_button.isHidden()
    row = page.model.row_of(tid)
    assert row is not None and page.model.tender_at(row).status == TenderStatus.DEPOSE
    # A date in the future is refused with the reason, nothing changes.
    tab.at_edit.setDateTime(QDateTime(datetime.now() + timedelta(days=3)))
    assert not tab.record()
    assert "futur" in tab.error_label.text()


def test_page_limit_is_counted_in_the_background(
    ctx: UiContext, services: Services, session: Session, qtbot: Any, tmp_path: Path
) -> None:
    tender = _tender(services, page_limit=4)
    tid = tender.id
    assert tid is not None
    _attach_all(session, tid, tmp_path)
    ChecklistService(session).attach_file(tid, "memoire_technique@groupement",
                                          pdf(tmp_path / "memoire.pdf", pages=6))
    tab = _alone(ctx, qtbot, tender)
    assert "6 pages / 4" in tab.pages_label.text()
    assert any(i.code == "page_limit_exceeded" for i in tab.shown_issues())
