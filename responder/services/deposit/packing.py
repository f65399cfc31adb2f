"""Writing the pack: a :class:`PackJob` that touches no database (safe in a background task)."""

from __future__ import annotations

import os
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ...domain.common import InvalidInput
from ...fsutil import atomic_write_text, explain_os_error
from ...storage.db import WorkspaceError
from ...storage.files import file_hash
from .checks import _page_limited_path, _report, check_target, page_issues, refusal_text
from .results import (
    BACKUP_FOLDER,
    LABEL_NAME,
    README_NAME,
    DepositPlan,
    PackResult,
    PageReport,
    Progress,
)
from .texts import backup_label, readme_text


@dataclass
class PackJob:
    """The pack ready to write from plain data (no session): ``run`` may run on any thread."""

    plan: DepositPlan
    out: Path
    zip_file: bool = False
    backup_copy: bool = False
    force: bool = False

    def zip_path(self) -> Path:
        """Where the optional zip goes: beside the folder, same name."""
        return self.out.with_name(f"{self.out.name}.zip")

    def run(self, progress: Progress | None = None) -> PackResult:
        """Write the pack; on any failure nothing is left behind (French error)."""
        report = progress or (lambda _p, _t: None)
        check_target(self.out)
        if self.zip_file and self.zip_path().exists():
            raise InvalidInput(
                {"out": f"« {self.zip_path()} » existe déjà : déplacez-le ou choisissez un "
                 "autre nom de dossier."}
            )
        parent = self.out.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(explain_os_error(exc, parent)) from exc
        tmp = parent / f".{self.out.name}.tmp-{uuid.uuid4().hex[:8]}"
        tmp_zip = parent / f".{self.out.name}.zip.tmp-{uuid.uuid4().hex[:8]}"
        try:
            result = self._write(tmp, tmp_zip, report)
            if self.out.is_dir():
                self.out.rmdir()  # empty (checked): replaced by the finished pack
            os.replace(tmp, self.out)
            if self.zip_file:
                os.replace(tmp_zip, self.zip_path())
                result.zip_path = self.zip_path()
            result.folder = self.out
        except OSError as exc:
            raise WorkspaceError(explain_os_error(exc, self.out)) from exc
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp_zip.unlink(missing_ok=True)
        report(100, "Pli prêt.")
        return result

    def _write(self, tmp: Path, tmp_zip: Path, report: Progress) -> PackResult:
        plan = self.plan
        total = max(len(plan.files), 1)
        for planned in plan.files:
            source = plan.sources.get(planned.file_hash or "")
            if planned.source == "store" and (source is None or not source.is_file()):
                raise InvalidInput(
                    {"file": f"Le fichier « {planned.original_name} » de la pièce "
                     f"« {planned.piece} » n'est plus dans l'espace de travail : joignez-le à "
                     "nouveau dans l'onglet Pièces. Aucun pli n'a été écrit."}
                )
        tmp.mkdir()
        written: list[tuple[str, int, str]] = []
        pages: list[PageReport] = []
        for index, planned in enumerate(plan.files):
            report(5 + 80 * index // total, f"{planned.relative_path}…")
            target = tmp.joinpath(*planned.folder, planned.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            if planned.source == "store":
                shutil.copyfile(plan.sources[planned.file_hash or ""], target)
            else:
                plan.generated[planned.generator].render(target)
            page_path = _page_limited_path(plan, planned, tmp) if planned.source == "store" \
                else (target if plan.generated[planned.generator].page_limited else None)
            if page_path is not None:
                pages.append(_report(plan, planned, page_path))
        blocking = [i for i in page_issues(plan, pages) if i.blocking]
        if blocking and not self.force:
            raise InvalidInput({"check": refusal_text(blocking)})
        report(88, "Empreintes SHA-256…")
        for planned in plan.files:
            path = tmp.joinpath(*planned.folder, planned.name)
            written.append((planned.relative_path, path.stat().st_size, file_hash(path)))
        atomic_write_text(tmp / README_NAME, readme_text(plan, written, pages))
        if self.zip_file:
            report(92, "Archive zip…")
            with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(tmp / README_NAME, README_NAME)
                for relative, _size, _digest in written:
                    archive.write(tmp / relative, relative)
        if self.backup_copy:
            report(96, "Copie de sauvegarde…")
            backup = tmp / BACKUP_FOLDER
            for relative, _size, _digest in written:
                target = backup / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(tmp / relative, target)
            shutil.copyfile(tmp / README_NAME, backup / README_NAME)
            atomic_write_text(backup / LABEL_NAME, backup_label(plan))
        return PackResult(folder=tmp, files=written, backup=self.backup_copy, pages=pages)
