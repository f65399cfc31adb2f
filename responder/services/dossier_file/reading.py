"""Reading a dossier file: every check before anything is parsed, nothing written."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from ...domain.common import InvalidInput
from ...storage.archive import MAX_JSON_SIZE, ArchiveError, open_checked, read_member, sniff
from .common import (
    _FILE_NAME,
    _UID,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    DossierPackage,
    FileEntry,
    _loads,
    _refuse,
)
from .sections import TenderSection
from .sections_library import _BY_MEMBER

# --- reading ------------------------------------------------------------------------------------


def _not_dossier(path: Path) -> str | None:
    kind = sniff(path)
    if kind.is_sqlite:
        return (
            f"« {path.name} » est un espace de travail, pas un dossier exporté : ouvrez-le avec "
            "--workspace (ou Fichier › Ouvrir dans la fenêtre)."
        )
    if not kind.is_zip:
        return (
            f"« {path.name} » n'est pas un dossier exporté par Responder (ce n'est pas un "
            "fichier zip) : demandez à l'expéditeur de l'exporter à nouveau."
        )
    return None


def read_dossier(path: Path | str) -> DossierPackage:
    """Open and check a dossier file completely; ``InvalidInput`` (French) when refused.

    Checks, before any parsing: zip directory (names, links, sizes, ratio — see
    ``storage/archive.py``), manifest (format, version, members listed exactly), every
    member's size and SHA-256 by streaming with a byte cap, then every JSON part through its
    section's validation.
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        raise _refuse(f"« {path} » n'est pas un fichier ordinaire (dossier, périphérique ou "
                      "tube) : indiquez le fichier .responder reçu.")
    if not path.is_file():
        raise _refuse(f"Fichier « {path} » introuvable : vérifiez le chemin.")
    try:
        problem = _not_dossier(path)
        if problem:
            raise _refuse(problem)
        archive = open_checked(path, f"« {path.name} »")
        with archive:
            return _read(path, archive)
    except ArchiveError as exc:
        raise _refuse(str(exc)) from exc
    except InvalidInput as exc:
        if path.name in str(exc):
            raise
        raise _refuse(f"« {path.name} » : {exc}") from exc


def _read(path: Path, archive: zipfile.ZipFile) -> DossierPackage:
    infos = {info.filename: info for info in archive.infolist()}
    manifest, uid, entries, title, omitted = _manifest(path, archive, infos)
    listed = set(entries)
    present = set(infos) - {MANIFEST}
    if listed != present:
        missing = sorted(listed - present) or sorted(present - listed)
        raise _refuse(
            f"« {path.name} » est endommagé : « {missing[0]} » manque ou n'est pas déclaré "
            "dans le manifeste."
        )
    parsed: dict[str, Any] = {}
    files: list[FileEntry] = []
    for name in sorted(present):
        entry = entries[name]
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("sha256"), str)
            or not isinstance(entry.get("size"), int)
        ):
            raise _refuse(f"« {path.name} » est endommagé : « {name} » mal décrit.")
        match = _FILE_NAME.match(name)
        if name not in _BY_MEMBER and not match:
            raise _refuse(f"« {path.name} » est refusé : élément inconnu « {name} ».")
        info = infos[name]
        if info.file_size != entry["size"]:
            raise _refuse(f"« {path.name} » est endommagé : la taille de « {name} » ne "
                          "correspond pas au manifeste.")
        if match:
            files.append(_attachment(path, archive, info, entry, match))
            continue
        data, actual, size = read_member(archive, info, min(entry["size"], MAX_JSON_SIZE))
        if actual != entry["sha256"] or size != entry["size"]:
            raise _mismatch(path, name)
        parsed[name] = _BY_MEMBER[name].parse(_loads(data, name))
    if TenderSection.member not in parsed:
        raise _refuse(f"« {path.name} » est endommagé : la consultation est absente.")
    return DossierPackage(path, manifest, uid, title, list(omitted), parsed, files)


def _manifest(
    path: Path, archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]
) -> tuple[dict[str, Any], str, dict[str, Any], str, list[str]]:
    """The manifest checked: itself, its uid, its members, the title and what was omitted."""
    if MANIFEST not in infos:
        raise _refuse(
            f"« {path.name} » n'est pas un dossier Responder : il n'a pas de manifeste."
        )
    raw, _, _ = read_member(archive, infos[MANIFEST], MAX_JSON_SIZE)
    manifest = _loads(raw, MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(f"« {path.name} » n'est pas un dossier Responder (manifeste inconnu).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(f"« {path.name} » est endommagé : version de format illisible.")
    if version > FORMAT_VERSION:
        raise _refuse(
            f"Ce fichier vient d'une version plus récente de Responder (format {version}, "
            f"cette version lit jusqu'au format {FORMAT_VERSION}) : mettez Responder à jour."
        )
    uid = manifest.get("dossier_uid")
    entries = manifest.get("members")
    title = manifest.get("title", "")
    omitted = manifest.get("omitted", [])
    if (
        not isinstance(uid, str)
        or not _UID.match(uid)
        or not isinstance(entries, dict)
        or not isinstance(title, str)
        or not isinstance(omitted, list)
        or not all(isinstance(o, str) for o in omitted)
    ):
        raise _refuse(f"« {path.name} » est endommagé : manifeste incomplet.")
    return manifest, uid, entries, title, omitted


def _attachment(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                entry: dict[str, Any], match: re.Match[str]) -> FileEntry:
    """An attached file checked against its hash (read, counted, not kept)."""
    name = info.filename
    digest = match.group(1)
    _, actual, size = read_member(archive, info, entry["size"], _Discard())
    if actual != digest or entry["sha256"] != digest or size != entry["size"]:
        raise _mismatch(path, name)
    original = entry.get("name", digest)
    if not isinstance(original, str):
        raise _refuse(f"« {path.name} » est endommagé : « {name} » mal décrit.")
    return FileEntry(name, digest, match.group(2) or "", size,
                     Path(original.replace("\\", "/")).name[:200] or digest)


def _mismatch(path: Path, name: str) -> InvalidInput:
    return _refuse(
        f"« {path.name} » est endommagé : l'empreinte de « {name} » ne correspond pas au "
        "manifeste (fichier modifié ou abîmé pendant l'envoi). Demandez-le à nouveau."
    )


class _Discard:
    """A sink that only counts: attachments are hashed on reading, copied on import."""

    def write(self, data: bytes) -> int:
        return len(data)
