"""The letters after a rejection (motifs, entretien, remerciement): which article they cite,
what they say about the notice, and their refusals, on a real workspace and real .docx."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from responder.domain.errors import InvalidInput
from responder.services.outcome import LETTER_KINDS, OutcomeService
from responder.services.tenders import TenderService
from tests.helpers import docx_text, new_session, tender_data

WRITTEN = date(2026, 12, 22)


@pytest.fixture
def rejected(tmp_path: Path) -> Iterator[tuple[OutcomeService, int, int]]:
    """A MAPA rejected on lot 1 (notice of 20 December) and an appel d'offres ouvert."""
    session, sid = new_session(tmp_path / "rejets.responder")
    tenders = TenderService(session)
    mapa = tenders.save(tender_data(status="depose"), structure_id=sid)
    aoo = tenders.save(tender_data(status="depose", procedure="aoo", buyer=""),
                       structure_id=sid)
    assert mapa.id is not None and aoo.id is not None
    service = OutcomeService(session)
    service.record(mapa.id, {"result": "perdu", "notified_on": "2026-12-20",
                             "winner": "Propreté Express SARL"}, lot=1, today=date(2026, 12, 20))
    yield service, mapa.id, aoo.id
    session.close()


def test_a_mapa_rejection_asks_under_r2181_2_with_the_notice_and_winner(
    rejected: tuple[OutcomeService, int, int],
) -> None:
    service, mapa, _ = rejected
    context = service.letter_context(mapa, "motifs", 1, today=WRITTEN)
    assert (context["article"], context["formalised"]) == ("R2181-2", False)
    assert context["notified_on"] == "20 décembre 2026" and context["today"] == "22 décembre 2026"
    assert context["winner"] == "Propreté Express SARL"
    assert context["lot"] == {"number": 1, "title": "Collecte en déchèterie"}


def test_a_formalised_procedure_cites_r2181_4_and_a_default_addressee(
    rejected: tuple[OutcomeService, int, int],
) -> None:
    service, _, aoo = rejected
    context = service.letter_context(aoo, "remerciement", today=WRITTEN)
    assert (context["article"], context["formalised"]) == ("R2181-4", True)
    assert context["buyer"] == "Madame, Monsieur le représentant du pouvoir adjudicateur"
    assert context["notified_on"] == "" and context["lot"] is None


def test_an_unknown_letter_or_lot_is_refused_in_french(
    rejected: tuple[OutcomeService, int, int],
) -> None:
    service, mapa, _ = rejected
    assert set(LETTER_KINDS) == {"motifs", "entretien", "remerciement"}
    with pytest.raises(InvalidInput, match="courrier inconnu « relance »"):
        service.letter_context(mapa, "relance")
    with pytest.raises(InvalidInput, match=r"pas de lot 7 \(lots : 1, 2\)"):
        service.letter_context(mapa, "motifs", 7)


def test_the_rejection_letter_read_back_cites_the_article_in_its_object(
    rejected: tuple[OutcomeService, int, int], tmp_path: Path
) -> None:
    service, mapa, _ = rejected
    text = docx_text(service.write_letter(mapa, "motifs", tmp_path / "motifs.docx", 1,
                                          today=WRITTEN))
    assert ("Objet : demande des motifs du rejet de notre offre (article R2181-2 du code de la "
            "commande publique)") in text
    assert "le 20 décembre 2026, du rejet de notre offre" in text
    assert "lot 1 : Collecte en déchèterie" in text
