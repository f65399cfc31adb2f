"""Fuzz targets shared by the CI test (``test_fuzz.py``, hypothesis, bounded) and the long
run (``bench/fuzz.py``): each takes hostile bytes and returns how it ended.

An outcome is ``"ok"`` (read or imported whole), ``"refused"`` (our French error), or raises
``Crash`` (any other exception: a traceback the user would see) or ``Escape`` (a file written
outside the workspace and its own folders).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from responder.domain.common import InvalidInput
from responder.services import dossier_file as df
from responder.services import refs_csv
from responder.services.rc_reader import RcReadError
from responder.services.rc_sandbox import extract_file
from responder.services.workspace import Session
from responder.storage.db import WorkspaceError

REFUSALS = (InvalidInput, WorkspaceError)


class Crash(AssertionError):
    """An exception that is not one of our French refusals."""


class Escape(AssertionError):
    """A file appeared outside the places an import may write."""


def _tree(root: Path) -> set[Path]:
    return set(root.rglob("*"))


def _french(exc: BaseException) -> None:
    text = str(getattr(exc, "messages", exc)).strip()
    if not text:
        raise Crash(f"empty message from {type(exc).__name__}")


def resign(data: dict[str, bytes]) -> bytes:
    """A dossier zip of ``data`` (member → bytes) with its manifest hashes recomputed."""
    manifest = json.loads(data[df.MANIFEST])
    for name, content in data.items():
        if name != df.MANIFEST and isinstance(manifest.get("members"), dict):
            entry = manifest["members"].setdefault(name, {})
            if isinstance(entry, dict):
                entry.update(sha256=hashlib.sha256(content).hexdigest(), size=len(content))
    out = dict(data)
    out[df.MANIFEST] = json.dumps(manifest).encode()
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in out.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def members_of(dossier: bytes) -> dict[str, bytes]:
    """The members of a dossier zip given as bytes."""
    import io

    with zipfile.ZipFile(io.BytesIO(dossier)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_json_value(members: dict[str, bytes], member: str, path: list[Any],
                    value: Any) -> dict[str, bytes]:
    """``members`` with the JSON value at ``path`` (keys / indexes) of ``member`` replaced."""
    payload = json.loads(members[member])
    node = payload
    try:
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    except (KeyError, IndexError, TypeError):  # an earlier change removed the path
        return members
    changed = dict(members)
    changed[member] = json.dumps(payload, ensure_ascii=False).encode()
    return changed


def json_paths(value: Any, prefix: list[Any] | None = None) -> list[list[Any]]:
    """Every path to a value inside a JSON document (for choosing what to replace)."""
    prefix = prefix or []
    paths: list[list[Any]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            paths.append([*prefix, key])
            paths.extend(json_paths(item, [*prefix, key]))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths.append([*prefix, index])
            paths.extend(json_paths(item, [*prefix, index]))
    return paths


def _verdict(read: Callable[[], object], refusals: tuple[type[BaseException], ...]) -> str:
    """« ok », or « refused » with a French message; anything else is a crash."""
    try:
        read()
        return "ok"
    except refusals as exc:
        _french(exc)
        return "refused"
    except Exception as exc:  # noqa: BLE001 - that is what a fuzzer looks for
        raise Crash(f"{type(exc).__name__}: {exc}") from exc


def dossier_case(data: bytes, play: Path, target: Session) -> str:
    """Read and import dossier bytes into ``target``; nothing may land outside its folders."""
    candidate = play / "reçu.responder"
    candidate.write_bytes(data)
    allowed = {target.path, *(Path(f"{target.path}{s}") for s in ("-wal", "-shm", "-journal"))}
    before = _tree(play)
    outcome = _verdict(lambda: df.import_dossier(target, df.read_dossier(candidate)), REFUSALS)
    files = target.ws.files_dir
    extra = {
        p for p in _tree(play) - before
        if p not in allowed and p != candidate and files not in p.parents and p != files
    }
    if extra:
        raise Escape(", ".join(sorted(map(str, extra))))
    return outcome


def csv_case(data: bytes, play: Path) -> str:
    """Read CSV bytes as ``refs import`` does (file, encoding, rows)."""
    source = play / "références.csv"
    source.write_bytes(data)
    return _verdict(lambda: refs_csv.read_references_csv(source, structure_id=1), REFUSALS)


def rc_case(data: bytes, play: Path, suffix: str, seconds: float = 20.0) -> str:
    """Read RC bytes as ``rc extract`` does (worker process, budgets)."""
    source = play / f"rc{suffix}"
    source.write_bytes(data)
    return _verdict(lambda: extract_file(source, seconds=seconds), (RcReadError,))
