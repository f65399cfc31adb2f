"""Reading zip files we did not write, without trusting anything they declare.

A dossier file (``.responder`` zip) comes from a coach's mailbox or a USB stick: it may be
truncated, damaged, or built to hurt (``../`` paths, symlinks, zip bombs). ``open_checked``
validates the central directory against named limits before anything is read, and
``read_member`` streams a member with a hard byte cap and its SHA-256, so a header that lies
about sizes cannot make us read more than the cap. Every refusal is an ``ArchiveError`` with a
French sentence; callers turn it into their own error type.
"""

from __future__ import annotations

import hashlib
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

#: Most members a dossier file may hold (a dossier has a handful of JSON files + attachments).
MAX_MEMBERS = 2000
#: Largest uncompressed size of one member (a scanned attestation is a few MB).
MAX_MEMBER_SIZE = 200 * 1024 * 1024
#: Largest total uncompressed size of all members.
MAX_TOTAL_SIZE = 1024 * 1024 * 1024
#: Largest compression ratio accepted for members bigger than ``RATIO_FLOOR`` (zip bombs reach
#: 1000:1; JSON and office files stay well under 100:1).
MAX_RATIO = 200
#: Below this size a high ratio is harmless (a small JSON of spaces compresses very well).
RATIO_FLOOR = 1024 * 1024
#: Largest JSON member we parse (a dossier's JSON is a few hundred KB).
MAX_JSON_SIZE = 32 * 1024 * 1024
#: Largest compression ratio of the whole archive once its total passes ``RATIO_FLOOR``:
#: many members each just under the floor (1.3 MB of zip → 1 GB written) are caught here.
MAX_TOTAL_RATIO = MAX_RATIO
#: Largest central directory we read (an entry takes 46 bytes plus its name): parsing the
#: directory of a million entries cost 10 s and 659 MB before ``MAX_MEMBERS`` refused it.
MAX_DIRECTORY_SIZE = MAX_MEMBERS * (46 + 512)
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22

#: Bytes every SQLite database starts with: how we recognise a workspace given by mistake.
SQLITE_MAGIC = b"SQLite format 3\x00"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 1 << 16
#: Errors the zipfile / zlib modules raise on damaged input (they are not all BadZipFile).
ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    OverflowError,
    UnicodeDecodeError,
    KeyError,
    IndexError,
)


class ArchiveError(Exception):
    """The zip file is refused; the message is French and says why."""


@dataclass(frozen=True)
class FileKind:
    """What a file is, judged by its first bytes rather than its extension."""

    is_zip: bool
    is_sqlite: bool


