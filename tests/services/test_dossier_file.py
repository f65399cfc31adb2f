"""Dossier files (.responder zip): round trip, preview, update, all-or-nothing, refusals."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.services import dossier_file as df
from responder.services.checklist import ChecklistService
from responder.services.memoire import MemoireService
from responder.services.workspace import Session, open_session
from responder.storage.memoires import MemoireRepository

from .dossier_helpers import dump_tables, rich_demo


@pytest.fixture()
def exported(tmp_path: Path) -> tuple[Session, int, Path, df.ExportResult]:
    session, tender_id = rich_demo(tmp_path / "source.responder", tmp_path)
    result = df.export_dossier(session, tender_id, tmp_path / "dossier.responder")
    yield session, tender_id, result.path, result
    session.close()


def _checksums(manifest: dict[str, object]) -> dict[str, str]:
    members = manifest["members"]
    assert isinstance(members, dict)
    return {name: entry["sha256"] for name, entry in members.items()}


def test_round_trip_gives_the_same_content_checksums(exported, tmp_path: Path) -> None:
    source, _, path, first = exported
    assert set(first.manifest["members"]) >= {
        "structure.json", "tender.json", "checklist.json", "references.json", "textes.json",
        "memoires.json",
    }
    assert any(name.startswith("files/") for name in first.manifest["members"])
    target = open_session(tmp_path / "empty.responder")
    try:
        result = df.import_dossier(target, df.read_dossier(path))
        assert not result.update
        again = df.export_dossier(target, result.tender_id, tmp_path / "again.responder")
        assert _checksums(again.manifest) == _checksums(first.manifest)
        assert again.manifest["dossier_uid"] == first.manifest["dossier_uid"]
        # The imported mémoire points at the imported reference and block, not at old ids.
        memoire = MemoireService(target).get(result.tender_id)
        assert memoire is not None
        refs = MemoireService(target).references_of(memoire)
        assert [r.title for r in refs.values()] == ["Entretien du parc Chabaud"]
        stored = ChecklistService(target).stored(result.tender_id)
        assert stored is not None
        digest = next(i.file_hash for i in stored.items if i.file_hash)
        assert digest and target.files.find(digest) is not None
    finally:
        target.close()


def test_confidential_references_are_left_out_and_said(exported) -> None:
    session, tender_id, path, result = exported
    assert result.omitted == ["1 référence confidentielle"]
    assert df.export_omissions(session, tender_id) == result.omitted
    with zipfile.ZipFile(path) as archive:
        text = archive.read("references.json").decode()
    assert "Marché privé" not in text and "Entretien du parc Chabaud" in text


def test_preview_lists_additions_then_update_by_uid(exported, tmp_path: Path) -> None:
    _, _, path, _ = exported
    target = open_session(tmp_path / "coach.responder")
    try:
        package = df.read_dossier(path)
        preview = df.preview_import(target, package)
        assert not preview.update and preview.existing_id is None
        parts = {c.part for c in preview.changes}
        assert {"Consultation", "Structure", "Référence", "Texte type", "Mémoire technique",
                "Liste des pièces", "Fichier joint"} <= parts
        assert all(c.state == df.ADDED for c in preview.changes)
        first = df.import_dossier(target, package)
        # The same file again: it is recognised (same UID) and offered as an update.
        preview = df.preview_import(target, df.read_dossier(path))
        assert preview.update and preview.existing_id == first.tender_id
        assert next(c for c in preview.changes if c.part == "Consultation").detail == (
            "aucun changement"
        )
        assert next(c for c in preview.changes if c.part == "Référence").state == df.EXISTS
        count = target.tenders.count()
        second = df.import_dossier(target, df.read_dossier(path))
        assert second.update and second.tender_id == first.tender_id
        assert target.tenders.count() == count
        assert target.references.count() == 1
    finally:
        target.close()


def test_update_lists_changed_fields(exported, tmp_path: Path) -> None:
    source, tender_id, path, _ = exported
    tender = source.tenders.get(tender_id)
    assert tender is not None
    tender.notes = "Relu par la coordinatrice."
    source.tenders.update(tender)
    newer = df.export_dossier(source, tender_id, tmp_path / "v2.responder").path
    # Importing into the source itself is an update of the same dossier.
    preview = df.preview_import(source, df.read_dossier(path))
    assert preview.update and preview.existing_id == tender_id
    change = next(c for c in preview.changes if c.part == "Consultation")
    assert change.state == df.UPDATED and "notes" in change.detail
    df.import_dossier(source, df.read_dossier(newer))
    assert source.tenders.get(tender_id).notes == "Relu par la coordinatrice."  # type: ignore[union-attr]


def test_failed_import_leaves_every_table_as_it_was(exported, tmp_path: Path) -> None:
    _, _, path, _ = exported
    target_path = tmp_path / "target.responder"
    target = open_session(target_path)
    target.ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = dump_tables(target_path)

    def boom() -> None:
        raise RuntimeError("panne au milieu de l'import")

    with pytest.raises(RuntimeError):
        df.import_dossier(target, df.read_dossier(path), before_commit=boom)
    assert dump_tables(target_path) == before
    assert MemoireRepository(target.ws).count() == 0
    target.close()


def test_update_refused_when_dossier_unknown(exported, tmp_path: Path) -> None:
    _, _, path, _ = exported
    target = open_session(tmp_path / "other.responder")
    try:
        with pytest.raises(InvalidInput, match="nouveau dossier"):
            df.preview_import(target, df.read_dossier(path), update=True)
    finally:
        target.close()


def _rewrite(source: Path, out: Path, change) -> Path:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(source) as src:
        members = {i.filename: src.read(i) for i in src.infolist()}
    members = change(members)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(name, data)
    return out


def _refused(path: Path, needle: str) -> None:
    with pytest.raises(InvalidInput) as info:
        df.read_dossier(path)
    assert needle in str(info.value.messages[""])


def test_newer_format_is_refused(exported, tmp_path: Path) -> None:
    _, _, path, _ = exported

    def future(members: dict[str, bytes]) -> dict[str, bytes]:
        manifest = json.loads(members["manifest.json"])
        manifest["format_version"] = df.FORMAT_VERSION + 1
        members["manifest.json"] = json.dumps(manifest).encode()
        return members

    _refused(_rewrite(path, tmp_path / "f.responder", future),
             "vient d'une version plus récente de Responder")


def test_tampered_member_is_refused(exported, tmp_path: Path) -> None:
    _, _, path, _ = exported

    def tamper(members: dict[str, bytes]) -> dict[str, bytes]:
        members["tender.json"] = members["tender.json"].replace(b"Entretien", b"Entretiem")
        return members

    _refused(_rewrite(path, tmp_path / "t.responder", tamper), "empreinte")


def test_malformed_json_is_refused(exported, tmp_path: Path) -> None:
    _, _, path, _ = exported

    def broken(members: dict[str, bytes]) -> dict[str, bytes]:
        members["manifest.json"] = b"{not json"
        return members

    _refused(_rewrite(path, tmp_path / "m.responder", broken), "JSON valide")


def test_parent_path_member_is_refused(exported, tmp_path: Path) -> None:
    _, _, path, _ = exported
    evil = tmp_path / "evil.responder"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(evil, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        dst.writestr("../../evil", b"owned")
    _refused(evil, "sort du dossier")
    assert not (tmp_path.parent / "evil").exists()


@pytest.mark.parametrize(
    ("name", "needle"),
    [("/etc/passwd", "absolu"), ("C:/Windows/evil.dll", "absolu"),
     ("files\\evil", "barre oblique"), ("files/./x", "sort du dossier")],
)
def test_unsafe_names_are_refused(tmp_path: Path, name: str, needle: str) -> None:
    path = tmp_path / "x.responder"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", b"{}")
        archive.writestr(name, b"x")
    _refused(path, needle)


def test_symlink_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "link.responder"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("files/lien")
        info.external_attr = (0o120777 << 16)
        archive.writestr(info, "/etc/passwd")
    _refused(path, "lien symbolique")


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.responder"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("manifest.json", b"{}")
        archive.writestr("tender.json", b"\0" * (50 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    _refused(path, "anormalement compressé")


def test_too_many_members_is_refused(tmp_path: Path) -> None:
    from responder.storage.archive import MAX_MEMBERS

    path = tmp_path / "many.responder"
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(MAX_MEMBERS + 1):
            archive.writestr(f"files/{index}", b"")
    _refused(path, "éléments")


def test_workspace_given_instead_of_dossier(tmp_path: Path) -> None:
    session = open_session(tmp_path / "espace.responder")
    session.close()
    _refused(tmp_path / "espace.responder", "est un espace de travail")


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "texte.responder"
    path.write_text("bonjour", encoding="utf-8")
    _refused(path, "n'est pas un fichier zip")


def test_outcomes_and_the_deposit_receipt_travel(tmp_path: Path) -> None:
    """A coach opening a decided dossier sees the buyer's decision (the status « Perdu » alone
    said nothing of the marks and reasons) and the platform's receipt of the deposit."""
    from datetime import datetime, timedelta

    from responder.services.deposit import DepositService
    from responder.services.outcome import OutcomeService

    session, tender_id = rich_demo(tmp_path / "source.responder", tmp_path)
    receipt = tmp_path / "accuse.pdf"
    receipt.write_bytes(b"%PDF-1.4 accuse de reception\n")
    DepositService(session).record(tender_id, datetime.now() - timedelta(hours=1), receipt)
    OutcomeService(session).record(tender_id, {
        "result": "perdu", "rank": 2, "winner": "Jardins & Cie",
        "reasons": "Prix plus élevé", "notified_on": datetime.now().date(),
        "marks": [{"criterion": "Valeur technique", "ours": "14.5", "winner": "16"}],
    })
    path = df.export_dossier(session, tender_id, tmp_path / "d.responder").path
    session.close()
    target = open_session(tmp_path / "target.responder")
    try:
        package = df.read_dossier(path)
        preview = df.preview_import(target, package)
        assert any(c.part == "Résultat" for c in preview.changes)
        new_id = df.import_dossier(target, package).tender_id
        outcomes = OutcomeService(target).outcomes(new_id)
        assert [(o.result.value, o.rank, o.winner, o.reasons) for o in outcomes] == [
            ("perdu", 2, "Jardins & Cie", "Prix plus élevé")]
        assert outcomes[0].marks[0].criterion == "Valeur technique"
        tender = target.tenders.get(new_id)
        assert tender is not None and tender.deposit is not None
        record = tender.deposit.record
        assert record is not None and record.receipt_hash
        found = target.files.find(record.receipt_hash)
        assert found is not None and found.read_bytes() == receipt.read_bytes()
    finally:
        target.close()
