"""« Références proposées »: the dossier tab ranks the structure's references for a tender."""

from __future__ import annotations

from datetime import date

from responder.services.library import LibraryService
from responder.services.workspace import Session
from responder.ui.main_window import MainWindow
from responder.ui.pages.suggestions_tab import NO_TENDER_TEXT, NONE_TEXT, SuggestionsTab

from .conftest import Services
from .helpers import dossier_tab


def _tab(window: MainWindow) -> SuggestionsTab:
    page = window.tenders_page
    tab = dossier_tab(page, SuggestionsTab)
    page.dossier_tabs.setCurrentWidget(tab)
    return tab


def test_same_family_recent_reference_comes_first_with_its_reason(
    window: MainWindow, services: Services, session: Session
) -> None:
    assert window.ctx is not None
    window.ctx.today = lambda: date(2026, 11, 29)
    sid = services.structure_id()
    library = LibraryService(session)
    library.save_reference({"title": "Nettoyage des locaux", "families": ["propreté"],
                            "end": "2026-06-30"}, sid)
    library.save_reference({"title": "Tonte et débroussaillement des talus",
                            "families": ["espaces verts"], "end": "2016-06-30"}, sid)
    library.save_reference({"title": "Entretien des espaces verts du parc",
                            "families": ["espaces verts"], "end": "2025-10-31",
                            "amount_ht": "60000", "confidential": True}, sid)
    tender = services.tenders.save({
        "title": "Entretien des espaces verts et débroussaillement",
        "lots": [{"number": 1, "title": "Tonte", "estimated_amount": "55000"}],
    }, sid)
    window.tenders_page.reload()
    assert tender.id is not None and window.tenders_page.select_tender(tender.id)
    tab = _tab(window)
    texts = tab.shown_texts()
    assert len(texts) == 2  # the cleaning contract shares nothing with this tender
    first = texts[0].splitlines()
    assert first[0] == "[Confidentielle] Entretien des espaces verts du parc"
    assert first[-1].startswith("Pourquoi : même famille : espaces verts")
    assert "montant comparable" in first[-1] and "2025" in first[-1]
    assert "confidentielle" in first[-1]
    assert texts[1].startswith("Tonte et débroussaillement des talus")

    other = services.tenders.save({"title": "Fourniture de papier"}, sid)
    window.tenders_page.reload()
    assert other.id is not None and window.tenders_page.select_tender(other.id)
    assert tab.shown_texts() == []
    assert tab.empty_label.text() == NONE_TEXT
    tab.set_tender(None)
    assert tab.empty_label.text() == NO_TENDER_TEXT
