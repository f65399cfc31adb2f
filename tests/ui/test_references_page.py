"""« Références »: search as you type, filters, editor, CSV import/export, undo — the page
alone on a real workspace, scripted dialogs (``ctx.prompts``)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from responder.services.changes import Changes, Topic
from responder.services.library import LibraryService
from responder.services.refs_csv import COLUMNS
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.models.reference_table import COL_AMOUNT, COL_TITLE, FIRST_BATCH, PAGE_SIZE
from responder.ui.pages.references_page import ReferencesPage

from .fakes import FakePrompts
from .helpers import show_alone

OpenPage = Callable[[], ReferencesPage]


def _add(library: LibraryService, sid: int, **data: Any) -> int:
    ref = library.save_reference(data, sid)
    assert ref.id is not None
    return ref.id


@pytest.fixture
def library(session: Session) -> LibraryService:
    return LibraryService(session)


@pytest.fixture
def sid(ctx: UiContext) -> int:
    return ctx.current_structure_id()


@pytest.fixture
def prompts(ctx: UiContext) -> FakePrompts:
    assert isinstance(ctx.prompts, FakePrompts)
    return ctx.prompts


@pytest.fixture
def open_page(ctx: UiContext, qtbot: Any) -> OpenPage:
    """Build the page alone on the test workspace (shown, for the keyboard)."""

    def _open() -> ReferencesPage:
        return show_alone(qtbot, ReferencesPage(ctx))

    return _open


def _titles(page: ReferencesPage) -> list[str]:
    return [page.model.index(r, COL_TITLE).data() for r in range(page.model.rowCount())]


def test_typing_narrows_the_list_accent_and_case_insensitive(
    open_page: OpenPage, library: LibraryService, sid: int, prompts: FakePrompts,
    qtbot: Any,
) -> None:
    _add(library, sid, title="Débroussaillement des berges du Gardon", buyer_name="SMAGE")
    _add(library, sid, title="Nettoyage des locaux de la mairie", buyer_name="Ville d'Alès")
    _add(library, sid, title="Animation au cœur de ville", buyer_name="Ville d'Uzès")
    page = open_page()
    assert len(_titles(page)) == 3
    assert page.count_label.text() == "3 références"

    page.search_edit.setText("DEBROUSS")  # debounced: the list follows once typing pauses
    qtbot.waitUntil(lambda: _titles(page) == ["Débroussaillement des berges du Gardon"])
    page.search_edit.setText("coeur")
    qtbot.waitUntil(lambda: _titles(page) == ["Animation au cœur de ville"])
    for hostile in ("d'insertion", "NOT", '"', "*", "espaces-verts"):
        page.search_edit.setText(hostile)
        page.run_search()  # never raises, whatever the text
    page.search_edit.setText("introuvable")
    page.run_search()
    assert page.list_stack.currentWidget() is page.empty_label
    assert "Aucune référence ne correspond" in page.empty_label.text()
    page.reset_filters_button.click()
    assert len(_titles(page)) == 3


def test_filters_and_sort(
    open_page: OpenPage, library: LibraryService, sid: int, prompts: FakePrompts
) -> None:
    _add(library, sid, title="Tonte", families=["espaces verts"], amount_ht="12000",
         end="2021-06-30", role="mandataire")
    _add(library, sid, title="Ménage", families=["propreté"], amount_ht="90000",
         end="2025-06-30")
    page = open_page()
    page.family_combo.setCurrentIndex(page.family_combo.findData("espaces verts"))
    assert _titles(page) == ["Tonte"]
    page.family_combo.setCurrentIndex(0)
    page.role_filter_combo.setCurrentIndex(page.role_filter_combo.findData("mandataire"))
    assert _titles(page) == ["Tonte"]
    page.role_filter_combo.setCurrentIndex(0)
    page.year_from_spin.setValue(2024)
    page.run_search()
    assert _titles(page) == ["Ménage"]
    page.year_from_spin.setValue(page.year_from_spin.minimum())
    page.amount_min_edit.setText("20 000")
    page.run_search()
    assert _titles(page) == ["Ménage"]
    page.amount_min_edit.setText("beaucoup")
    page.run_search()
    assert "Montant minimum" in page.filter_error.text() and page.filter_error.isVisibleTo(page)
    assert _titles(page) == ["Ménage"]  # the previous results stay
    page.amount_min_edit.clear()
    page.sort_combo.setCurrentIndex(page.sort_combo.findData("montant"))
    assert _titles(page) == ["Ménage", "Tonte"]
    shown = page.model.index(0, COL_AMOUNT).data()
    assert shown.replace("\u202f", " ").replace("\u00a0", " ") == "90 000 €"
    assert not page.filter_error.isVisibleTo(page)


def test_edit_save_and_invalid_field_message(
    open_page: OpenPage, library: LibraryService, sid: int, prompts: FakePrompts
) -> None:
    ref_id = _add(library, sid, title="Tonte des stades", amount_ht="10000")
    page = open_page()
    assert page.select_reference(ref_id)
    editor = page.editor
    editor.amount_edit.setText("douze mille")
    editor.end_edit.set_value(None)
    assert editor.is_dirty()
    assert not page.save_current()
    messages = editor.errors.messages()
    assert "amount_ht" in messages
    assert editor.amount_edit.hasFocus() or page.focusWidget() is editor.amount_edit
    assert library.get_reference(ref_id).amount_ht == Decimal("10000")  # nothing saved

    editor.amount_edit.setText("12 500,50")
    editor.title_edit.setText("")
    assert not page.save_current()
    assert "title" in editor.errors.messages()

    editor.title_edit.setText("Tonte des stades et élagage")
    editor.hours_spin.setValue(1200)
    editor.environment_edit.setPlainText("tonnes de déchets verts compostés : 35")
    editor.cpv_edit.setText("77310000-6")
    editor.confidential_check.setChecked(True)
    assert editor.confidential_banner.isVisibleTo(editor)
    assert page.save_current()
    stored = library.get_reference(ref_id)
    assert stored.title == "Tonte des stades et élagage"
    assert stored.amount_ht == Decimal("12500.50")
    assert stored.social_impact.insertion_hours == 1200
    assert stored.environmental_impact == {"tonnes de déchets verts compostés": "35"}
    assert stored.cpv_codes == ["77310000-6"]
    assert stored.confidential
    assert not editor.is_dirty()
    # confidential references are marked in the list by text, not colour alone
    assert page.model.index(0, COL_TITLE).data().startswith("[Confidentielle] ")

    editor.environment_edit.setPlainText("sans deux-points")
    assert not page.save_current()
    assert "libellé : valeur" in editor.errors.messages()["environmental_impact"]


def test_families_are_ticked_and_typed(
    open_page: OpenPage, library: LibraryService, sid: int, prompts: FakePrompts
) -> None:
    ref_id = _add(library, sid, title="Repas", families=["restauration"])
    page = open_page()
    page.select_reference(ref_id)
    editor = page.editor
    assert editor.checked_families() == ["restauration"]
    item = editor.families_list.findItems("propreté", Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(Qt.CheckState.Checked)
    editor.other_families_edit.setText("portage de repas")
    assert page.save_current()
    assert library.get_reference(ref_id).families == [
        "propreté", "restauration", "portage de repas"
    ]
    assert page.family_combo.findData("portage de repas") >= 0  # offered as a filter now


def test_new_duplicate_delete_and_undo(
    open_page: OpenPage, library: LibraryService, sid: int, prompts: FakePrompts,
    session: Session,
) -> None:
    page = open_page()
    assert page.list_stack.currentWidget() is page.empty_label
    created = page.new_reference()
    assert created is not None and created.id is not None
    assert page.current_reference_id() == created.id
    page.editor.title_edit.setText("Collecte des encombrants")
    assert page.save_current()
    copy = page.duplicate_selected()
    assert copy is not None and copy.title == "Collecte des encombrants (copie)"
    assert session.references.count(sid) == 2

    prompts.script("ask_yes_no", False, True)
    assert not page.delete_selected()
    assert session.references.count(sid) == 2
    assert page.delete_selected()
    assert "Collecte des encombrants (copie)" in prompts.asked[-1][2]
    assert session.references.count(sid) == 1
    assert _titles(page) == ["Collecte des encombrants"]
    page.undo_stack().undo()
    assert session.references.count(sid) == 2
    assert sorted(_titles(page)) == ["Collecte des encombrants",
                                     "Collecte des encombrants (copie)"]
    assert page.current_reference_id() == copy.id


def test_unsaved_changes_are_asked_before_switching(
    open_page: OpenPage, library: LibraryService, sid: int, prompts: FakePrompts
) -> None:
    first = _add(library, sid, title="Premier", end="2025-01-01")
    second = _add(library, sid, title="Second", end="2024-01-01")
    page = open_page()
    page.select_reference(first)
    page.editor.title_edit.setText("Premier modifié")
    prompts.script("ask_unsaved", "cancel", "save")
    page.table.selectRow(1)
    assert page.current_reference_id() == first
    assert page.editor.title_edit.text() == "Premier modifié"
    page.table.selectRow(1)
    assert page.current_reference_id() == second
    assert library.get_reference(first).title == "Premier modifié"


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    headers = [h for _, h in COLUMNS]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path


def test_csv_import_with_one_bad_row_asks_then_imports_the_good_rows(
    open_page: OpenPage, library: LibraryService, sid: int, prompts: FakePrompts,
    session: Session, tmp_path: Path,
) -> None:
    csv_file = _csv(tmp_path / "refs.csv", [
        {"Titre": "Tonte des stades", "Acheteur": "Ville d'Alès", "Date de fin": "30/06/2025",
         "Montant HT": "12 345,50", "Familles d'achat": "espaces verts"},
        {"Titre": "Fauchage", "Date de début": "31/02/2024"},
        {"Titre": "Nettoyage & vitrerie", "Description": "Deux lignes\nde description"},
    ])
    page = open_page()
    prompts.script("open_file", csv_file, csv_file, csv_file, csv_file)
    prompts.script("ask_yes_no", False)
    assert page.import_csv() == 0
    _, title, question = prompts.asked[-1]
    assert title == "Lignes incorrectes"
    assert "ligne 3" in question and "31/02/2024" in question
    assert session.references.count(sid) == 0  # nothing half-imported

    prompts.script("ask_yes_no", True)
    assert page.import_csv() == 2
    assert sorted(_titles(page)) == ["Nettoyage & vitrerie", "Tonte des stades"]
    stored = {r.title: r for r in session.references.list(sid)}
    assert stored["Tonte des stades"].amount_ht == Decimal("12345.50")
    assert stored["Nettoyage & vitrerie"].description == "Deux lignes\nde description"

    # the same file again: the good rows are duplicates (same buyer, title, year)
    prompts.script("ask_yes_no", True, False)
    assert page.import_csv() == 0
    _, duplicates_title, duplicates = prompts.asked[-1]
    assert duplicates_title == "Références en double"
    assert "ligne 2 : Tonte des stades — Ville d'Alès (2025)" in duplicates
    assert session.references.count(sid) == 2
    prompts.script("ask_yes_no", True, True)  # the user wants them twice
    assert page.import_csv() == 2
    assert session.references.count(sid) == 4


def test_csv_import_of_a_file_without_good_rows_says_why(
    open_page: OpenPage, sid: int, prompts: FakePrompts, session: Session,
    tmp_path: Path,
) -> None:
    csv_file = _csv(tmp_path / "refs.csv", [{"Titre": "", "Acheteur": "Ville"}])
    page = open_page()
    prompts.script("open_file", csv_file, tmp_path / "absent.csv", None)  # None: cancelled
    assert page.import_csv() == 0
    assert prompts.messages and "ligne 2" in prompts.messages[-1][2]
    assert page.import_csv() == 0
    assert "introuvable" in prompts.messages[-1][2]
    assert page.import_csv() == 0
    assert len(prompts.messages) == 2 and not prompts.pending()
    assert session.references.count(sid) == 0


def test_csv_export_leaves_out_confidential_references(
    open_page: OpenPage, library: LibraryService, sid: int, prompts: FakePrompts,
    tmp_path: Path,
) -> None:
    _add(library, sid, title="Jardins & Cie", amount_ht="1234.5")
    _add(library, sid, title="Secret", confidential=True)
    page = open_page()
    prompts.script("save_file", tmp_path / "export")
    assert page.export_csv() == 1
    text = (tmp_path / "export.csv").read_text(encoding="utf-8-sig")
    assert "Jardins & Cie" in text and "1 234,50" in text
    assert "Secret" not in text


def test_certificate_and_photo_are_attached_through_the_file_chooser(
    open_page: OpenPage, library: LibraryService, sid: int, prompts: FakePrompts,
    tmp_path: Path,
) -> None:
    ref_id = _add(library, sid, title="Tonte")
    pdf = tmp_path / "attestation-alès.pdf"
    pdf.write_bytes(b"%PDF-1.4 attestation")
    page = open_page()
    page.select_reference(ref_id)
    page.editor.title_edit.setText("Tonte et taille")  # unsaved edit survives the attachment
    prompts.script("open_file", pdf, pdf)
    assert page.attach_certificate()
    assert "attestation-alès.pdf" in page.editor.certificate_label.text()
    assert page.editor.title_edit.text() == "Tonte et taille"
    assert page.add_photo()
    assert page.editor.photos_label.text() == "1 photo"
    assert page.save_current()
    stored = library.get_reference(ref_id)
    assert stored.certificate_name == "attestation-alès.pdf" and len(stored.photos) == 1
    assert stored.title == "Tonte et taille"


def test_the_list_loads_ids_in_batches_and_rows_on_demand(
    open_page: OpenPage, session: Session, sid: int, prompts: FakePrompts
) -> None:
    from responder.domain.library import Reference

    with session.ws.transaction():
        for n in range(FIRST_BATCH + 50):
            session.references.add(Reference(structure_id=sid, title=f"Référence {n}"))
    loaded: list[int] = []
    page = open_page()
    original = page.model._load

    def counting(ids: list[int]) -> list[Any]:
        loaded.extend(ids)
        return original(ids)

    page.model._load = counting
    page.run_search()
    assert page.model.rowCount() == FIRST_BATCH
    assert page.model.canFetchMore()
    assert page.count_label.text() == f"{FIRST_BATCH}+ références"
    assert loaded == []  # nothing loaded before a row is drawn
    QApplication.processEvents()  # the view lays its rows out after the reset
    page.table.viewport().repaint()
    assert 0 < len(loaded) <= PAGE_SIZE  # only the page of the rows drawn
    first = list(loaded)
    page.model.index(1, COL_TITLE).data()
    assert loaded == first  # cached, not read again
    page.model.fetch_all()
    assert page.model.rowCount() == FIRST_BATCH + 50
    assert page.model.reference_at(FIRST_BATCH + 49) is not None
    assert len(loaded) < FIRST_BATCH + 50 + PAGE_SIZE


def test_keyboard_ctrl_f_and_ctrl_s(
    open_page: OpenPage, library: LibraryService, sid: int, prompts: FakePrompts,
    qtbot: Any,
) -> None:
    ref_id = _add(library, sid, title="Tonte")
    page = open_page()
    page.select_reference(ref_id)
    page.editor.title_edit.setText("Tonte des pelouses")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert library.get_reference(ref_id).title == "Tonte des pelouses"
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()


def test_a_reference_added_elsewhere_appears_once_announced(
    open_page: OpenPage, library: LibraryService, sid: int, ctx: UiContext, qtbot: Any
) -> None:
    page = open_page()
    assert page.shown_ids() == []
    added = _add(library, sid, title="Marché gagné", buyer_name="Ville d'Alès")
    ctx.bus.announce(Changes.of(Topic.REFERENCES))  # the outcome tab, the veille…
    qtbot.waitUntil(lambda: page.shown_ids() == [added])
    ctx.bus.announce(Changes.of(Topic.REFERENCES, source=page))  # its own: ignored
    assert not page.refresher.stale
