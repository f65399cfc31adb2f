"""The Consultation form: two-phase dates (R2161-6 to R2161-15) only for two-phase
procedures, their legal warnings, joint reservations (L2113-14) and the eligibility panel."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

from responder.domain.enums import Procedure, Reservation
from responder.ui.models.tender_table import COL_DEADLINE
from responder.ui.pages.tenders_page import TendersPage
from responder.ui.widgets import lots_editor
from responder.ui.widgets.combos import set_combo_value

from .conftest import Services
from .helpers import page_alone

_ = page_alone  # the ``page`` fixture: the Consultations page built alone


def _shown(page: TendersPage, tender_id: int) -> Any:
    page.reload()
    assert page.select_tender(tender_id)
    return page.editor


def test_two_phase_dates_and_their_warnings_show_for_an_aor_r2161_6_r2161_8(
    page: TendersPage, services: Services
) -> None:
    """AOR: candidatures deadline and invitation fields shown, with the legal warnings
    (candidatures < 30 days, R2161-6; offers < 25 days from the invitation, R2161-8/9)."""
    saved = services.tenders.save({
        "title": "Collecte des textiles", "procedure": "aor", "published_on": "2030-01-07",
        "candidatures_deadline": "2030-02-01T12:00:00", "invitation_on": "2030-02-18",
        "deadline": "2030-03-05T12:00:00",
    }, services.structure_id())
    assert saved.id is not None
    editor = _shown(page, saved.id)
    form = editor.dates_form
    assert form.isRowVisible(editor._candidatures_row)
    assert form.isRowVisible(editor._invitation_row)
    assert editor.candidatures_edit.value().date() == date(2030, 2, 1)
    assert editor.date_warnings.isVisible()
    text = editor.date_warnings.text()
    assert "R2161-6" in text and "R2161-8" in text
    set_combo_value(editor.procedure_combo, Procedure.MAPA)
    assert not form.isRowVisible(editor._candidatures_row)
    data = editor.to_data()
    assert data["candidatures_deadline"] is None and data["invitation_on"] is None


def test_an_open_procedure_hides_the_phase_fields_and_warns_on_a_holiday(
    page: TendersPage, services: Services
) -> None:
    """Reg. 1182/71 art. 3(4): a DLRO on 1 May is flagged under the dates."""
    saved = services.tenders.save({
        "title": "Entretien", "procedure": "mapa", "published_on": "2031-03-03",
        "deadline": "2031-05-01T12:00:00",
    }, services.structure_id())
    assert saved.id is not None
    editor = _shown(page, saved.id)
    assert not editor.dates_form.isRowVisible(editor._candidatures_row)
    assert "jour férié" in editor.date_warnings.text()


def test_a_lot_can_be_reserved_to_esat_ea_and_siae_at_once_l2113_14(
    page: TendersPage, services: Services
) -> None:
    """L2113-14: the reservation column offers the joint L2113-12 + L2113-13 choice, and the
    eligibility panel judges the structure on the reserved lot."""
    saved = services.tenders.save({
        "title": "Espaces verts", "deadline": "2031-06-10T12:00:00",
        "lots": [{"number": 1, "title": "Tonte", "reserved": "L2113-13"}],
    }, services.structure_id())
    assert saved.id is not None
    editor = _shown(page, saved.id)
    assert editor.eligibility_label.isVisible()
    assert "Lot 1" in editor.eligibility_label.text()
    table = editor.lots_editor.table
    cell = table.model().index(0, lots_editor.COL_RESERVED)
    delegate = table.itemDelegateForColumn(lots_editor.COL_RESERVED)
    combo = delegate.createEditor(table.viewport(), QStyleOptionViewItem(), cell)
    assert isinstance(combo, QComboBox)
    delegate.setEditorData(combo, cell)
    assert combo.currentData() == ["L2113-13"]
    joint = next(i for i in range(combo.count()) if combo.itemData(i) == ["L2113-12", "L2113-13"])
    combo.setCurrentIndex(joint)
    delegate.setModelData(combo, table.model(), cell)
    assert table.item(0, lots_editor.COL_RESERVED).text() == (
        "ESAT / EA + SIAE (L2113-12 + L2113-13)"
    )
    assert page.save_current()
    stored = services.tenders.get(saved.id).lots[0].reserved
    assert stored == [Reservation.ESAT_EA, Reservation.SIAE]


def test_a_dossier_waiting_for_its_invitation_lists_its_candidatures_deadline_r2161_6(
    page: TendersPage, services: Services
) -> None:
    """Before the invitation an AOR has no offers deadline: the list shows (and sorts on)
    the candidatures deadline, which is the next one to meet."""
    saved = services.tenders.save({
        "title": "Restreint", "procedure": "aor", "published_on": "2030-01-07",
        "candidatures_deadline": "2030-02-11T12:00:00",
    }, services.structure_id())
    assert saved.id is not None
    page.reload()
    model = page.model
    row = model.row_of(saved.id)
    assert row is not None
    text = model.data(model.index(row, COL_DEADLINE))
    assert "11/02/2030" in text and "candidatures" in text
    assert model.sort_key(row, COL_DEADLINE) is not None
