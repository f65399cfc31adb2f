"""The « Pièces » tab's words (domain/checklist_text.py), without Qt, on the service's rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from responder.domain.checklist import ChecklistRow, ItemStatus, Phase
from responder.domain.checklist_text import (
    details_html,
    export_name,
    phase_heading,
    row_texts,
    row_tip,
    status_text,
    validity_text,
)
from responder.services.checklist import ChecklistService
from responder.services.tenders import TenderService
from responder.services.vault import VaultService
from tests.helpers import new_session, tender_data

TODAY = date(2026, 12, 1)


@pytest.fixture
def rows(tmp_path: Path) -> Iterator[dict[str, ChecklistRow]]:
    session, structure_id = new_session(tmp_path / "ws")
    tender = TenderService(session).save(tender_data(deadline="2027-01-15T12:00:00"),
                                         structure_id)
    service = ChecklistService(session)
    uid = next(r.item.uid for r in service.view(tender.id, TODAY).rows
               if r.item.key == "declaration_candidat")
    service.set_status(tender.id, uid, ItemStatus.PRET)
    pdf = tmp_path / "urssaf.pdf"
    pdf.write_bytes(b"%PDF-1.4 attestation")
    VaultService(session).add("attestation_urssaf", TODAY - timedelta(days=170), pdf)
    yield {r.item.key: r for r in service.view(tender.id, TODAY).rows}
    session.close()


def test_a_ready_piece_reads_ready_and_a_missing_one_blocking(
    rows: dict[str, ChecklistRow],
) -> None:
    ready, missing = rows["declaration_candidat"], rows["lettre_candidature"]
    assert status_text(ready) == ready.status_label
    assert status_text(missing) == f"{missing.status_label} · bloquante"
    texts = row_texts(ready)
    assert texts[0] == "Déclaration du candidat (DC2)" and texts[2] == "Tous"
    assert len(texts) == 7 and validity_text(ready) == ""
    assert row_tip(ready) == (ready.alert or ready.requirement.explanation)


def test_an_attestation_expiring_before_the_award_says_so(rows: dict[str, ChecklistRow]) -> None:
    urssaf = rows["attestation_urssaf"]
    assert validity_text(urssaf).startswith("Expire avant l'attribution (")
    html = details_html(urssaf, "#7a4b00")
    assert "<p style='color:#7a4b00'><b>⚠" in html and "si vous êtes retenu" in html


def test_phase_heading_counts_the_ready_pieces_of_the_phase(rows: dict[str, ChecklistRow]) -> None:
    listed = list(rows.values())
    counted = [r for r in listed if r.item.phase == Phase.CANDIDATURE and r.item.counted]
    ready = sum(1 for r in counted if r.ready)
    assert ready >= 1
    assert phase_heading(Phase.CANDIDATURE, listed) == (
        f"Candidature (à remettre au dépôt) — {ready} / {len(counted)} prêtes")


def test_export_names_follow_the_format() -> None:
    assert export_name(7, ".docx") == ("bordereau-des-pieces-7.docx", "Document Word (*.docx)")
    assert export_name(7, ".csv") == ("pieces-7.csv", "Tableur CSV (*.csv)")