def sniff(path: Path) -> FileKind:
    """Read the first bytes of ``path`` to tell a zip from a SQLite workspace."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise ArchiveError(f"Impossible de lire « {path} » : {exc.strerror or exc}.") from exc
    return FileKind(is_zip=head[:4] in _ZIP_MAGICS, is_sqlite=head == SQLITE_MAGIC)


def check_member_name(name: str) -> str | None:
    """Why a member name is unsafe (French), or ``None`` when it is a plain relative path."""
    if not name:
        return "un élément n'a pas de nom"
    if "\\" in name:
        return f"le chemin « {name} » contient une barre oblique inverse"
    if "\x00" in name or any(ord(c) < 32 for c in name):
        return "un chemin contient des caractères de contrôle"
    if name.startswith("/") or _DRIVE.match(name):
        return f"le chemin « {name} » est absolu"
    parts = name.split("/")
    if any(part in ("..", ".") for part in parts):
        return f"le chemin « {name} » sort du dossier"
    if any(part == "" for part in parts):
        return f"le chemin « {name} » est mal formé"
    return None


def open_checked(path: Path, what: str = "Ce fichier") -> zipfile.ZipFile:
    """Open ``path`` as a zip after checking its directory against the limits.

    Refuses (``ArchiveError``): not a zip, too many members, duplicate or unsafe names,
    symlinks, encrypted members, declared sizes or ratios beyond the limits. The caller
    closes the returned ``ZipFile``.
    """
    check_end_record(path, what)
    try:
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:
        raise ArchiveError(
            f"{what} n'est pas un fichier zip lisible (il est peut-être tronqué ou endommagé) : "
            "demandez à l'expéditeur de l'envoyer à nouveau."
        ) from exc
    try:
        check_directory(archive.infolist(), what)
    except BaseException:
        archive.close()
        raise
    return archive


def check_end_record(path: Path, what: str = "Ce fichier") -> None:
    """Refuse a zip whose end record declares too many entries or too big a directory.

    Read from the last 64 KiB of the file, before ``zipfile`` parses (and holds in memory) the
    whole central directory. A file without an end record is left to ``zipfile`` to refuse.
    """
    try:
        with Path(path).open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - (_EOCD_SIZE + 0xFFFF)))
            tail = handle.read()
    except OSError as exc:
        raise ArchiveError(f"Impossible de lire {what} : {exc.strerror or exc}.") from exc
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        return
    _, _, _, entries_here, entries, directory_size, _, _ = struct.unpack(
        "<4s4H2LH", tail[at : at + _EOCD_SIZE]
    )
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:  # Zip64: no dossier needs it
        raise ArchiveError(
            f"{what} est refusé : archive au format Zip64 (plus de 65 535 éléments ou plus de "
            "4 Go), ce n'est pas un dossier créé par Responder."
        )
    if max(entries, entries_here) > MAX_MEMBERS or directory_size > MAX_DIRECTORY_SIZE:
        raise ArchiveError(
            f"{what} contient {max(entries, entries_here)} éléments (au plus {MAX_MEMBERS} "
            "acceptés) : il n'a pas été créé par Responder."
        )


def check_directory(infos: list[zipfile.ZipInfo], what: str = "Ce fichier") -> None:
    """Refuse a zip directory with unsafe names, links or declared sizes beyond the limits."""
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(
            f"{what} contient {len(infos)} éléments (au plus {MAX_MEMBERS} acceptés) : "
            "il n'a pas été créé par Responder."
        )
    seen: set[str] = set()
    total = 0
    compressed = 0
    for info in infos:
        problem = check_member_name(info.filename)
        if problem:
            raise ArchiveError(f"{what} est refusé : {problem}.")
        if info.filename in seen:
            raise ArchiveError(f"{what} est refusé : « {info.filename} » y figure deux fois.")
        seen.add(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ArchiveError(f"{what} est refusé : « {info.filename} » est un lien symbolique.")
        if info.is_dir():
            raise ArchiveError(f"{what} est refusé : « {info.filename} » est un dossier.")
        if info.flag_bits & 0x1:
            raise ArchiveError(f"{what} est refusé : « {info.filename} » est chiffré.")
        if info.file_size > MAX_MEMBER_SIZE:
            raise ArchiveError(
                f"{what} est refusé : « {info.filename} » déclare {info.file_size} octets "
                f"(au plus {MAX_MEMBER_SIZE} par élément)."
            )
        if info.file_size > RATIO_FLOOR and (
            info.compress_size <= 0 or info.file_size / info.compress_size > MAX_RATIO
        ):
            raise ArchiveError(
                f"{what} est refusé : « {info.filename} » est anormalement compressé "
                "(bombe zip ?)."
            )
        total += info.file_size
        compressed += max(info.compress_size, 0)
        if total > MAX_TOTAL_SIZE:
            raise ArchiveError(
                f"{what} est refusé : son contenu dépasserait {MAX_TOTAL_SIZE // (1024 * 1024)} Mo "
                "une fois décompressé."
            )
    if total > RATIO_FLOOR and total > MAX_TOTAL_RATIO * max(compressed, 1):
        raise ArchiveError(
            f"{what} est refusé : son contenu est anormalement compressé (bombe zip ?) : "
            "demandez à l'expéditeur de l'exporter à nouveau."
        )


def read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    cap: int,
    sink: object | None = None,
    what: str = "Ce fichier",
) -> tuple[bytes, str, int]:
    """Stream one member: (content or b"" when ``sink`` is given, sha256 hex, size).

    Never reads more than ``min(cap, declared size)`` bytes plus one: a member whose data is
    longer than its header says is refused. ``sink`` (a binary file object) receives the bytes
    instead of memory, for attachments.
    """
    limit = min(cap, info.file_size)
    digest = hashlib.sha256()
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(min(_CHUNK, limit + 1 - size))
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise ArchiveError(
                        f"{what} est refusé : « {info.filename} » est plus grand qu'annoncé."
                    )
                digest.update(chunk)
                if sink is None:
                    parts.append(chunk)
                else:
                    sink.write(chunk)  # type: ignore[attr-defined]
    except ArchiveError:
        raise
    except ZIP_ERRORS as exc:
        raise ArchiveError(
            f"{what} est endommagé : « {info.filename} » ne peut pas être lu. Demandez à "
            "l'expéditeur de l'envoyer à nouveau."
        ) from exc
    return b"".join(parts), digest.hexdigest(), size
