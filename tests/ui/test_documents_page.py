"""« Documents administratifs »: add, replace and judge the vault through the page built
alone on a real workspace, with scripted file choosers (``ctx.prompts``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate

from responder.services.vault import VaultService
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.pages.documents_page import COL_DATED, COL_EXPIRES, COL_STATE, DocumentsPage

from .conftest import Services
from .fakes import FakePrompts
from .helpers import show_alone

TODAY = date.today()


def _page(ctx: UiContext, qtbot: Any) -> DocumentsPage:
    return show_alone(qtbot, DocumentsPage(ctx))


def _prompts(page: DocumentsPage) -> FakePrompts:
    assert isinstance(page.ctx.prompts, FakePrompts)
    return page.ctx.prompts


def _fill(page: DocumentsPage, kind: str, day: date, path: Path) -> None:
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(kind))
    page.date_edit.setDate(QDate(day.year, day.month, day.day))
    _prompts(page).script("open_file", path)
    page.browse_button.click()


def _pdf(folder: Path, name: str, content: bytes = b"%PDF-1.4 test") -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def test_add_then_replace_a_document(
    ctx: UiContext, qtbot: Any, session: Session, services: Services, tmp_path: Path
) -> None:
    page = _page(ctx, qtbot)
    assert page.row_texts("attestation_urssaf")[COL_STATE] == "Manquant"
    first_day = TODAY - timedelta(days=20)
    _fill(page, "attestation_urssaf", first_day, _pdf(tmp_path, "urssaf-1.pdf"))
    assert page.save_button.text() == "Ajouter le document"
    assert page.save()

    texts = page.row_texts("attestation_urssaf")
    assert texts[COL_DATED] == first_day.strftime("%d/%m/%Y")
    assert texts[COL_STATE] == "Valide"
    assert texts[COL_EXPIRES]
    assert page.save_button.text() == "Remplacer le document"
    vault = VaultService(session)
    assert [d.issued_on for d in vault.documents(services.structure_id())] == [first_day]

    second_day = TODAY - timedelta(days=2)
    _fill(page, "attestation_urssaf", second_day, _pdf(tmp_path, "urssaf-2.pdf", b"%PDF 2"))
    assert page.save()
    documents = vault.documents(services.structure_id())
    assert [(d.issued_on, d.file_name) for d in documents] == [(second_day, "urssaf-2.pdf")]
    assert page.row_texts("attestation_urssaf")[COL_DATED] == second_day.strftime("%d/%m/%Y")

    page.select_kind("attestation_urssaf")
    assert page.open_selected()
    opened = _prompts(page).opened
    assert len(opened) == 1 and Path(opened[0]).read_bytes() == b"%PDF 2"


def test_a_bad_file_is_refused_in_french_and_nothing_is_saved(
    ctx: UiContext, qtbot: Any, session: Session, services: Services, tmp_path: Path
) -> None:
    page = _page(ctx, qtbot)
    _fill(page, "attestation_fiscale", TODAY, _pdf(tmp_path, "vide.pdf", b""))
    assert not page.save()
    assert "vide (0 octet)" in page.errors.messages()["file"]
    page.file_edit.setText(str(tmp_path / "absente.pdf"))
    assert not page.save()
    assert "introuvable" in page.errors.messages()["file"]
    page.file_edit.clear()
    assert not page.save()
    assert "Parcourir" in page.errors.messages()["file"]
    assert VaultService(session).documents(services.structure_id()) == []
    assert page.row_texts("attestation_fiscale")[COL_STATE] == "Manquant"


def test_each_open_dossier_is_judged_at_its_deadline(
    ctx: UiContext, qtbot: Any, session: Session, services: Services, tmp_path: Path
) -> None:
    deadline = datetime.combine(TODAY + timedelta(days=250), datetime.min.time())
    services.tenders.save(
        {"title": "Collecte des encombrants", "status": "en_preparation",
         "deadline": deadline.isoformat()},
        services.structure_id(),
    )
    VaultService(session).add(
        "attestation_urssaf", TODAY - timedelta(days=5), _pdf(tmp_path, "u.pdf")
    )
    page = _page(ctx, qtbot)
    assert page.row_texts("attestation_urssaf")[COL_STATE] == "Valide"  # today
    top = page.dossiers_tree.topLevelItem(0)
    assert top is not None
    assert top.text(0).startswith("Collecte des encombrants — date limite")
    assert top.isExpanded()  # it has problems: shown open
    states = {top.child(i).text(0): top.child(i) for i in range(top.childCount())}
    urssaf = states["Attestation de vigilance URSSAF"]
    # R2144-4: the URSSAF attestation is the winner's: judged at the expected award.
    assert urssaf.text(1) == "Expire avant l'attribution"
    assert "attribution prévue vers le" in top.text(0)
    assert not urssaf.icon(1).isNull()
    assert urssaf.text(3)  # the date to renew it by
    assert "Manquant" in {item.text(1) for item in states.values()}
