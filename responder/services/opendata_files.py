"""Reading open-data files as streams: format sniffing, CSV rows, JSON array items.

Files of 100,000 notices or 500,000 contracts are never loaded whole: CSV rows and JSON
objects are yielded one at a time. Every problem with the file itself (another format, wrong
encoding or separator, truncated JSON) becomes an ``InvalidInput`` with a French message that
names the problem and the fix; the caller's transaction then rolls back.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar

from ..domain.common import InvalidInput

CHUNK = 1 << 20
#: A single JSON object larger than this is not a notice: the file is damaged.
MAX_OBJECT = 32 << 20
csv.field_size_limit(min(sys.maxsize, 1 << 30))
#: How many rejected lines are described one by one (the others are only counted).
MAX_REASONS = 20


@dataclass
class FileReport:
    """What importing an open-data file did: lines read, lines kept, lines rejected and why
    (the first ``MAX_REASONS`` described, the others only counted).

    ``kept`` counts the rows accepted: a line cut before it could be read adds to
    ``rejected`` but not to ``read``, so « nothing readable » is ``kept == 0``, not a
    comparison of the other two. ``as_dict`` gives the attributes named in ``KEYS``, in that
    order (``file``: the name); ``kept`` is not among them.
    """

    KEYS: ClassVar[tuple[str, ...]] = ("file", "read", "rejected", "reasons")

    file_name: str
    read: int = field(default=0, kw_only=True)
    rejected: int = field(default=0, kw_only=True)
    kept: int = field(default=0, kw_only=True)
    reasons: list[str] = field(default_factory=list, kw_only=True)

    @property
    def file(self) -> str:
        """The imported file's name."""
        return self.file_name

    def reject(self, where: str, reason: str) -> None:
        """Count a rejected line (« ligne 12 », « avis 3 ») and say why while there is room."""
        self.rejected += 1
        if len(self.reasons) < MAX_REASONS:
            self.reasons.append(f"{where} : {reason}")

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (JSON output, import log)."""
        return {key: getattr(self, key) for key in self.KEYS}


def _fail(message: str) -> InvalidInput:
    return InvalidInput({"fichier": message})


def read_head(path: Path, size: int = 65536) -> bytes:
    """The first bytes of ``path``; ``InvalidInput`` if it cannot be read."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except FileNotFoundError:
        raise _fail(f"Fichier « {path} » introuvable : vérifiez le chemin.") from None
    except IsADirectoryError:
        raise _fail(f"« {path} » est un dossier : indiquez le fichier téléchargé.") from None
    except OSError as exc:
        raise _fail(f"Impossible de lire « {path} » ({exc.strerror or exc}).") from None


def sniff(path: Path) -> tuple[str, str]:
    """``("json" | "csv", first text line or "")`` for a file, or ``InvalidInput`` saying
    what the file is instead (zip, spreadsheet, XML, PDF, non-UTF-8 text)."""
    head = read_head(path)
    name = path.name
    if not head.strip():
        raise _fail(f"« {name} » est vide : téléchargez à nouveau l'export.")
    if head.startswith(b"PK"):
        raise _fail(
            f"« {name} » est une archive ou un classeur (zip, xlsx, ods), pas un CSV ni un JSON : "
            "décompressez-la, ou exportez les données au format CSV ou JSON."
        )
    if head.startswith(b"%PDF"):
        raise _fail(f"« {name} » est un PDF : il faut le fichier de données (CSV ou JSON).")
    if head.startswith(b"\x00") or b"\x00" in head[:1000]:
        raise _fail(
            f"« {name} » n'est pas un fichier texte (UTF-16 ou binaire) : exportez-le à "
            "nouveau en CSV UTF-8."
        )
    cut = head
    if len(head) == 65536:  # do not judge a character cut by the window
        cut = head[: head.rfind(b"\n") + 1] or head[:-4]
    try:
        text = cut.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(
            f"« {name} » n'est pas encodé en UTF-8 (sans doute Windows-1252 ou Latin-1, "
            "après un passage par Excel) : téléchargez à nouveau l'export, ou enregistrez-le "
            "en « CSV UTF-8 »."
        ) from None
    stripped = text.lstrip()
    if stripped.startswith("<"):
        raise _fail(
            f"« {name} » est un fichier XML ou HTML : il faut l'export CSV ou JSON du jeu de "
            "données."
        )
    if stripped.startswith(("[", "{")):
        return "json", ""
    return "csv", stripped.splitlines()[0] if stripped else ""


def open_text(path: Path) -> IO[str]:
    """``path`` opened as UTF-8 text (a BOM is skipped), newlines kept for the csv module."""
    return path.open("r", encoding="utf-8-sig", newline="")


def decode_error(path: Path, line: int) -> InvalidInput:
    """The message for a file that stops being UTF-8 midway."""
    return _fail(
        f"« {path.name} » contient des caractères qui ne sont pas en UTF-8 (vers la ligne "
        f"{line}) : rien n'a été importé. Téléchargez à nouveau l'export, ou enregistrez-le en "
        "« CSV UTF-8 »."
    )


def pick_separator(header: str, required: str, allowed: str = ";,\t") -> str | None:
    """The separator among ``allowed`` that splits ``header`` into a column named
    ``required``, or ``None``."""
    for sep in allowed:
        names = [n.strip().strip('"').strip() for n in header.split(sep)]
        if required in names:
            return sep
    return None


def csv_rows(handle: IO[str], sep: str) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of each record after the header (header first, number 1)."""
    reader = csv.reader(handle, delimiter=sep)
    for cells in reader:
        yield reader.line_num, cells


def json_items(handle: IO[str], name: str) -> Iterator[Any]:
    """The items of a top-level JSON array, one at a time, without reading the whole file.

    ``InvalidInput`` when the file is not an array or stops before its end (truncated).
    """
    decoder = json.JSONDecoder()
    buf = handle.read(CHUNK)
    pos = _skip(buf, 0)
    if pos >= len(buf) or buf[pos] != "[":
        if buf[pos:pos + 1] == "{" and '"marches"' in buf[:4096]:
            raise _fail(
                f"« {name} » est un fichier DECP au format JSON officiel : Responder lit le CSV "
                "consolidé (« format tabulaire » sur data.gouv.fr) avec « decp import »."
            )
        raise _fail(
            f"« {name} » n'est pas un export JSON du BOAMP (une liste d'avis entre crochets "
            "est attendue) : exportez le jeu « boamp » au format JSON."
        )
    pos += 1
    while True:
        pos = _skip(buf, pos)
        if pos < len(buf) and buf[pos] == ",":
            pos += 1
            continue
        if pos < len(buf) and buf[pos] == "]":
            return
        if pos < len(buf):
            try:
                item, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError:
                if len(buf) - pos > MAX_OBJECT:
                    raise _fail(
                        f"« {name} » contient un avis illisible (JSON invalide) : rien n'a été "
                        "importé. Téléchargez à nouveau l'export."
                    ) from None
            else:
                # A number or string at the end of the buffer may be cut: read on first.
                if end < len(buf) or isinstance(item, (dict, list)):
                    yield item
                    pos = end
                    continue
        more = handle.read(CHUNK)
        if not more:
            raise _fail(
                f"« {name} » s'arrête avant la fin de la liste (fichier JSON tronqué, "
                "téléchargement interrompu ?) : rien n'a été importé. Téléchargez-le à nouveau."
            )
        buf = buf[pos:] + more
        pos = 0


def _skip(buf: str, pos: int) -> int:
    while pos < len(buf) and buf[pos] in " \t\r\n":
        pos += 1
    return pos
