"""Render every page of the demo workspace (and the welcome page) to PNG files.

    QT_QPA_PLATFORM=offscreen python scripts/render_pages.py OUT_DIR [WIDTH HEIGHT]

The window is sized as on a screen whose available area is WIDTH × HEIGHT (default
1366 × 700: a 1366 × 768 laptop with its taskbar). Used for the pictures under docs/.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path


def main() -> int:
    out = Path(sys.argv[1])
    width, height = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (1366, 700)
    folder = Path(tempfile.mkdtemp(prefix="responder-rendu-"))
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "ecran", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from responder.app import build_main_window, setup_application
    from responder.services.demo import create_demo
    from responder.ui.pages.dossier_tabs import DOSSIER_TABS
    from responder.ui.pages.registry import PAGES, TENDERS, page_index
    from responder.ui.welcome import WelcomePage

    app = QApplication([])
    setup_application(app)
    out.mkdir(parents=True, exist_ok=True)
    welcome = WelcomePage()
    welcome.resize(min(900, width), min(640, height))
    welcome.show()
    app.processEvents()
    welcome.grab().save(str(out / "page-accueil.png"))
    welcome.show_structure_form()
    app.processEvents()
    welcome.grab().save(str(out / "page-accueil-structure.png"))
    welcome.show_next_step()
    app.processEvents()
    welcome.grab().save(str(out / "page-accueil-ensuite.png"))
    session = create_demo(folder / "demo.responder", today=date(2026, 12, 1))
    ini = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    window = build_main_window(session, ini)
    window.resize(width, height)  # maximised on that screen
    window.show()
    app.processEvents()
    for spec in PAGES:
        window.show_page(page_index(spec.key))
        app.processEvents()
        window.grab().save(str(out / f"page-{spec.key}.png"))
    window.show_page(page_index(TENDERS))
    page = window.tenders_page
    tenders = window.ctx.tenders.list() if window.ctx else []
    open_ones = [t for t in tenders if t.is_open and t.groupement is not None] or tenders
    if open_ones and open_ones[0].id is not None:
        window.open_tender(open_ones[0].id)
    for index in range(page.dossier_tabs.count()):
        page.dossier_tabs.setCurrentIndex(index)
        for _ in range(3):
            app.processEvents()
        key = "consultation" if index == 0 else DOSSIER_TABS[index - 1].key
        window.grab().save(str(out / f"onglet-{index}-{key}.png"))
    print(f"{window.width()} × {window.height()} — images dans {out}")
    window.close()
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
