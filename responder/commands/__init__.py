"""Sub-commands of ``responder``: one module per capability, each with ``register(sub, ws)``.

A module adds its parser(s) to ``sub`` (``common.command`` and its ``Actions.add`` call
``workspace_arg(parser)`` on each leaf so it takes ``--workspace``) and sets ``handler=run``
where ``run(args, workspace_path) -> int``.
Handlers raise ``InvalidInput`` / ``WorkspaceError`` for bad input; ``cli.main`` prints them
and exits 1. To add a capability: write the module, then list it in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    SubParsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
AddWorkspace: TypeAlias = Callable[[argparse.ArgumentParser], None]

from . import (  # noqa: E402  (modules import the aliases above)  # noqa: E402
    backup,
    blocks,
    checklist,
    deadlines,
    decp,
    dossier,
    glossary,
    gonogo,
    groupement,
    memoire,
    outcome,
    rc,
    refs,
    submit,
    tender,
    vault,
    veille,
)

#: Every sub-command module, in the order ``responder --help`` lists them.
COMMANDS: tuple[ModuleType, ...] = (
    tender, deadlines, refs, blocks, checklist, vault, groupement, memoire, rc, dossier, backup,
    submit,
    outcome,
    gonogo, glossary,
)
COMMANDS += (veille, decp)

__all__ = ["COMMANDS", "AddWorkspace", "SubParsers"]
