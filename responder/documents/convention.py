"""The groupement's documents: the convention de groupement, the DC1 table and the DC4.

Rendered from a plain context dict (built by ``GroupementService.context``): ``title``,
``buyer``, ``reference``, ``procedure``, ``deadline``, ``today``, ``form``, ``form_key``,
``rc_form``, ``members`` (``name``, ``siret``, ``siret_fmt``, ``role``, ``legal_form``,
``address``, ``contact``, ``contact_role``, ``email``, ``phone``, ``lots``, ``lot_numbers``,
``prestations``, ``total``, ``share``, ``party`` — who signs, an ESAT's organisme
gestionnaire —, ``representative`` — who represents it and the source of that power),
``mandataire`` (one member dict), ``powers`` (texts), ``payment``, ``payment_note``,
``single_account``, ``solidaire``, ``lots`` (``name``, ``title``, ``total``, ``rows``:
``prestation``, ``member``, ``amount``, ``share``), ``total``, ``subcontractors`` (``name``,
``siret``, ``prestations``, ``lot``, ``member``, ``amount``, ``direct_payment``),
``threshold``, ``duration``, ``disputes`` (the court clause, by member type),
``retention_cap``, ``to_fill``. The DC4 context is built by ``GroupementService.dc4_context``.
Amounts and dates are already French text.

Thread contract: pure file output, safe in a background thread.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..fsutil import atomic_write_bytes
from ..paths import templates_dir
from .finish import finish


def convention_template() -> Path:
    """The shipped convention template, editable in Word or LibreOffice."""
    return templates_dir() / "groupement" / "convention.docx"


def dc1_template() -> Path:
    """The shipped DC1-table template."""
    return templates_dir() / "groupement" / "dc1.docx"


def render_sandboxed(template: Path, context: dict[str, Any], out: Path) -> Path:
    """Render a shipped docxtpl ``template`` to ``out`` (atomically), typography and tables
    finished; sandboxed with autoescape: « Jardins & Cie » keeps its « & » in the .docx."""
    doc = DocxTemplate(str(template))
    doc.render(context, jinja_env=ImmutableSandboxedEnvironment(autoescape=True))
    finish(doc.docx)
    buffer = io.BytesIO()
    doc.save(buffer)
    atomic_write_bytes(out, buffer.getvalue())
    return out


def render_convention(context: dict[str, Any], out: Path, template: Path | None = None) -> Path:
    """Render the convention de groupement to ``out`` (atomically) and return ``out``."""
    return render_sandboxed(template or convention_template(), context, out)


def dc4_template() -> Path:
    """The shipped DC4 (déclaration de sous-traitance) template."""
    return templates_dir() / "groupement" / "dc4.docx"


def render_dc4(context: dict[str, Any], out: Path, template: Path | None = None) -> Path:
    """Render the DC4 data of one sub-contractor to ``out`` (atomically)."""
    return render_sandboxed(template or dc4_template(), context, out)


def render_dc1(context: dict[str, Any], out: Path, template: Path | None = None) -> Path:
    """Render the DC1 table and the contact sheet to ``out`` (atomically)."""
    return render_sandboxed(template or dc1_template(), context, out)
