"""Reading an RC someone else wrote, inside a budget: the boundary around ``rc_reader``.

An RC comes from a buyer's platform or an e-mail: the PDF and office libraries can be made to
spin (a 0.7 MB PDF stream bomb took 104 s and 815 MB), to eat memory (a 1 GB DOCX reached
2.1 GB), or to raise what nobody catches (``ParseError``, ``RecursionError``,
``LimitReachedError``, ``NotImplementedError``); ``/dev/zero`` was read forever and a FIFO
hung. So before anything is read the path must be a regular file of at most ``MAX_SIZE``
bytes, an office document's zip directory must pass ``storage.archive``'s limits, and the
reading itself runs in a worker process with a wall-clock budget (``SECONDS``) and, where the
system allows, a memory cap (``MEMORY``). Whatever happens, the caller gets the reader's
result or an ``RcReadError`` (French, naming the file and what to do).

``rc_reader``'s text logic is unchanged: the worker calls ``rc_reader.extract_file``.
Thread contract: blocking; run it off the GUI thread (it only waits on the worker).
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import stat
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..storage.archive import ArchiveError, open_checked
from .rc_reader import RcReadError

#: Largest RC file read (a long RC is a few MB; a whole DCE zip is not an RC).
MAX_SIZE = 64 * 1024 * 1024
#: Longest reading, in seconds (an 80-page RC takes about 3 s, 6 s on a loaded machine; the
#: stream bomb of the attack took 104 s).
SECONDS = 30.0
#: Largest address space of the worker, in bytes (a short RC reads within 384 MB; the stream
#: bomb of the attack reached 815 MB).
MEMORY = 1024 * 1024 * 1024


def _limit_memory(memory: int) -> None:
    if sys.platform.startswith("win"):
        return  # no RLIMIT_AS on Windows: the time budget still holds
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _out_of_memory(exc: BaseException) -> bool:
    """True when ``exc`` comes from the memory cap (also a library that could not be mapped).

    Refused memory, CPython's import machinery may fail without setting MemoryError, and
    libxml2 (python-docx's parser) reports « unknown error » with ERR_NO_MEMORY in its log.
    """
    cause: BaseException | None = exc
    while cause is not None:
        if (
            isinstance(cause, MemoryError)
            or (isinstance(cause, SystemError) and any(words in str(cause) for words in (
                "without exception set", "without setting an exception")))
            or "ERR_NO_MEMORY" in str(getattr(cause, "error_log", ""))
            or (isinstance(cause, ImportError) and "failed to map segment" in str(cause))
            or (isinstance(cause, OSError) and cause.errno == errno.ENOMEM)
        ):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


#: The worker's exit status when the memory cap stopped it so early that it could not even
#: send its answer (where the cap hits varies with what is already compiled on the machine).
_EXIT_MEMORY = 75


def _work(path: str, memory: int, conn: Connection) -> None:
    """In the worker: read, and send back ("ok", result) or (kind, message)."""
    try:
        _limit_memory(memory)
        from .rc_reader import extract_file

        conn.send(("ok", extract_file(path)))
    except BaseException as exc:  # noqa: BLE001 - any library error becomes a French refusal
        try:
            if _out_of_memory(exc):
                conn.send(("memory", ""))
            elif isinstance(exc, RcReadError):
                conn.send((exc.kind, str(exc)))
            else:
                conn.send(("crash", type(exc).__name__))
        except BaseException:  # noqa: BLE001 - no room left to answer: say it by the status
            os._exit(_EXIT_MEMORY)
    finally:
        conn.close()


def check_rc_path(path: Path) -> int:
    """The size of ``path`` when it is a regular file worth reading; else ``RcReadError``."""
    name = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise RcReadError("missing", f"Fichier « {name} » introuvable : vérifiez le chemin.") \
            from None
    except OSError as exc:
        raise RcReadError("unreadable", f"Impossible de lire « {name} » ({exc.strerror}) : "
                          "copiez le fichier sur votre ordinateur puis réessayez.") from None
    if not stat.S_ISREG(info.st_mode):
        raise RcReadError(
            "not_document",
            f"« {path} » n'est pas un fichier ordinaire (dossier, périphérique ou tube) : "
            "indiquez le fichier PDF ou DOCX du règlement de consultation.",
        )
    if info.st_size > MAX_SIZE:
        raise RcReadError(
            "too_big",
            f"« {name} » fait {info.st_size // (1024 * 1024)} Mo (au plus "
            f"{MAX_SIZE // (1024 * 1024)} Mo) : ce n'est sans doute pas le seul règlement de "
            "consultation. Choisissez le fichier « RC » dans le dossier de consultation.",
        )
    return info.st_size


def _check_zip(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return  # the worker reports it
    if head != b"PK\x03\x04":
        return
    try:
        open_checked(path, f"« {path.name} »").close()
    except ArchiveError as exc:
        raise RcReadError("corrupt", f"{exc} Enregistrez le règlement en PDF puis "
                          "réessayez.") from None


def extract_file(
    path: Path | str, *, seconds: float = SECONDS, memory: int = MEMORY
) -> dict[str, Any]:
    """``rc_reader.extract_file`` in a worker process, within ``seconds`` and ``memory``.

    Raises ``RcReadError`` (French) for anything but a successful reading.
    """
    path = Path(path)
    name = path.name
    check_rc_path(path)
    _check_zip(path)
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    # Not a daemon: the reader may start its own page workers (documents/pdf_pages.py).
    worker = context.Process(target=_work, args=(os.fspath(path), memory, sender))
    worker.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise RcReadError(
                "too_slow",
                f"« {name} » met plus de {seconds:.0f} s à lire : la lecture a été arrêtée (le "
                "fichier est peut-être construit pour bloquer les logiciels). Enregistrez le "
                "règlement en PDF depuis un autre logiciel, ou saisissez le dossier à la main.",
            )
        try:
            kind, payload = receiver.recv()
        except (EOFError, OSError):
            # The worker died without a word: its exit status says whether the memory cap
            # stopped it before it could answer.
            worker.join(5)
            kind = "memory" if worker.exitcode == _EXIT_MEMORY else "crash"
            payload = "arrêt du lecteur"
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(5)
        receiver.close()
    if kind == "ok":
        result: dict[str, Any] = payload
        return result
    if kind == "memory":
        raise RcReadError(
            "too_big",
            f"« {name} » demande trop de mémoire pour être lu (plus de {memory // 2**20} Mo) : "
            "la lecture a été arrêtée. Enregistrez le règlement en PDF depuis un autre "
            "logiciel, ou saisissez le dossier à la main.",
        )
    if kind == "crash":
        raise RcReadError(
            "corrupt",
            f"« {name} » est un document endommagé ou d'une structure que Responder ne sait "
            f"pas lire ({payload}) : enregistrez-le à nouveau en PDF depuis votre traitement "
            "de texte, ou téléchargez-le à nouveau.",
        )
    raise RcReadError(str(kind), str(payload))
