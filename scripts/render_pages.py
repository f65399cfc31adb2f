"""Render every page of the demo workspace, every dossier tab and the welcome screens to PNG.

    QT_QPA_PLATFORM=offscreen python scripts/render_pages.py OUT_DIR [WIDTH HEIGHT]
        [--only=dashboard,bilan,accueil]

The window is sized as on a screen whose available area is WIDTH × HEIGHT (default
1366 × 700: a 1366 × 768 laptop with its taskbar). Used for the pictures under docs/.
The demo workspace gets the sample BOAMP and DECP files of the tests, so that « Veille »
and the « Acheteur » tab show something; the status bar names the workspace by its file
name only (a temporary folder means nothing to a reader of the docs).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "fixtures" / "opendata"


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--only=")]
    #: ``--only=`` page keys (``accueil`` for the welcome screens): those, and no dossier tab.
    only = {k for a in sys.argv[1:] if a.startswith("--only=") for k in a[7:].split(",")}
    out = Path(args[0])
    width, height = (int(args[1]), int(args[2])) if len(args) > 2 else (1366, 700)
    folder = Path(tempfile.mkdtemp(prefix="responder-rendu-"))
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "ecran", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from responder.app import setup_application
    from responder.ui.pages.registry import PAGES, page_index

    app = QApplication([])
    setup_application(app)
    out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(4):
            app.processEvents()

    if not only or "accueil" in only:
        render_welcome(out, settle)
    session, window = open_demo(folder, width, height)
    for spec in PAGES:
        if only and spec.key not in only:
            continue
        window.show_page(page_index(spec.key))
        settle()
        window.grab().save(str(out / f"page-{spec.key}.png"))
    if not only:
        render_dossier(out, window, session, settle)
    print(f"{window.width()} × {window.height()} — images dans {out}")
    window.close()
    session.close()
    return 0


def render_welcome(out: Path, settle: Callable[[], None]) -> None:
    """The three welcome screens."""
    from PySide6.QtCore import QSize

    from responder.ui.screen_fit import fit_to_screen
    from responder.ui.welcome import WelcomePage

    welcome = WelcomePage()
    fit_to_screen(welcome, QSize(900, 640))
    welcome.show()
    settle()
    welcome.grab().save(str(out / "page-accueil.png"))
    welcome.show_structure_form()
    settle()
    welcome.grab().save(str(out / "page-accueil-structure.png"))
    welcome.show_next_step()
    settle()
    welcome.grab().save(str(out / "page-accueil-ensuite.png"))
    welcome.close()


def open_demo(folder: Path, width: int, height: int) -> tuple[Any, Any]:
    """The demo workspace (with the sample notices and DECP) in a main window."""
    from PySide6.QtCore import QSettings

    from responder.app import build_main_window
    from responder.services.decp import DecpService
    from responder.services.demo import create_demo
    from responder.services.veille import VeilleService

    name = "exemple.responder"
    session = create_demo(folder / name, today=date(2026, 12, 1))
    VeilleService(session).import_boamp(SAMPLES / "boamp-export.json")
    ini = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    window = build_main_window(session, ini)
    assert window.ctx is not None
    siret = window.ctx.structures.current().siret or ""
    DecpService(session).import_file(SAMPLES / "decp-consolidated.csv", siret)
    window.path_label.setText(f"Espace de travail : {name}")
    window.resize(width, height)  # maximised on that screen
    window.show()
    return session, window


def render_dossier(out: Path, window: Any, session: Any, settle: Callable[[], None]) -> None:
    """Veille's other tabs, every dossier tab, and the review of an imported RC."""
    from responder.services.veille import VeilleService
    from responder.ui.pages.dossier_tabs import DOSSIER_TABS
    from responder.ui.pages.registry import TENDERS, page_index

    veille = window.page("veille")
    for index, name in ((1, "renouvellements"), (2, "mes-marches")):
        veille.tabs.setCurrentIndex(index)  # type: ignore[attr-defined]
        settle()
        window.show_page(page_index("veille"))
        settle()
        window.grab().save(str(out / f"page-veille-{name}.png"))
    window.show_page(page_index(TENDERS))
    page = window.tenders_page
    tenders = window.ctx.tenders.list()
    open_ones = [t for t in tenders if t.is_open and t.groupement is not None] or tenders
    if open_ones and open_ones[0].id is not None:
        window.open_tender(open_ones[0].id)
    keys = ["consultation"] + [spec.key for spec in DOSSIER_TABS]
    for index in range(page.dossier_tabs.count()):
        page.dossier_tabs.setCurrentIndex(index)
        settle()
        window.grab().save(str(out / f"onglet-{index:02d}-{keys[index]}.png"))
    # « Résultat » of the lost dossier, with the buyer's recorded decision.
    lost = next((t for t in tenders if t.status.value == "perdu" and t.id is not None), None)
    if lost is not None and lost.id is not None and page.select_tender(lost.id):
        index = keys.index("outcome")
        page.dossier_tabs.setCurrentIndex(index)
        settle()
        window.grab().save(str(out / f"onglet-{index:02d}-outcome.png"))
    # The demo's buyers are not in the sample DECP file: show « Acheteur » on a dossier
    # followed from a notice whose buyer is.
    followed = VeilleService(session).follow("26-140210", window.ctx.current_structure_id())
    page.reload()
    if followed.id is not None and page.select_tender(followed.id):
        index = keys.index("buyer")
        page.dossier_tabs.setCurrentIndex(index)
        settle()
        window.grab().save(str(out / f"onglet-{index:02d}-buyer.png"))
    # The review of a règlement de consultation read by « Importer un RC… ».
    from responder.services.rc_import import RcImportService
    from responder.services.rc_reader import extract_file
    from responder.ui.dialogs.rc_review import RcReviewDialog

    dialog = RcReviewDialog(extract_file(ROOT / "tests" / "fixtures" / "rc" /
                                         "rc01_plateforme.pdf"),
                            RcImportService(session), window.ctx.current_structure_id())
    dialog.show()
    settle()
    dialog.grab().save(str(out / "dialogue-relecture-rc.png"))
    dialog.close()


if __name__ == "__main__":
    sys.exit(main())
