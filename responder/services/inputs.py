"""Reading a file the user points at (``tender import``, ``refs import``…): regular files of
bounded size only, so ``/dev/zero`` or a FIFO cannot make a command read forever or hang, and
every failure is a French ``InvalidInput`` naming the file and the fix.
"""

from __future__ import annotations

import stat
from pathlib import Path

from ..domain.errors import InvalidInput

#: Largest JSON or CSV file a command reads (a library of 10,000 references is about 10 MB).
MAX_INPUT = 64 * 1024 * 1024


def read_input(path: Path | str, *, max_size: int = MAX_INPUT, kind: str = "fichier") -> bytes:
    """The bytes of ``path`` when it is a regular file of at most ``max_size`` bytes.

    ``kind`` names what is expected in the messages (« fichier .json »).
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InvalidInput({"": f"Fichier « {path} » introuvable : vérifiez le chemin."}) from None
    except OSError as exc:
        raise InvalidInput(
            {"": f"Impossible de lire « {path} » ({exc.strerror or exc}) : vérifiez que vous "
             "avez le droit de lire ce fichier."}
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise InvalidInput({"": f"« {path} » est un dossier : indiquez le {kind}."})
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(
            {"": f"« {path} » n'est pas un fichier ordinaire (périphérique ou tube) : indiquez "
             f"le {kind}."}
        )
    if info.st_size > max_size:
        raise InvalidInput(
            {"": f"« {path.name} » fait {info.st_size // (1024 * 1024)} Mo, au plus "
             f"{max_size // (1024 * 1024)} Mo sont acceptés : vérifiez que c'est bien le {kind}."}
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(max_size + 1)
    except OSError as exc:
        raise InvalidInput(
            {"": f"Impossible de lire « {path} » ({exc.strerror or exc}) : vérifiez que vous "
             "avez le droit de lire ce fichier et qu'il n'est pas ouvert ailleurs."}
        ) from None
    if len(data) > max_size:
        raise InvalidInput({"": f"« {path.name} » dépasse {max_size // (1024 * 1024)} Mo."})
    return data
