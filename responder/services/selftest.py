"""``responder self-test``: prove an install or a frozen bundle has everything it needs.

Each check returns (name, ok, detail). Nothing here needs a display; the GUI part is checked
by ``responder.app`` when the CLI asks for it.
"""

from __future__ import annotations

import importlib
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .. import fr
from ..paths import resources_dir, templates_dir
from ..storage.db import fts5_available

Check = tuple[str, bool, str]

_MODULES = (
    "pydantic",
    "docxtpl",
    "docx",
    "jinja2",
    *fr.libraries(),
    "holidays",
    "stdnum.fr.siret",
    "icalendar",
    "pypdf",
    "platformdirs",
)


def check_imports() -> Check:
    """Every third-party library the services rely on imports."""
    missing = []
    for name in _MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            missing.append(f"{name} ({exc})")
    return ("bibliothèques", not missing, ", ".join(missing) or f"{len(_MODULES)} importées")


def check_resources() -> Check:
    """The resources folder and the demo data are present and valid."""
    from .demo import demo_file, load_demo_data

    if not resources_dir().is_dir():
        return ("ressources", False, f"dossier absent : {resources_dir()}")
    if not demo_file().is_file():
        return ("ressources", False, f"données de démonstration absentes : {demo_file()}")
    data = load_demo_data()
    from .deadlines import load_rulebook

    rules = load_rulebook()
    from .starter import starter_blocks

    return (
        "ressources",
        True,
        f"{len(data.get('tenders', []))} consultations de démonstration, "
        f"{len(rules.ids())} règles datées, {len(starter_blocks())} textes de départ",
    )


def check_templates() -> Check:
    """The templates folder exists and every .docx template renders in the sandbox."""
    root = templates_dir()
    if not (root / "memoire").is_dir():
        return ("modèles", False, f"dossier absent : {root / 'memoire'}")
    from docxtpl import DocxTemplate
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    rendered = 0
    with tempfile.TemporaryDirectory(prefix="responder-selftest-") as tmp:
        # A template made on the spot proves docxtpl, Jinja and lxml work (also when frozen),
        # and that « & » survives escaping (autoescape).
        import docx

        probe = Path(tmp) / "probe.docx"
        document = docx.Document()
        document.add_paragraph("{{ name }}")
        document.save(str(probe))
        doc = DocxTemplate(str(probe))
        doc.render(
            {"name": "Jardins & Cie"},
            jinja_env=ImmutableSandboxedEnvironment(autoescape=True),
        )
        doc.save(str(probe))
        text = "\n".join(p.text for p in docx.Document(str(probe)).paragraphs)
        if "Jardins & Cie" not in text:
            return ("modèles", False, "le rendu .docx a perdu « & » (autoescape)")
    broken = []
    from ..documents.filters import FILTERS

    for template in sorted(root.rglob("*.docx")):
        # Shipped templates need their real context to render; parsing them (XML and Jinja
        # syntax) is what proves the file is intact and readable here. Jinja checks filter
        # names when parsing: give it our French filters (date_fr, montant …).
        env = ImmutableSandboxedEnvironment(autoescape=True)
        env.filters.update(FILTERS)
        try:
            DocxTemplate(str(template)).get_undeclared_template_variables(env)
        except Exception as exc:  # noqa: BLE001 - any failure means a broken template
            broken.append(f"{template.relative_to(root)} ({type(exc).__name__})")
        rendered += 1
    if broken:
        return ("modèles", False, "modèle(s) illisible(s) : " + ", ".join(broken))
    return ("modèles", True, f"rendu .docx correct, {rendered} modèle(s) livrés lisibles")


def check_locale() -> Check:
    """Babel's French data and the French public holidays (with their French names) load."""
    import holidays

    text = fr.date_full(date(2026, 7, 14))
    names = holidays.country_holidays("FR", years=2026, language="fr")
    name = names.get(date(2026, 7, 14)) or ""
    ok = "juillet" in text and "Fête nationale" in name
    return ("français", ok, f"{text} : {name or 'jour férié introuvable'}")


