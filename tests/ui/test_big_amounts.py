"""Huge or non-numeric amounts typed in the lots table or a reference never crash the app
(the figures themselves: tests/test_fr_screen.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from responder.domain.library import Reference
from responder.services.library import LibraryService
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.pages.references_page import ReferencesPage
from responder.ui.pages.tenders_page import TendersPage
from responder.ui.widgets import lots_editor
from responder.ui.widgets.lots_editor import LotsEditor
from responder.ui.widgets.reference_editor import ReferenceEditor

from .conftest import Services
from .helpers import page_alone, show_alone

_ = page_alone  # the ``page`` fixture: the Consultations page built alone

TOO_BIG = "montant trop grand : 1 000 milliards d'euros au plus."


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_huge_amount_in_a_lot_cell_shows_a_french_error(
    services: Services, page: TendersPage, qtbot: Any
) -> None:
    saved = services.tenders.save({"title": "Blanchisserie hospitalière"}, services.structure_id())
    assert saved.id is not None
    page.reload()
    page.select_tender(saved.id)
    lots = page.editor.lots_editor
    lots.add_button.click()
    table = lots.table
    table.closePersistentEditor(table.item(0, lots_editor.COL_TITLE))
    table.item(0, lots_editor.COL_TITLE).setText("Linge plat")

    for typed in ("1" * 20, "1e999999", str(2**63)):
        table.item(0, lots_editor.COL_AMOUNT).setText(typed)
        assert not table.signalsBlocked()
        assert table.item(0, lots_editor.COL_AMOUNT).text() == typed  # kept, to be corrected
        assert lots.amount_error.isVisibleTo(lots)
        assert lots.amount_error.text() == f"Lot 1 : {TOO_BIG}"
        assert page.save_current() is False
        assert TOO_BIG in page.editor.errors.messages()["lots"]
        assert services.tenders.get(saved.id).lots == []

    table.item(0, lots_editor.COL_AMOUNT).setText("nan")
    assert "Input should" not in lots.amount_error.text()
    assert "nombre est attendu" in lots.amount_error.text()
    assert page.save_current() is False
    assert "Input should" not in page.editor.errors.messages()["lots"]

    table.item(0, lots_editor.COL_AMOUNT).setText("1000000000000")
    assert not lots.amount_error.isVisibleTo(lots)
    assert page.save_current() is True, page.editor.errors.messages()
    assert services.tenders.get(saved.id).lots[0].estimated_amount == Decimal(10**12)


def test_lots_editor_alone_survives_every_paste(qtbot: Any) -> None:
    editor = LotsEditor()
    qtbot.addWidget(editor)
    editor.add_lot()
    item = editor.table.item(0, lots_editor.COL_AMOUNT)
    for typed in ("9" * 400, "-1e999999", "inf", "1e99999999999999999999", "12 500,5"):
        item.setText(typed)
        assert not editor.table.signalsBlocked()
    assert _plain(item.text()) == "12 500,50 €"
    assert not editor.amount_error.text()


def test_huge_reference_amount_is_refused_in_french(
    ctx: UiContext, session: Session, qtbot: Any
) -> None:
    library = LibraryService(session)
    ref = library.save_reference({"title": "Tonte des stades", "amount_ht": "10000"},
                                 ctx.current_structure_id())
    assert ref.id is not None
    page = show_alone(qtbot, ReferencesPage(ctx))
    assert page.select_reference(ref.id)
    for typed in ("1" * 20, "1e999999"):
        page.editor.amount_edit.setText(typed)
        assert page.save_current() is False
        assert page.editor.errors.messages()["amount_ht"] == TOO_BIG
    page.editor.amount_edit.setText("nan")
    assert page.save_current() is False
    assert "Input should" not in page.editor.errors.messages()["amount_ht"]
    assert library.get_reference(ref.id).amount_ht == Decimal(10000)  # nothing saved


def test_reference_with_an_out_of_range_amount_still_opens(qtbot: Any) -> None:
    """A value saved before amounts were bounded must not make the reference unopenable."""
    editor = ReferenceEditor()
    qtbot.addWidget(editor)
    # model_copy does not validate: it stands for a row written before the bound existed.
    old = Reference(title="Ancienne référence").model_copy(update={"amount_ht": Decimal(2**64)})
    editor.load(old, [])
    assert _plain(editor.amount_edit.text()) == "18 446 744 073 709 551 616"
