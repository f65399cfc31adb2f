"""The « Pièces » tab of a dossier, driven like a user on a real workspace."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from responder.domain.checklist import ItemStatus
from responder.services.changes import Changes, Topic
from responder.services.checklist import ChecklistService
from responder.services.vault import VaultService
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.models.tender_table import COL_PIECES
from responder.ui.pages.checklist.tree import COL_VALIDITY
from responder.ui.pages.checklist_tab import ChecklistTab
from responder.ui.pages.tenders_page import TendersPage

from .conftest import Services
from .helpers import column_texts, dossier_tab, page_alone, shown_tab

_ = page_alone  # the ``page`` fixture: the Consultations page built alone

TODAY = date.today()


def _dossier(services: Services, **fields: object) -> int:
    data = {
        "title": "Entretien des espaces verts",
        "buyer": "Ville de Nîmes",
        "status": "en_preparation",
        "deadline": datetime.combine(TODAY + timedelta(days=200), datetime.min.time())
        .replace(hour=12)
        .isoformat(),
        **fields,
    }
    saved = services.tenders.save(data, services.structure_id())
    assert saved.id is not None
    return saved.id


def _open_tab(page: TendersPage, tender_id: int) -> ChecklistTab:
    page.reload()
    assert page.select_tender(tender_id)
    tab = dossier_tab(page, ChecklistTab)
    page.dossier_tabs.setCurrentWidget(tab)
    assert tab.isVisible()
    return tab


def _uid(tab: ChecklistTab, key: str) -> str:
    view = tab._view
    assert view is not None
    return next(r.item.uid for r in view.rows if r.item.key == key)


def _stored(session: Session, tender_id: int, uid: str) -> object:
    item = ChecklistService(session).current(tender_id).item(uid)
    assert item is not None
    return item


@pytest.fixture
def dossier(services: Services) -> int:
    return _dossier(services)


def _alone(ctx: UiContext, qtbot: Any, services: Services, tender_id: int) -> ChecklistTab:
    """The « Pièces » tab alone, shown on dossier ``tender_id`` (fake dialogs)."""
    return shown_tab(ChecklistTab(ctx), qtbot, services.tenders.get(tender_id), (1100, 700))


@pytest.fixture
def tab(ctx: UiContext, services: Services, dossier: int, qtbot: Any) -> ChecklistTab:
    """The « Pièces » tab alone, shown on ``dossier``."""
    return _alone(ctx, qtbot, services, dossier)


def test_keys_change_the_status_and_sans_objet_asks_why(
    tab: ChecklistTab, ctx: UiContext, session: Session, dossier: int, qtbot: object
) -> None:
    uid = _uid(tab, "declaration_candidat")
    assert tab.select_uid(uid)
    tab.tree.setFocus()
    before = tab.progress_label.text()

    qtbot.keyClick(tab.tree, Qt.Key.Key_3)  # type: ignore[attr-defined]

    assert _stored(session, dossier, uid).status == ItemStatus.PRET  # type: ignore[attr-defined]
    assert tab.progress_label.text() != before
    assert tab.current_uid() == uid  # the selection stays on the piece
    assert tab.tree_item(uid).text(3).startswith("Prêt")  # type: ignore[union-attr]

    ctx.prompts.script("ask_text", None)  # type: ignore[attr-defined]
    qtbot.keyClick(tab.tree, Qt.Key.Key_4)  # type: ignore[attr-defined]
    assert ctx.prompts.asked[-1] == (  # type: ignore[attr-defined]
        "ask_text", "Pièce sans objet",
        "Pourquoi « Déclaration du candidat (DC2) » est-elle sans objet ?")
    assert _stored(session, dossier, uid).status == ItemStatus.PRET  # type: ignore[attr-defined]

    ctx.prompts.script("ask_text", "Remplacée par le DUME")  # type: ignore[attr-defined]
    qtbot.keyClick(tab.tree, Qt.Key.Key_4)  # type: ignore[attr-defined]
    item = _stored(session, dossier, uid)
    assert item.status == ItemStatus.SANS_OBJET  # type: ignore[attr-defined]
    assert item.reason == "Remplacée par le DUME"  # type: ignore[attr-defined]

    ctx.prompts.script("ask_text", "   ")  # type: ignore[attr-defined]
    assert tab.select_uid(_uid(tab, "lettre_candidature"))
    qtbot.keyClick(tab.tree, Qt.Key.Key_4)  # type: ignore[attr-defined]
    assert "pourquoi" in tab.error_label.text()
    assert not tab.error_label.isHidden()


def test_attach_a_real_file_through_the_hook_and_refuse_bad_ones(
    tab: ChecklistTab, ctx: UiContext, session: Session, dossier: int, tmp_path: Path
) -> None:
    uid = _uid(tab, "memoire_technique")
    tab.select_uid(uid)

    empty = tmp_path / "vide.pdf"
    empty.write_bytes(b"")
    ctx.prompts.script("open_file", empty)  # type: ignore[attr-defined]
    tab.attach_button.click()
    assert "vide (0 octet)" in tab.error_label.text()
    assert _stored(session, dossier, uid).file_hash is None  # type: ignore[attr-defined]

    ctx.prompts.script("open_file", tmp_path / "absent.pdf")  # type: ignore[attr-defined]
    tab.attach_button.click()
    assert "introuvable" in tab.error_label.text()
    assert _stored(session, dossier, uid).file_hash is None  # type: ignore[attr-defined]

    good = tmp_path / "mémoire technique.docx"
    good.write_bytes(b"PK\x03\x04 contenu")
    ctx.prompts.script("open_file", good)  # type: ignore[attr-defined]
    tab.attach_button.click()
    assert tab.error_label.isHidden()
    item = _stored(session, dossier, uid)
    assert item.file_name == "mémoire technique.docx"  # type: ignore[attr-defined]
    stored = session.files.find(item.file_hash)  # type: ignore[attr-defined]
    assert stored is not None and stored.read_bytes() == good.read_bytes()
    assert tab.tree_item(uid).text(5) == "mémoire technique.docx"  # type: ignore[union-attr]
    assert tab.detach_button.isEnabled()


def test_dropping_a_file_on_a_piece_attaches_it(
    tab: ChecklistTab, session: Session, dossier: int, tmp_path: Path
) -> None:
    uid = _uid(tab, "rib")
    tree_item = tab.tree_item(uid)
    assert tree_item is not None
    tab.tree.scrollToItem(tree_item)
    centre = tab.tree.visualItemRect(tree_item).center()
    source = tmp_path / "rib.pdf"
    source.write_bytes(b"%PDF-1.4 rib")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    event = QDropEvent(
        QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tab.tree.dropEvent(event)
    assert _stored(session, dossier, uid).file_name == "rib.pdf"  # type: ignore[attr-defined]


def test_attestation_expiring_before_the_award_is_highlighted_not_blocking_r2144_4(
    ctx: UiContext, qtbot: Any, services: Services, session: Session, dossier: int, tmp_path: Path
) -> None:
    """R2144-4: the URSSAF attestation is due « si vous êtes retenu »: flagged at the award
    date, with text and icon, but never counted as blocking at the deadline."""
    pdf = tmp_path / "urssaf.pdf"
    pdf.write_bytes(b"%PDF-1.4 attestation")
    # Six months of validity: valid today, expired long before a deadline 200 days away.
    VaultService(session).add("attestation_urssaf", TODAY - timedelta(days=10), pdf)
    tab = _alone(ctx, qtbot, services, dossier)
    item = tab.tree_item(_uid(tab, "attestation_urssaf"))
    assert item is not None
    text = item.text(COL_VALIDITY)
    assert text.startswith("Expire avant l'attribution")
    assert not item.icon(COL_VALIDITY).isNull()  # text and icon, not colour alone
    assert item.font(COL_VALIDITY).bold()
    assert "bloquante" not in item.text(3)
    assert "si retenu" in tab.progress_label.text()
    assert "Attribution prévue vers le" in tab.deadline_label.text()
    headings = [tab.tree.topLevelItem(i).text(0) for i in range(tab.tree.topLevelItemCount())]
    assert any("(à remettre au dépôt)" in h for h in headings)
    assert any("(si vous êtes retenu)" in h for h in headings)
    tab.select_uid(_uid(tab, "attestation_urssaf"))
    assert "si vous êtes retenu" in tab.details_label.text()


def test_add_hide_and_export_the_bordereau(
    tab: ChecklistTab, ctx: UiContext, session: Session, dossier: int, tmp_path: Path
) -> None:
    ctx.prompts.script("ask_text", "Attestation de visite des locaux")  # type: ignore[attr-defined]
    tab.add_button.click()
    custom = tab.current_row()
    assert custom is not None and custom.item.custom
    assert custom.item.label == "Attestation de visite des locaux"

    uid = _uid(tab, "moyens_materiels")
    tab.select_uid(uid)
    assert tab.hide_button.text() == "Masquer"
    tab.hide_button.click()
    assert tab.tree_item(uid) is None
    tab.show_hidden_check.setChecked(True)
    shown = tab.tree_item(uid)
    assert shown is not None and shown.text(0).endswith("(masquée)")
    tab.select_uid(uid)
    assert tab.hide_button.text() == "Réafficher"
    tab.show_hidden_check.setChecked(False)

    out = tmp_path / "bordereau"
    ctx.prompts.script("save_file", out)  # type: ignore[attr-defined]
    written = tab.export(".docx")
    assert written == out.with_suffix(".docx")
    document = docx.Document(str(written))
    labels = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Attestation de visite des locaux" in labels
    assert "Moyens matériels" not in " ".join(labels)
    view = ChecklistService(session).view(dossier)
    assert view.rows  # the export and the tab read the same service

    ctx.prompts.script("save_file", tmp_path / "pieces.csv")  # type: ignore[attr-defined]
    csv_file = tab.export(".csv")
    assert csv_file is not None
    assert "Attestation de visite des locaux" in csv_file.read_text(encoding="utf-8-sig")


def test_progress_column_follows_the_pieces_tab(
    page: TendersPage, services: Services, dossier: int, qtbot: object
) -> None:
    closed = _dossier(services, title="Ancien marché", status="perdu")
    tab = _open_tab(page, dossier)
    view = tab._view
    assert view is not None
    total = view.progress.total
    blocking = view.progress.blocking
    by_title = dict(
        zip(column_texts(page, 0), column_texts(page, COL_PIECES), strict=True)
    )
    assert by_title["Entretien des espaces verts"] == f"0/{total} · {blocking} bloquantes"
    assert by_title["Ancien marché"] == ""  # closed dossiers are not counted
    assert closed

    tab.select_uid(_uid(tab, "lettre_candidature"))
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_3)  # type: ignore[attr-defined]
    by_title = dict(zip(column_texts(page, 0), column_texts(page, COL_PIECES), strict=True))
    assert by_title["Entretien des espaces verts"] == f"1/{total} · {blocking - 1} bloquantes"


def test_undoing_a_deletion_brings_the_checklist_back(
    page: TendersPage, session: Session, dossier: int
) -> None:
    tab = _open_tab(page, dossier)
    uid = _uid(tab, "references")
    tab.select_uid(uid)
    page.ctx.prompts.script(  # type: ignore[attr-defined]
        "ask_text", "Première réponse : pas encore de références")
    tab.set_status(ItemStatus.SANS_OBJET)

    page.ctx.prompts.script("ask_yes_no", True)  # type: ignore[attr-defined]
    assert page.delete_selected()
    assert session.tenders.get(dossier) is None  # gone from every list until undone

    page.undo_stack.undo()
    stored = ChecklistService(session).stored(dossier)
    assert stored is not None
    item = stored.item(uid)
    assert item is not None and item.status == ItemStatus.SANS_OBJET
    assert item.reason == "Première réponse : pas encore de références"
    page.select_tender(dossier)
    page.dossier_tabs.setCurrentWidget(tab)
    assert tab.tree_item(uid).text(3).startswith("Sans objet")  # type: ignore[union-attr]

    page.undo_stack.redo()
    assert session.tenders.get(dossier) is None


def test_a_document_added_in_the_vault_shows_when_coming_back(
    ctx: UiContext, tab: ChecklistTab, session: Session, tmp_path: Path
) -> None:
    uid = _uid(tab, "attestation_assurance")
    assert tab.tree_item(uid).text(COL_VALIDITY).startswith("Manquant")  # type: ignore[union-attr]

    tab.hide()  # the user goes to the « Documents administratifs » page
    policy = tmp_path / "rc.pdf"
    policy.write_bytes(b"%PDF assurance")
    VaultService(session).add("attestation_assurance", TODAY - timedelta(days=30), policy)
    # What the « Documents administratifs » page announces after adding a document.
    ctx.ops.announce(Changes.of(Topic.DOCUMENTS))
    tab.show()  # … and comes back

    assert tab.tree_item(uid).text(COL_VALIDITY).startswith("Valide")  # type: ignore[union-attr]
    assert tab.tree_item(uid).text(3) == "Prêt (documents administratifs)"  # type: ignore[union-attr]


def test_a_groupement_shows_each_members_pieces_with_their_owner(
    ctx: UiContext, qtbot: Any, services: Services, session: Session, dossier: int
) -> None:
    ChecklistService(session).set_members(
        dossier,
        [
            {"name": "Ressourcerie du Pont-Vieux", "is_mandataire": True},
            {"name": "ESAT Les Oliviers"},
            {"name": "Jardins de Cocagne"},
        ],
    )
    tab = _alone(ctx, qtbot, services, dossier)
    assert not tab.tree.isColumnHidden(1)  # « Membre » is shown for a groupement
    view = tab._view
    assert view is not None
    owners = sorted(
        tab.tree_item(r.item.uid).text(1)  # type: ignore[union-attr]
        for r in view.rows
        if r.item.key == "declaration_candidat"
    )
    assert owners == ["ESAT Les Oliviers", "Jardins de Cocagne", "Ressourcerie du Pont-Vieux"]


def test_a_piece_the_buyer_already_holds_is_exempted_r2143_14(
    ctx: UiContext, qtbot: Any, services: Services, session: Session, dossier: int
) -> None:
    """R2143-14: « Dispensée » from the piece's menu marks it sans objet, citing the article."""
    tab = _alone(ctx, qtbot, services, dossier)
    uid = _uid(tab, "capacite_financiere")
    tab.select_uid(uid)
    before = tab._view.progress.total
    assert tab.exempt_selected("R2143-14")
    row = next(r for r in tab._view.rows if r.item.uid == uid)
    assert row.item.status == ItemStatus.SANS_OBJET and "R2143-14" in row.item.reason
    assert tab._view.progress.total == before - 1