def check_fts5() -> Check:
    """SQLite has FTS5 with accent folding (else search falls back to LIKE)."""
    conn = sqlite3.connect(":memory:")
    try:
        ok = fts5_available(conn)
    finally:
        conn.close()
    detail = f"SQLite {sqlite3.sqlite_version}" + ("" if ok else " sans FTS5")
    return ("recherche FTS5", ok, detail)


def check_workspace() -> Check:
    """Create a demo workspace, close it, reopen it and read every dossier back."""
    from .demo import create_demo
    from .tenders import TenderService
    from .workspace import open_session

    with tempfile.TemporaryDirectory(prefix="responder-selftest-") as tmp:
        path = Path(tmp) / "test.responder"
        create_demo(path).close()
        session = open_session(path, create=False)
        try:
            tenders = TenderService(session).list()
            ok = session.ws.integrity_ok() and len(tenders) > 0
            detail = f"{len(tenders)} consultations relues, intégrité {'ok' if ok else 'KO'}"
        finally:
            session.close()
    return ("espace de travail", ok, detail)


def check_charts() -> Check:
    """The Bilan report's charts draw without Qt (glyph file present, PNG written)."""
    from ..documents.png_chart import chart_png, font_file
    from ..domain.charts import GREEN, BarChart, Series

    if not font_file().is_file():
        return ("graphiques", False, f"fichier de glyphes absent : {font_file()}")
    data = chart_png(BarChart("probe", "Bilan é€", ("2026",), (Series("Gagnés", GREEN, (1.0,)),)),
                     200, 120)
    return ("graphiques", data.startswith(b"\x89PNG"), f"image PNG de {len(data)} octets")


def check_help() -> Check:
    """The glossary, the guide and the go / no-go grid ship and read back."""
    from .gonogo import load_settings
    from .help import glossary, guide

    terms, steps, grid = len(glossary()), len(guide()), len(load_settings().grid)
    ok = terms >= 60 and steps == 8 and grid > 0
    return ("aide et go / no-go", ok,
            f"{terms} termes, {steps} étapes du guide, grille de {grid} lignes")


CHECKS: tuple[Callable[[], Check], ...] = (
    check_imports,
    check_resources,
    check_templates,
    check_locale,
    check_fts5,
    check_workspace,
    check_charts,
    check_help,
)


def run_self_test() -> list[Check]:
    """Run every check; an exception in one becomes a failed check with its message."""
    results: list[Check] = []
    for check in CHECKS:
        try:
            results.append(check())
        except Exception as exc:  # noqa: BLE001 - report, never crash the self-test
            name = (check.__doc__ or check.__name__).split("\n")[0]
            results.append((name, False, f"{type(exc).__name__}: {exc}"))
    return results


def check_user_workspace(path: Path) -> Check:
    """The workspace given with ``--workspace`` opens and passes SQLite's integrity check.

    Opened read-only (no migration, no backup): the self-test must never change a file. A
    damaged workspace is named, with the latest good backup to restore.
    """
    from ..storage.db import foreign_database_problem
    from ..storage.files import recorded_hashes, store_problem

    name = "espace de travail indiqué"
    if not path.exists():
        return (name, False, f"« {path} » n'existe pas")
    if path.is_file() and path.stat().st_size == 0:
        return (name, False, f"« {path} » est vide : ce n'est pas un espace de travail")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("PRAGMA quick_check").fetchone()
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            foreign = foreign_database_problem(conn, path) if row and row[0] == "ok" else None
            known = recorded_hashes(conn) if row and row[0] == "ok" and not foreign else set()
        finally:
            conn.close()
        if foreign:
            return (name, False, foreign)
        if row is not None and row[0] == "ok":
            files_problem = store_problem(path, known)
            if files_problem:
                return (name, False, files_problem)
            return (name, True, f"« {path} » lisible (format {version}), {len(known)} "
                    "fichier(s) joint(s) intact(s)")
        problem = str(row[0]) if row else "vérification impossible"
    except sqlite3.Error as exc:
        problem = str(exc)
    from .backup import latest_backup

    backup = latest_backup(path)
    hint = (
        f" ; dernière sauvegarde saine : {backup.path.name} (« responder restore "
        f"{backup.path.name} »)" if backup else " ; aucune sauvegarde disponible"
    )
    return (name, False, f"« {path} » est endommagé ({problem}){hint}")

