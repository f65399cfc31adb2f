"""« Mémoire » tab: outline from the criteria, editing saved at once, blocks copied, references
chosen, points d'attention leading to their section, generation off the UI thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtCore import Qt

from responder.domain.enums import TenderStatus
from responder.domain.tender import Tender
from responder.services.changes import Topic
from responder.services.memoire import MemoireService
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.pages.memoire_tab import COL_PAGES, COL_TITLE, COL_WEIGHT, EMPTY_TEXT, MemoireTab

from .demo_tabs import demo_ctx_fixture, demo_session_fixture, prompts, shown_tab  # noqa: F401 - fixtures
from .helpers import open_dossier, tenders_page


@pytest.fixture
def tender(demo_session: Session) -> Tender:
    return next(t for t in demo_session.tenders.list()
                if t.status == TenderStatus.EN_PREPARATION)


def _tab(ctx: UiContext, qtbot: Any, tender: Tender | None) -> MemoireTab:
    return shown_tab(qtbot, MemoireTab, ctx, tender, size=(520, 760))


def _rows(tab: MemoireTab, column: int) -> list[str]:
    return [tab.outline.topLevelItem(i).text(column).strip()  # type: ignore[union-attr]
            for i in range(tab.outline.topLevelItemCount())]


def _stored_section(session: Session, tender: Tender, key: str) -> Any:
    assert tender.id is not None
    stored = MemoireService(session).get(tender.id)
    assert stored is not None
    return stored.section(key)


def _cite_a_confidential_reference(session: Session, tender: Tender) -> tuple[Any, str]:
    """A confidential reference cited in the first sub-criterion; (it, the section key)."""
    assert tender.id is not None
    service = MemoireService(session)
    memoire = service.outline(tender.id)
    secret = next(r for r in session.references.list() if r.confidential)
    key = next(s.key for s in memoire.sections if s.level == 2)
    service.set_references(memoire, key, [secret.id or 0])
    return secret, key


def _docx_cells(path: Path) -> list[str]:
    return [c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells]


def test_tab_is_in_the_dossier_and_follows_the_criteria(
    demo_ctx: UiContext, qtbot: Any, tender: Tender
) -> None:
    page = open_dossier(tenders_page(demo_ctx, qtbot), tender.id)
    tabs = page.dossier_tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles.index("Mémoire") > titles.index("Échéances")
    tabs.setCurrentIndex(titles.index("Mémoire"))
    tab = tabs.currentWidget()
    assert isinstance(tab, MemoireTab)
    criterion = tender.criteria[0]
    assert _rows(tab, COL_TITLE) == [criterion.name, *(c.name for c in criterion.sub_criteria)]
    assert _rows(tab, COL_WEIGHT) == ["60\u00a0%", "30\u00a0%", "20\u00a0%", "10\u00a0%"]
    assert _rows(tab, COL_PAGES) == ["15", "7,5", "5", "2,5"]
    assert tab.checks.count() == 3  # the three empty sub-criteria


def test_empty_state(demo_ctx: UiContext, qtbot: Any) -> None:
    tab = _tab(demo_ctx, qtbot, None)
    assert tab.empty_label.isVisible() and tab.empty_label.text() == EMPTY_TEXT
    assert not tab.body.isVisible()


def test_text_is_saved_and_points_update_and_lead_to_their_section(
    demo_ctx: UiContext, qtbot: Any, tender: Tender, demo_session: Session
) -> None:
    tab = _tab(demo_ctx, qtbot, tender)
    announced: list[Any] = []
    demo_ctx.bus.changed.connect(announced.append)
    assert tab.select_section("c1.1")
    assert tab.section_info.text().startswith("Pondération : 30\u00a0% · budget : 7,5 page(s)")
    text = 'Pour Gardon-Cèze : tri & pesées < 48 h, « précis »\n- suivi "hebdomadaire"'
    tab.text_edit.setPlainText(text)
    qtbot.waitUntil(lambda: not tab._dirty, timeout=3000)  # the pause-then-save timer
    assert _stored_section(demo_session, tender, "c1.1").text == text
    assert announced[-1].touches_tender(tender.id, Topic.MEMOIRE)
    keys = [tab.checks.item(i).data(Qt.ItemDataRole.UserRole + 1)
            for i in range(tab.checks.count())]
    assert keys.count("c1.1") == 1  # now « trop court », no longer « vide »
    item = tab.checks.item(keys.index("c1.3"))
    tab.checks.itemActivated.emit(item)
    assert tab.section_title.text() == tender.criteria[0].sub_criteria[2].name


def test_insert_block_copies_it_and_edits_stay_in_the_tender(
    demo_ctx: UiContext, qtbot: Any, tender: Tender, demo_session: Session
) -> None:
    tab = _tab(demo_ctx, qtbot, tender)
    tab.select_section("c1.2")
    tab.editor_tabs.setCurrentIndex(1)
    tab.insert_button.click()
    assert tab.picker.isVisible()
    tab.block_search.setText("moyens humains")
    assert tab.block_results.count() >= 1
    result = tab.block_results.item(0)
    block_id = int(result.data(Qt.ItemDataRole.UserRole + 2))
    before = demo_session.text_blocks.get(block_id)
    assert before is not None
    tab.block_results.itemActivated.emit(result)
    assert tab.blocks_list.count() == 1 and "(non adapté)" in tab.blocks_list.item(0).text()
    tab.block_edit.setPlainText("Version adaptée pour Gardon-Cèze.")
    assert tab.save_now()
    after = demo_session.text_blocks.get(block_id)
    assert after is not None and after.body == before.body
    assert after.use_count == before.use_count + 1
    section = _stored_section(demo_session, tender, "c1.2")
    assert section.blocks[0].body == "Version adaptée pour Gardon-Cèze."
    assert "(non adapté)" not in tab.blocks_list.item(0).text()


def test_references_and_fields_are_chosen_by_ticking(
    demo_ctx: UiContext, qtbot: Any, tender: Tender, demo_session: Session
) -> None:
    tab = _tab(demo_ctx, qtbot, tender)
    tab.select_section("c1.3")
    assert 0 < tab.refs_list.count() <= 50
    first = tab.refs_list.item(0)
    first.setCheckState(Qt.CheckState.Checked)
    tab.fields_list.item(5).setCheckState(Qt.CheckState.Checked)  # effectif total
    section = _stored_section(demo_session, tender, "c1.3")
    assert section.reference_ids == [first.data(Qt.ItemDataRole.UserRole + 2)]
    assert section.structure_fields == ["headcount_total"]
    assert tab.editor_tabs.tabText(3) == "Références (1)"


def test_generate_runs_in_background_then_offers_to_open(
    demo_ctx: UiContext, qtbot: Any, tender: Tender, tmp_path: Path
) -> None:
    tab = _tab(demo_ctx, qtbot, tender)
    out = tmp_path / "memoire"
    prompts(demo_ctx).script("save_file", out)
    task = tab.generate()
    assert task is not None and not tab.generate_button.isEnabled()
    # Wait on the slot's effect, not the signal: a fast worker may emit before a blocker
    # would be connected.
    qtbot.waitUntil(lambda: tab.open_button.isVisible(), timeout=20000)
    assert tab.last_document == out.with_suffix(".docx")
    assert prompts(demo_ctx).asked == [
        ("save_file", "Enregistrer le mémoire technique", "Mémoire technique.docx")]
    headings = [p.text for p in Document(str(tab.last_document)).paragraphs
                if p.style.name.startswith("Heading")]
    assert headings[0] == "1. Valeur technique (60\u00a0%)"
    tab.open_button.click()
    assert prompts(demo_ctx).opened == [str(out.with_suffix(".docx"))]
    assert tab.generate_button.isEnabled() and not tab.progress.isVisible()


def test_bad_user_template_gives_a_french_error_not_a_crash(
    demo_ctx: UiContext, qtbot: Any, tender: Tender, tmp_path: Path
) -> None:
    tab = _tab(demo_ctx, qtbot, tender)
    for name, tag in (("inconnu", "{{ signataire }}"), ("piege", "{{ ''.__class__.__mro__ }}")):
        document = Document()
        document.add_paragraph(tag)
        document.save(str(tmp_path / f"{name}.docx"))
    prompts(demo_ctx).script("open_file", tmp_path / "inconnu.docx", tmp_path / "piege.docx")
    tab.import_button.click()
    assert "« signataire »" in tab.error_label.text()
    tab.import_button.click()
    assert tab.template_combo.currentText() == "piege"
    prompts(demo_ctx).script("save_file", tmp_path / "sortie.docx")
    assert tab.generate() is not None
    qtbot.waitUntil(lambda: tab.error_label.isVisible(), timeout=20000)
    assert "instruction interdite" in tab.error_label.text()
    assert not (tmp_path / "sortie.docx").exists()
    assert tab.generate_button.isEnabled()


def test_plan_follows_edited_criteria_without_losing_text(
    demo_ctx: UiContext, qtbot: Any, tender: Tender
) -> None:
    tab = _tab(demo_ctx, qtbot, tender)
    tab.select_section("c1.3")
    tab.text_edit.setPlainText("Ateliers de sensibilisation à Gardon-Cèze.")
    messages: list[str] = []
    tab.status_message.connect(messages.append)
    data = tender.model_dump()
    data["criteria"][0]["sub_criteria"][2]["name"] = "Sensibilisation des usagers"
    saved = demo_ctx.tenders.save(data)
    tab.set_tender(saved)  # saves the typed text first, then reloads
    assert _rows(tab, COL_TITLE)[3] == "Sensibilisation des usagers"
    assert any("critères de la consultation ont changé" in m for m in messages)
    tab.select_section("c1.3")
    assert tab.text_edit.toPlainText() == "Ateliers de sensibilisation à Gardon-Cèze."


def test_confidential_references_are_marked_and_confirmed_before_generation(
    demo_ctx: UiContext, qtbot: Any, demo_session: Session, tender: Tender, tmp_path: Path
) -> None:
    secret, key = _cite_a_confidential_reference(demo_session, tender)
    tab = _tab(demo_ctx, qtbot, tender)
    assert tab.select_section(key)
    shown = [tab.refs_list.item(i).text() for i in range(tab.refs_list.count())]
    assert shown[0].startswith("[Confidentielle] " + secret.title)
    # Refused: nothing is written and the error names the reference.
    prompts(demo_ctx).script("save_file", tmp_path / "refuse.docx", tmp_path / "ok.docx")
    prompts(demo_ctx).script("ask_yes_no", False, True)
    assert tab.generate() is None
    question = prompts(demo_ctx).asked[-1]
    assert question[1] == "Références confidentielles" and secret.title in question[2]
    assert question[2].endswith("Ces références peuvent-elles figurer dans ce mémoire ?")
    assert secret.title in tab.error_label.text()
    assert not (tmp_path / "refuse.docx").exists()
    # Confirmed for this document: generated with the reference.
    assert tab.generate() is not None
    qtbot.waitUntil(lambda: tab.open_button.isVisible(), timeout=20000)
    assert secret.title in _docx_cells(tmp_path / "ok.docx")


def test_a_memoire_saved_in_another_window_is_not_overwritten_unasked(
    demo_ctx: UiContext, qtbot: Any, tender: Tender, demo_session: Session
) -> None:
    assert tender.id is not None
    tab = _tab(demo_ctx, qtbot, tender)
    tab.select_section("c1.1")
    other = MemoireService(demo_session)  # the second window
    elsewhere = other.outline(tender.id)
    elsewhere.section("c1.1").text = "Écrit dans l'autre fenêtre."  # type: ignore[union-attr]
    other.save(elsewhere)
    tab.text_edit.setPlainText("Écrit ici.")
    prompts(demo_ctx).script("ask_stale", "cancel")
    assert not tab.save_now()  # kept on screen, not written
    assert _stored_section(demo_session, tender, "c1.1").text == "Écrit dans l'autre fenêtre."
    prompts(demo_ctx).script("ask_stale", "reload")
    assert tab.save_now()
    assert tab.text_edit.toPlainText() == "Écrit dans l'autre fenêtre."
    tab.text_edit.setPlainText("Écrit ici, après relecture.")
    assert tab.save_now()  # now current: saved without a question
    assert _stored_section(demo_session, tender, "c1.1").text == "Écrit ici, après relecture."
    assert [a[0] for a in prompts(demo_ctx).asked] == ["ask_stale", "ask_stale"]


def test_a_generation_can_be_cancelled_before_the_document_is_written(
    demo_ctx: UiContext, qtbot: Any, tender: Tender, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    started, go_on = threading.Event(), threading.Event()
    out = tmp_path / "annule.docx"

    class SlowJob:
        def run(self, progress: Any) -> Path:
            progress(10, "Ouverture du modèle…")
            started.set()
            go_on.wait(10)
            progress(85, "Écriture du document…")  # raises once cancelled
            out.write_bytes(b"")
            return out

    tab = _tab(demo_ctx, qtbot, tender)
    monkeypatch.setattr(tab.service, "render_job", lambda *_a, **_k: SlowJob())
    messages: list[str] = []
    tab.status_message.connect(messages.append)
    prompts(demo_ctx).script("save_file", out)
    assert tab.generate() is not None
    assert started.wait(10) and tab.cancel_button.isVisible()
    tab.cancel_button.click()
    go_on.set()
    qtbot.waitUntil(lambda: not tab.cancel_button.isVisible(), timeout=10000)
    assert messages[-1] == "Génération du mémoire annulée."
    assert not out.exists() and tab.generate_button.isEnabled()
    assert not tab.open_button.isVisible()
