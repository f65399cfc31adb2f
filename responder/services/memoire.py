"""The mémoire technique of a dossier: outline, editing, points d'attention, templates, render.

One mémoire per tender, or one per lot when the lots differ. The outline is built from the
tender's criteria the first time it is opened; text blocks are copied in (the library is
never changed, its use is counted); references are chosen per section. Rendering builds a
plain context dict and hands it to ``responder.documents.memoire`` (sandboxed, bounded).

Thread contract: a ``MemoireService`` uses its session from one thread at a time. ``render``
may run in a background task: build the context on the session's thread with
``render_job``, then run the returned job anywhere (it touches no database).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..documents.memoire import (
    Progress,
    TemplateProblem,
    builtin_template,
    check_logo,
    check_template,
    render_memoire,
)
from ..domain.common import InvalidInput, french_errors
from ..domain.errors import required
from ..domain.library import Reference
from ..domain.memoire import (
    BUILTIN_TEMPLATES,
    Attention,
    InsertedBlock,
    Memoire,
    MemoireSection,
    build_outline,
    check_memoire,
    merge_outline,
    outline_outdated,
)
from ..domain.structure import Structure
from ..domain.tender import Tender
from ..fsutil import explain_os_error
from ..storage.memoires import MemoireRepository
from ..storage.meta import settings_with_prefix
from .library import LibraryService
from .memoire_context import (
    build_context,
    candidat,
    impact_text,
    reference_row,
    structure_fields,
)
from .tenders import TenderService
from .workspace import Session

#: Settings key prefix of the user templates stored in the workspace.
_TEMPLATE_KEY = "memoire.template."
#: Settings key prefix of each structure's logo (hash in the file store).
_LOGO_KEY = "memoire.logo."


@dataclass(frozen=True)
class TemplateInfo:
    """A template the user can choose: its name (key), French title and file."""

    name: str
    title: str
    path: Path
    builtin: bool


@dataclass(frozen=True)
class RenderJob:
    """Everything needed to write the .docx, without the database (runs in any thread)."""

    context: dict[str, Any]
    template: Path
    out: Path
    logo: Path | None = None

    def run(self, progress: Progress | None = None) -> Path:
        """Render the document (raises ``TemplateProblem`` or ``InvalidInput``)."""
        try:
            return render_memoire(
                self.context, self.template, self.out, logo=self.logo, progress=progress
            )
        except OSError as exc:
            raise InvalidInput({"out": explain_os_error(exc, self.out)}) from exc


class ConfidentialReferences(InvalidInput):
    """The mémoire cites confidential references and the user has not confirmed them."""

    def __init__(self, references: list[Reference]) -> None:
        self.references = references
        names = "\n".join(f"- « {r.title} » ({r.buyer_name})" for r in references)
        super().__init__({"references": (
            f"Le mémoire cite {len(references)} référence(s) confidentielle(s) :\n{names}\n"
            "Retirez-les de leur partie, ou confirmez qu'elles peuvent figurer dans ce "
            "document (en ligne de commande : memoire build --allow-confidential)."
        )})


class MemoireService:
    """Everything a user does to a mémoire technique, for the GUI and the CLI alike."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = MemoireRepository(session.ws)
        self.library = LibraryService(session)

    # --- reading -------------------------------------------------------------------------
    def _tender(self, tender_id: int) -> Tender:
        return TenderService(self.session).get(tender_id)

    def _check_lot(self, tender: Tender, lot: int | None) -> None:
        if lot is not None and lot not in {x.number for x in tender.lots}:
            numbers = ", ".join(str(x.number) for x in tender.lots) or "aucun"
            raise InvalidInput(
                {"lot": f"La consultation n° {tender.id} n'a pas de lot {lot} (lots : {numbers})."}
            )

    def get(self, tender_id: int, lot: int | None = None) -> Memoire | None:
        """The stored mémoire of a tender (or of one lot), or ``None``."""
        return self.repo.for_tender(tender_id, lot)

    def lots(self, tender_id: int) -> list[int | None]:
        """Which mémoires exist for a tender (``None`` = the whole tender)."""
        return self.repo.lots_of(tender_id)

    def outline(self, tender_id: int, lot: int | None = None) -> Memoire:
        """The mémoire of a tender, created from its criteria the first time (and stored)."""
        return self._outline_of(self._tender(tender_id), lot)

    def _outline_of(self, tender: Tender, lot: int | None) -> Memoire:
        assert tender.id is not None
        self._check_lot(tender, lot)
        found = self.get(tender.id, lot)
        if found is not None:
            return found
        memoire = Memoire(tender_id=tender.id, lot=lot, sections=build_outline(tender))
        return self.repo.add(memoire)

    def refresh_outline(self, tender_id: int, lot: int | None = None) -> Memoire:
        """Rebuild the sections from the (edited) criteria, keeping what was written.

        See ``merge_outline``: content follows its criterion by title, then by position;
        sections that no longer exist keep their content at the end (« libre »).
        """
        memoire = self.outline(tender_id, lot)
        tender = self._tender(tender_id)
        memoire.sections = merge_outline(memoire.sections, build_outline(tender))
        return self.save(memoire)

    def is_outdated(self, memoire: Memoire) -> bool:
        """True when the tender's criteria changed since the plan was built."""
        return outline_outdated(memoire, self._tender(memoire.tender_id))

    # --- writing -------------------------------------------------------------------------
    @staticmethod
    def validate(data: Mapping[str, Any] | Memoire) -> Memoire:
        """A ``Memoire`` from data, or ``InvalidInput`` with a French message per field."""
        payload = data.model_dump() if isinstance(data, Memoire) else dict(data)
        try:
            return Memoire.model_validate(payload)
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc

    def save(self, data: Mapping[str, Any] | Memoire) -> Memoire:
        """Validate and store a mémoire (inserted, or replacing the tender/lot's one)."""
        memoire = self.validate(data)
        tender = self._tender(memoire.tender_id)
        self._check_lot(tender, memoire.lot)
        # An unknown template name is refused when rendering, never here: a user template
        # removed from the workspace must not stop the text from being saved.
        if memoire.id is None:
            existing = self.get(memoire.tender_id, memoire.lot)
            if existing is not None:
                memoire.id = existing.id
        if memoire.id is None:
            return self.repo.add(memoire)
        return self.repo.update(memoire)

    def _section(self, memoire: Memoire, key: str) -> MemoireSection:
        return required(memoire.section(key), "section", f"Le mémoire n'a pas de partie « {key} ».")

    def insert_block(self, memoire: Memoire, section_key: str, block_id: int) -> Memoire:
        """Copy a library block into a section (editable here only) and count its use."""
        block = self.library.get_block(block_id)
        section = self._section(memoire, section_key)
        section.blocks = [
            *section.blocks,
            InsertedBlock(block_id=block.id, title=block.title, original=block.body,
                          body=block.body),
        ]
        saved = self.save(memoire)
        self.library.record_block_use(block_id, memoire.tender_id)
        return saved

    def set_references(self, memoire: Memoire, section_key: str, ids: list[int]) -> Memoire:
        """Choose the references shown in a section (in this order)."""
        for ref_id in ids:
            self.library.get_reference(ref_id)
        self._section(memoire, section_key).reference_ids = list(ids)
        return self.save(memoire)

    # --- checks --------------------------------------------------------------------------
    def references_of(self, memoire: Memoire) -> dict[int, Reference]:
        """The library references a mémoire cites, by id (missing ones are absent)."""
        refs = self.session.references.get_many(memoire.reference_ids())
        return {r.id: r for r in refs if r.id is not None}

    def check(self, memoire: Memoire, today: date | None = None) -> list[Attention]:
        """The points d'attention of a mémoire."""
        tender = self._tender(memoire.tender_id)
        return check_memoire(memoire, tender, self.references_of(memoire), today or date.today())

    # --- templates -----------------------------------------------------------------------
    def templates(self) -> list[TemplateInfo]:
        """The shipped templates, then the user's own (imported into the workspace)."""
        found = [
            TemplateInfo(name, title, builtin_template(name), True)
            for name, title in BUILTIN_TEMPLATES.items()
        ]
        for key, value in settings_with_prefix(self.session.ws, _TEMPLATE_KEY):
            info = json.loads(value)
            path = self.session.files.find(info["hash"])
            if path is not None:
                found.append(
                    TemplateInfo(key[len(_TEMPLATE_KEY):], info["title"], path, False)
                )
        return found

    def template_path(self, name: str) -> Path:
        """The file of the template called ``name``; ``InvalidInput`` if there is none."""
        for info in self.templates():
            if info.name == name:
                return info.path
        names = ", ".join(t.name for t in self.templates())
        raise InvalidInput({"template": f"Modèle inconnu : « {name} ». Modèles : {names}."})

    def import_template(self, source: Path, title: str | None = None) -> TemplateInfo:
        """Check a user's .docx template and store it in the workspace.

        Problems (not a .docx, bad tags, unknown variables) are raised as ``InvalidInput``
        listing each in French; nothing is stored then.
        """
        source = Path(source)
        problems = check_template(source)
        if problems:
            raise InvalidInput({"template": "\n".join(problems)})
        digest = self.session.files.add(source)
        name = "perso-" + "".join(ch if ch.isalnum() else "-" for ch in source.stem.lower())
        title = (title or source.stem).strip() or source.stem
        self.session.ws.set_setting(
            _TEMPLATE_KEY + name, json.dumps({"title": title, "hash": digest}, ensure_ascii=False)
        )
        return TemplateInfo(name, title, self.template_path(name), False)

    # --- logo ----------------------------------------------------------------------------
    def set_logo(self, structure_id: int, source: Path | None) -> Path | None:
        """Store the structure's logo (title page of the mémoire), or remove it with ``None``."""
        if source is None:
            self.session.ws.set_setting(_LOGO_KEY + str(structure_id), "")
            return None
        problem = check_logo(Path(source))
        if problem:
            raise InvalidInput({"logo": problem})
        digest = self.session.files.add(Path(source))
        self.session.ws.set_setting(_LOGO_KEY + str(structure_id), digest)
        return self.logo_path(structure_id)

    def logo_path(self, structure_id: int | None) -> Path | None:
        """The stored logo of a structure, or ``None``."""
        if structure_id is None:
            return None
        digest = self.session.ws.setting(_LOGO_KEY + str(structure_id))
        return self.session.files.find(digest) if digest else None

    # --- rendering -----------------------------------------------------------------------
    def candidat(self, tender: Tender, structure: Structure, lot: int | None) -> dict[str, Any]:
        """Who presents the offer (see ``memoire_context.candidat``)."""
        return candidat(self.session, tender, structure, lot)

    def context(
        self, memoire: Memoire, today: date | None = None,
        refs: dict[int, Reference] | None = None, tender: Tender | None = None,
    ) -> dict[str, Any]:
        """The plain dict a template receives (every key is listed in docs/templates.md).

        ``refs``, ``tender``: the references the mémoire cites and its tender, when already
        read.
        """
        tender = tender or self._tender(memoire.tender_id)
        structure = (
            self.session.structures.get(tender.structure_id) if tender.structure_id else None
        ) or Structure(name="Ma structure")
        if refs is None:
            refs = self.references_of(memoire)
        return build_context(self.session, memoire, tender, structure, refs, today)

    def confidential_references(
        self, memoire: Memoire, refs: dict[int, Reference] | None = None
    ) -> list[Reference]:
        """The confidential references a mémoire cites (in outline order)."""
        refs = self.references_of(memoire) if refs is None else refs
        return [refs[i] for i in memoire.reference_ids() if i in refs and refs[i].confidential]

    def render_job(
        self, tender_id: int, out: Path, lot: int | None = None, template: str | None = None,
        today: date | None = None, *, allow_confidential: bool = False,
    ) -> RenderJob:
        """Prepare a rendering on this thread; ``job.run()`` may then run on any thread.

        Refused (``ConfidentialReferences``) while the mémoire cites a confidential
        reference, unless the user confirmed it for this document (``allow_confidential``).
        """
        from .outputs import check_output

        check_output(Path(out), self.session.path, force=True)
        tender = self._tender(tender_id)  # read once: the outline and the context need it
        memoire = self._outline_of(tender, lot)
        refs = self.references_of(memoire)
        secret = self.confidential_references(memoire, refs)
        if secret and not allow_confidential:
            raise ConfidentialReferences(secret)
        name = template or memoire.template
        path = self.template_path(name)
        logo = self.logo_path(tender.structure_id)
        return RenderJob(self.context(memoire, today, refs, tender), path, Path(out), logo)

    def render(
        self, tender_id: int, out: Path, lot: int | None = None, template: str | None = None,
        today: date | None = None, progress: Progress | None = None, *,
        allow_confidential: bool = False,
    ) -> Path:
        """Write the mémoire .docx to ``out`` and return it (French errors as InvalidInput)."""
        return self.render_job(
            tender_id, out, lot, template, today, allow_confidential=allow_confidential
        ).run(progress)


__all__ = [
    "ConfidentialReferences",
    "MemoireService",
    "RenderJob",
    "TemplateInfo",
    "TemplateProblem",
    "impact_text",
    "reference_row",
    "structure_fields",
]