def test_a_checklist_saved_in_another_window_is_detected_before_a_change(
    tab: ChecklistTab, ctx: UiContext, session: Session, dossier: int
) -> None:
    """The tab read the checklist at one row version; a save elsewhere moves it on: the user
    chooses to reload (nothing written), to cancel, or to overwrite."""
    uid = _uid(tab, "lettre_candidature")
    other = _uid(tab, "declaration_candidat")
    ChecklistService(session).update_item(dossier, other, note="saisi dans l'autre fenêtre")
    tab.select_uid(uid)
    ctx.prompts.script("ask_stale", "reload")  # type: ignore[attr-defined]
    assert not tab.set_status(ItemStatus.PRET)
    assert ctx.prompts.asked[-1] == (  # type: ignore[attr-defined]
        "ask_stale", "Pièces à fournir — Entretien des espaces verts")
    assert _stored(session, dossier, uid).status == ItemStatus.A_FAIRE  # type: ignore[attr-defined]
    assert tab.current_row().item.uid == uid  # type: ignore[union-attr]
    assert next(r for r in tab._view.rows if r.item.uid == other).item.note == (  # type: ignore[union-attr]
        "saisi dans l'autre fenêtre")
    # Reloaded: the next change goes through without a question.
    assert tab.set_status(ItemStatus.PRET)
    assert _stored(session, dossier, uid).status == ItemStatus.PRET  # type: ignore[attr-defined]

    ChecklistService(session).update_item(dossier, other, note="encore")
    ctx.prompts.script("ask_stale", "cancel", "overwrite")  # type: ignore[attr-defined]
    assert not tab.set_status(ItemStatus.EN_COURS)
    assert _stored(session, dossier, uid).status == ItemStatus.PRET  # type: ignore[attr-defined]
    assert tab.set_status(ItemStatus.EN_COURS)
    assert _stored(session, dossier, uid).status == ItemStatus.EN_COURS  # type: ignore[attr-defined]
    assert ctx.prompts.pending() == {}  # type: ignore[attr-defined]
