"""Item 4 (« Hardening »): a GUI save never writes its stale copy over a change made
meanwhile; a second window on the same workspace is told so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from responder.app import warn_if_second_instance
from responder.domain.library import Reference
from responder.services import instance
from responder.services.library import LibraryService
from responder.services.tenders import TenderService
from responder.services.workspace import Session, open_session
from responder.storage.repositories import StaleWrite
from responder.ui.context import UiContext
from responder.ui.pages.references_page import ReferencesPage

from .conftest import OpenWindow
from .demo_tabs import demo_ctx_fixture, demo_session_fixture, prompts  # noqa: F401 - fixtures
from .helpers import open_dossier, show_alone, tenders_page

RC = Path(__file__).resolve().parents[1] / "fixtures" / "rc" / "rc01_plateforme.pdf"


def test_item04_repository_refuses_a_stale_copy_and_writes_nothing(tmp_path: Path) -> None:
    first = open_session(tmp_path / "ws.responder")
    sid = first.structures.list()[0].id if first.structures.list() else None
    if sid is None:
        from responder.domain.structure import Structure

        sid = first.structures.add(Structure(name="Jardins & Cie")).id
    ref = first.references.add(Reference(structure_id=sid, title="Tonte"))
    mine = first.references.get(ref.id or 0)
    second = open_session(tmp_path / "ws.responder")  # another window, same file
    theirs = second.references.get(ref.id or 0)
    assert mine is not None and theirs is not None
    theirs.title = "Tonte et taille (autre fenêtre)"
    second.references.update(theirs)
    mine.title = "Tonte (copie périmée)"
    with pytest.raises(StaleWrite) as info:
        first.references.update(mine)
    assert "modifié ailleurs depuis son ouverture" in str(info.value)
    stored = first.references.get(ref.id or 0)
    assert stored is not None and stored.title == "Tonte et taille (autre fenêtre)"
    mine.row_version = None  # « Écraser »
    assert first.references.update(mine).title == "Tonte (copie périmée)"
    first.close()
    second.close()


@pytest.mark.parametrize("answer", ["reload", "overwrite", "cancel"])
def test_item04_tender_form_after_rc_import_elsewhere(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session, answer: str
) -> None:
    tender = next(t for t in demo_session.tenders.list() if t.is_open)
    tender.published_on = None  # the RC of the fixture is dated before the demo's notice
    tender = TenderService(demo_session).save(tender)
    assert tender.id is not None
    page = open_dossier(tenders_page(demo_ctx, qtbot), tender.id)
    prompts(demo_ctx).script("ask_stale", answer)
    done = subprocess.run(
        [sys.executable, "-m", "responder", "--workspace", str(demo_session.path), "rc",
         "import", str(RC), "--tender", str(tender.id)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    imported = demo_session.tenders.get(tender.id)
    assert imported is not None
    page.editor.notes_edit.setPlainText("Note tapée pendant l'import.")
    saved = page.save_current()
    assert prompts(demo_ctx).asked == [("ask_stale", tender.title)]
    stored = demo_session.tenders.get(tender.id)
    assert stored is not None
    if answer == "reload":
        assert not saved and stored.notes == imported.notes
        assert page.editor.notes_edit.toPlainText() == imported.notes
    elif answer == "overwrite":
        assert saved and stored.notes == "Note tapée pendant l'import."
    else:
        assert not saved and stored.notes == imported.notes
        assert page.editor.notes_edit.toPlainText() == "Note tapée pendant l'import."


def test_item04_reference_page_asks_reload_or_overwrite(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session
) -> None:
    page = show_alone(qtbot, ReferencesPage(demo_ctx))
    page.refresh()  # what the window does when it shows the page
    ref = demo_session.references.list()[0]
    assert ref.id is not None
    page.select_reference(ref.id)
    other = LibraryService(open_session(demo_session.path))
    other.save_reference({**ref.model_dump(), "title": "Titre changé ailleurs"})
    other.session.close()
    prompts(demo_ctx).script("ask_stale", "reload")
    page.editor.title_edit.setText("Mon titre")
    assert not page.save_current()
    assert page.editor.title_edit.text() == "Titre changé ailleurs"


def test_item04_a_second_window_on_the_same_workspace_is_told(
    open_window: OpenWindow, demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = instance.acquire(demo_session.path)
    assert first is not None
    assert instance.acquire(demo_session.path) is None  # taken
    window = open_window(demo_session)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "show", lambda box: shown.append(box))
    locks: list[object] = []
    assert warn_if_second_instance(window, demo_session.path, locks)
    assert "déjà ouvert dans une autre fenêtre" in window.statusBar().currentMessage()
    assert shown and not shown[0].isModal()
    first.release()
    assert not warn_if_second_instance(window, demo_session.path, locks) and locks
    for lock in locks:
        lock.release()  # type: ignore[attr-defined]
    QApplication.processEvents()


@pytest.mark.parametrize("answer", ["reload", "overwrite"])
def test_item04_structure_page_asks_reload_or_overwrite(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session, answer: str
) -> None:
    from responder.services.structures import StructureService
    from responder.ui.pages.structure_page import StructurePage

    page = show_alone(qtbot, StructurePage(demo_ctx))
    held = page.form.structure()
    assert held is not None and held.id is not None
    elsewhere = open_session(demo_session.path)
    other = StructureService(elsewhere).get(held.id)
    other.mission = "Mission changée dans l'autre fenêtre."
    StructureService(elsewhere).save(other)
    elsewhere.close()
    prompts(demo_ctx).script("ask_stale", answer)
    page.form.name_edit.setText("Nom tapé ici")
    saved = page.save()
    stored = StructureService(demo_session).get(held.id)
    assert prompts(demo_ctx).asked == [("ask_stale", held.name)]
    if answer == "reload":
        assert not saved and stored.name == held.name
        assert page.form.name_edit.text() == held.name
    else:
        assert saved and stored.name == "Nom tapé ici"
