"""Portable dossier files (``.responder`` zip): send a whole dossier as one file, get it back.

Layout of the zip (see docs/formats.md)::

    manifest.json      format, format_version, app_version, created_at, dossier_uid, title,
                       omitted (what was left out, in French), members {name: {sha256, size}}
    structure.json     the structure that answers (to find or create it on import)
    tender.json        TenderService.to_json (groupement included)
    checklist.json     the checklist of pieces, when one was saved
    references.json    references used by the mémoires (never the confidential ones)
    textes.json        text blocks used in the dossier, with how many times
    memoires.json      the mémoires (whole tender and per lot)
    outcomes.json      the buyer's decision per lot, when recorded
    files/<sha256><.ext>  attached files, by content hash

Each part is a *section* (``sections_library.SECTIONS``): it exports a JSON payload or
nothing, validates it on reading, lists its changes in the preview and applies them. A part
a workspace does not have is simply absent from the file; a reader ignores nothing it does
not know (an unknown member is refused), so a newer format must bump ``FORMAT_VERSION``.

Local ids never travel: references and text blocks are numbered 1..n in the file and the
mémoires point at those numbers; members of the checklist and groupement that are « the
structure itself » are flagged and re-linked to the target structure on import. A dossier is
identified across workspaces by a UID kept in the workspace setting ``dossier_uid:<id>``.

Reading never writes. Importing copies attachments into the content-addressed store first
(harmless if what follows fails: unreferenced blobs), then writes every row in ONE workspace
transaction: an import that fails leaves the tables exactly as they were.

Thread contract: one thread at a time per ``Session``; reading a file needs no session and may
run in a background task.

The package: ``common`` (format, UID, contexts), ``sections`` and ``sections_library`` (one
class per part), ``export``, ``reading`` and ``importing``; it exports what its callers use
(reading, exporting, previewing and importing a file, and their results).
"""

from __future__ import annotations

from .common import ADDED, EXISTS, FORMAT_VERSION, MANIFEST, SUFFIX, UPDATED, Change, DossierPackage
from .export import ExportResult, export_dossier, export_omissions
from .importing import ImportPreview, ImportResult, import_dossier, preview_import
from .reading import read_dossier

__all__ = [
    "ADDED", "EXISTS", "FORMAT_VERSION", "MANIFEST", "SUFFIX", "UPDATED", "Change",
    "DossierPackage", "ExportResult", "ImportPreview", "ImportResult", "export_dossier",
    "export_omissions", "import_dossier", "preview_import", "read_dossier",
]
