"""« Documents administratifs »: files copied into a real workspace, states at each deadline."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.domain.tender import Tender
from responder.domain.validity import ValidityState
from responder.services.checklist import ChecklistService
from responder.services.vault import VaultService
from responder.services.workspace import Session, open_session
from responder.storage.files import file_hash
from tests.helpers import new_session, tender_data
from tests.services.vault_helpers import TODAY, pdf, saved_rows


@pytest.fixture()
def workspace(tmp_path: Path) -> Iterator[tuple[Session, int]]:
    session, sid = new_session(tmp_path / "w.responder")
    yield session, sid
    session.close()


def test_add_copies_the_file_and_computes_the_expiry(
    workspace: tuple[Session, int], tmp_path: Path
) -> None:
    session, sid = workspace
    vault = VaultService(session)
    source = pdf(tmp_path)
    doc = vault.add("urssaf", "2026-08-31", source, sid)
    assert doc.kind == "attestation_urssaf" and doc.label == "Attestation de vigilance URSSAF"
    stored = vault.file_path(doc)
    assert stored is not None and stored.read_bytes() == source.read_bytes()
    assert doc.file_hash == file_hash(source)
    source.unlink()  # the workspace keeps its own copy
    assert stored.exists()
    [entry] = vault.list(sid, TODAY)
    assert entry.expires_on == date(2027, 2, 28)
    assert entry.state == ValidityState.VALIDE
    assert entry.expiry_label == "Valide jusqu'au 28/02/2027"


def test_documents_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    session, sid = new_session(path)
    VaultService(session).add("attestation_fiscale", date(2026, 6, 10), pdf(tmp_path), sid)
    session.close()
    again = open_session(path, create=False)
    try:
        [entry] = VaultService(again).list(sid, TODAY)
        assert entry.expires_on == date(2026, 11, 30) and entry.guidance
    finally:
        again.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "absent.pdf", "introuvable"),
        (lambda d: pdf(d, "vide.pdf", b""), "vide (0 octet)"),
        (lambda d: d, "n'est pas un fichier"),
    ],
)
def test_a_bad_file_gets_a_french_message_and_saves_nothing(
    workspace: tuple[Session, int], tmp_path: Path, make: object, message: str
) -> None:
    session, sid = workspace
    bad = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(InvalidInput) as info:
        VaultService(session).add("attestation_urssaf", "2026-08-31", bad, sid)
    assert message in info.value.messages["file"]
    assert saved_rows(session) == (0, 0)
    assert not session.ws.files_dir.exists() or not any(session.ws.files_dir.rglob("*.*"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_saves_nothing(workspace: tuple[Session, int], tmp_path: Path) -> None:
    session, sid = workspace
    locked = pdf(tmp_path)
    locked.chmod(0)
    try:
        with pytest.raises(InvalidInput, match="Impossible de lire"):
            VaultService(session).add("attestation_urssaf", "2026-08-31", locked, sid)
    finally:
        locked.chmod(0o644)
    assert saved_rows(session) == (0, 0)


def test_a_file_failing_on_read_saves_nothing(
    workspace: tuple[Session, int], tmp_path: Path
) -> None:
    """An unreadable file even for root: a file whose reading fails (I/O error)."""
    source = Path("/proc/self/mem")
    if not source.is_file():
        pytest.skip("no /proc on this system")
    session, sid = workspace
    with pytest.raises(InvalidInput, match="Impossible de lire"):
        VaultService(session).add("attestation_urssaf", "2026-08-31", source, sid)
    assert saved_rows(session) == (0, 0)


@pytest.mark.parametrize(
    ("kind", "day", "extra", "field", "words"),
    [
        ("attestation_inconnue", "2026-08-31", {}, "kind", "inconnue du catalogue"),
        ("memoire_technique", "2026-08-31", {}, "kind", "documents administratifs"),
        ("attestation_urssaf", "31/08/2026", {}, "date", "AAAA-MM-JJ"),
        ("attestation_assurance", "2026-08-31", {"valid_until": "2026-01-01"}, "valid_until",
         "avant la date de délivrance"),
    ],
)
def test_bad_kind_and_date_are_refused_in_french(
    workspace: tuple[Session, int], tmp_path: Path, kind: str, day: str, extra: dict[str, str],
    field: str, words: str,
) -> None:
    session, sid = workspace
    with pytest.raises(InvalidInput) as info:
        VaultService(session).add(kind, day, pdf(tmp_path), sid, **extra)
    assert words in info.value.messages[field]
    assert saved_rows(session) == (0, 0)


def test_status_at_a_date_reports_missing_and_expired(
    workspace: tuple[Session, int], tmp_path: Path
) -> None:
    session, sid = workspace
    vault = VaultService(session)
    vault.add("attestation_urssaf", "2026-03-31", pdf(tmp_path), sid)
    by_kind = {e.kind: e for e in vault.status_at(TODAY, sid)}
    assert by_kind["attestation_urssaf"].state == ValidityState.EXPIRE  # ended 30/09/2026
    assert by_kind["attestation_urssaf"].renew_by == TODAY
    assert by_kind["kbis"].state == ValidityState.MANQUANT
    assert by_kind["kbis"].advice.startswith("Aucun document")


def test_each_open_dossier_is_judged_at_its_deadline(
    workspace: tuple[Session, int], tmp_path: Path
) -> None:
    session, sid = workspace
    soon = session.tenders.add(Tender.model_validate(
        tender_data(structure_id=sid, deadline="2026-12-18T12:00:00")))
    late = session.tenders.add(Tender.model_validate(
        tender_data(structure_id=sid, deadline="2027-03-12T12:00:00",
                    questions_deadline=None)))
    session.tenders.add(Tender.model_validate(tender_data(structure_id=sid, status="perdu")))
    vault = VaultService(session)
    vault.add("attestation_urssaf", "2026-09-15", pdf(tmp_path), sid)  # until 15/03/2027
    vault.add("attestation_fiscale", "2026-06-10", pdf(tmp_path, "f.pdf"), sid)  # 30/11/2026
    report = {s.tender_id: s for s in vault.dossiers_status(TODAY, sid)}
    assert set(report) == {soon.id, late.id}  # the lost dossier is closed
    states = {e.kind: e for e in report[soon.id].entries}
    assert states["attestation_urssaf"].state == ValidityState.VALIDE
    assert states["attestation_fiscale"].state == ValidityState.EXPIRE_AVANT_DATE_LIMITE
    assert states["attestation_fiscale"].renew_by == date(2026, 11, 30)
    assert "à vérifier dans le RC" in states["attestation_fiscale"].advice
    assert states["agrement_structure"].state == ValidityState.MANQUANT  # lot 1 is reserved
    later = {e.kind: e for e in report[late.id].entries}
    # R2144-4: the attributaire's pieces are judged at the expected award (12/03 + 30 days):
    # the URSSAF attestation, valid at the deadline, expires on 15/03, before the award.
    assert report[late.id].award_date == date(2027, 4, 11)
    assert later["attestation_urssaf"].state == ValidityState.EXPIRE_AVANT_DATE_LIMITE
    assert later["attestation_urssaf"].at_award
    assert later["attestation_urssaf"].state_label == "Expire avant l'attribution"
    assert "si vous êtes retenu" in later["attestation_urssaf"].advice
    assert later["attestation_fiscale"].state == ValidityState.EXPIRE_AVANT_DATE_LIMITE
    assert not later["agrement_structure"].at_award  # due with the candidature


def test_replacing_a_document_updates_every_dossier(
    workspace: tuple[Session, int], tmp_path: Path
) -> None:
    session, sid = workspace
    first = session.tenders.add(Tender.model_validate(tender_data(structure_id=sid)))
    second = session.tenders.add(Tender.model_validate(
        tender_data(structure_id=sid, title="Entretien des espaces verts",
                    deadline="2027-01-15T16:00:00", questions_deadline=None)))
    vault = VaultService(session)
    old = vault.add("attestation_urssaf", "2026-06-05", pdf(tmp_path), sid)  # until 05/12/2026
    checklists = ChecklistService(session)
    for tender in (first, second):
        assert tender.id is not None
        row = next(r for r in checklists.view(tender.id, TODAY).rows
                   if r.item.key == "attestation_urssaf")
        assert row.valid_at_deadline is False and row.valid_at_award is False
    new = vault.replace(old.id or 0, "2026-11-20", pdf(tmp_path, "nouvelle.pdf", b"%PDF new"))
    assert new.id == old.id and new.file_name == "nouvelle.pdf"
    for tender in (first, second):
        assert tender.id is not None
        row = next(r for r in checklists.view(tender.id, TODAY).rows
                   if r.item.key == "attestation_urssaf")
        assert row.valid_at_deadline is True and row.expires_on == date(2027, 5, 20)
        assert row.check is not None and row.check.file_name == "nouvelle.pdf"


def test_the_most_recent_document_of_a_kind_counts(
    workspace: tuple[Session, int], tmp_path: Path
) -> None:
    session, sid = workspace
    vault = VaultService(session)
    vault.add("attestation_urssaf", "2026-09-15", pdf(tmp_path), sid)
    older = vault.add("attestation_urssaf", "2026-03-01", pdf(tmp_path, "old.pdf", b"%PDF o"), sid)
    entries = vault.list(sid, TODAY)
    assert [e.superseded for e in entries] == [False, True]
    assert entries[1].document is not None and entries[1].document.id == older.id
    current = vault.current(sid, "urssaf")
    assert current is not None and current.issued_on == date(2026, 9, 15)


def test_the_database_is_a_real_sqlite_file(workspace: tuple[Session, int]) -> None:
    session, _ = workspace
    conn = sqlite3.connect(session.path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    assert {"admin_documents", "checklists", "files"} <= tables


def test_kinds_offer_every_vault_document_with_its_hint(workspace: tuple[Session, int]) -> None:
    session, _ = workspace
    kinds = {req.key: req for req in VaultService(session).kinds()}
    assert {"attestation_urssaf", "attestation_fiscale", "kbis", "attestation_assurance",
            "rib", "agrement_structure"} <= set(kinds)
    urssaf = kinds["attestation_urssaf"].validity
    assert urssaf is not None and "à la date du" in urssaf.date_hint


def test_the_demo_vault_feeds_the_demo_checklist(tmp_path: Path) -> None:
    from responder.services.demo import create_demo

    session = create_demo(tmp_path / "demo.responder")
    try:
        first = min(t.id or 0 for t in session.tenders.list() if t.is_open)
        rows = {r.item.key: r for r in ChecklistService(session).view(first).rows}
        # « conventionnement_iae » in the demo data is an alias of agrement_structure. Its
        # record has no file: valid, but not ready for the pack (the final check says so).
        agrement = rows["agrement_structure"]
        assert agrement.check is not None and agrement.check.document_id is not None
        assert agrement.check.state.value == "valide"
        assert not agrement.ready and "sans son fichier" in agrement.alert
        assert rows["kbis"].item.label.startswith("Statuts")  # an association
        assert rows["attestation_fiscale"].valid_at_deadline is False  # the demo's own note
    finally:
        session.close()
