"""Prepare the deposit: the final check, the pack laid out and named as the RC asks, the record.

- :meth:`DepositService.check` lists what blocks the deposit (missing pieces, files gone
  from the store, formats, names, sizes, an invalid agrément, the page limit of the mémoire)
  and what to watch (attestations not valid at the deadline or at the expected award date,
  the mémoire's points d'attention, signatures).
- :meth:`DepositService.pack` writes ``Candidature/`` and ``Offre/Lot N/`` (per member in a
  groupement), every file renamed by the dossier's pattern, the generated documents produced
  fresh, a ``LISEZ-MOI.txt`` with each file's size and SHA-256, optionally a copie de
  sauvegarde folder and one zip beside the folder. Never a zip inside; never into an existing
  non-empty folder; built in a temporary folder renamed at the end, so a failure writes
  nothing.
- :meth:`DepositService.record` keeps « Dépôt effectué » (date, time, the platform's receipt
  in the file store) and moves the dossier to « Déposé ».

Thread contract: the service uses its session from one thread at a time. ``pack_job`` reads
the workspace on the session's thread and returns a :class:`PackJob` whose ``run`` touches no
database (safe in a background task); ``check_pages`` likewise.

The package: ``generated`` (the documents written fresh, ``GENERATED_DOCUMENTS``),
``results``, ``rules`` (settings and practice figures), ``issues`` (findings of the check),
``checks`` (shared checks and page counts), ``texts`` (LISEZ-MOI, label), ``packing``
(``PackJob``) and ``service`` (``DepositService``).
"""

from __future__ import annotations

from .checks import (
    check_pages,
    check_target,
    page_issues,
    parse_moment,
    refusal_text,
)
from .generated import GENERATED_DOCUMENTS, GeneratedFile, Provider
from .packing import PackJob
from .results import (
    BACKUP_FOLDER,
    FUTURE_TOLERANCE,
    LABEL_NAME,
    README_NAME,
    DepositCheck,
    DepositPlan,
    PackResult,
    PageReport,
    Progress,
)
from .service import DepositService
from .texts import backup_label, readme_text

__all__ = [
    "BACKUP_FOLDER", "FUTURE_TOLERANCE", "GENERATED_DOCUMENTS", "LABEL_NAME", "README_NAME",
    "DepositCheck", "DepositPlan", "DepositService", "GeneratedFile", "PackJob", "PackResult",
    "PageReport", "Progress", "Provider", "backup_label", "check_pages", "check_target",
    "page_issues", "parse_moment", "readme_text", "refusal_text",
]
