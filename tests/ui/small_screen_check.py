"""Run by ``test_small_screen.py`` in its own process, on an offscreen screen whose available
area is WIDTH × HEIGHT: opens every page, every dossier tab, the welcome screens and the
dialogs, and prints (JSON) every button cut or hidden and every window larger than the
screen. Usage: ``python tests/ui/small_screen_check.py WIDTH HEIGHT WORKDIR``."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QScrollArea, QWidget

ROOT = Path(__file__).resolve().parents[2]


def _in_scroll_area(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and (
            parent.verticalScrollBar().maximum() > 0
        ):
            return True
        parent = parent.parentWidget()
    return False


def problems(name: str, root: QWidget) -> list[str]:
    """Buttons narrower than their text, partly hidden, or a window off the screen."""
    found: list[str] = []
    area = QApplication.primaryScreen().availableGeometry()
    window = root.window()
    if window.width() > area.width() or window.height() > area.height():
        found.append(f"{name}: fenêtre {window.width()}×{window.height()} > écran "
                     f"{area.width()}×{area.height()}")
    for button in root.findChildren(QAbstractButton):
        if not button.isVisible() or not button.text():
            continue
        if button.width() < button.sizeHint().width():
            found.append(f"{name}: « {button.text()} » coupé ({button.width()} < "
                         f"{button.sizeHint().width()} px)")
        shown = button.visibleRegion().boundingRect().size()
        if (not isinstance(button, QCheckBox) and not _in_scroll_area(button, root)
                and shown != button.size()):
            found.append(f"{name}: « {button.text()} » caché en partie {shown.toTuple()}")
    return found


def settle(app: QApplication) -> None:
    for _ in range(4):
        app.processEvents()


def main() -> int:
    workdir = Path(sys.argv[3])
    app = QApplication([])
    from PySide6.QtCore import QSize

    from responder.app import build_main_window, setup_application
    from responder.services.demo import create_demo
    from responder.services.rc_import import RcImportService
    from responder.services.rc_reader import extract_file
    from responder.ui.dialogs.rc_review import RcReviewDialog
    from responder.ui.pages.registry import PAGES, TENDERS, page_index
    from responder.ui.screen_fit import fit_to_screen
    from responder.ui.welcome import WelcomePage

    setup_application(app)
    found: list[str] = []
    checked: list[str] = []
    welcome = WelcomePage()
    fit_to_screen(welcome, QSize(900, 640))
    welcome.show()
    for index, name in enumerate(("accueil", "accueil-structure", "accueil-ensuite")):
        welcome.stack.setCurrentIndex(index)
        settle(app)
        found += problems(name, welcome)
        checked.append(name)
    welcome.close()

    session = create_demo(workdir / "demo.responder", today=date(2026, 12, 1))
    window = build_main_window(session, QSettings(str(workdir / "ui.ini"),
                                                  QSettings.Format.IniFormat))
    window.show()
    settle(app)
    for spec in PAGES:
        window.show_page(page_index(spec.key))
        settle(app)
        found += problems(f"page {spec.key}", window)
        checked.append(spec.key)
    window.show_page(page_index(TENDERS))
    page = window.tenders_page
    page.table.selectRow(0)
    settle(app)
    bar = page.dossier_tabs.tabBar()
    if bar.sizeHint().width() > page.dossier_tabs.width():
        found.append(f"onglets du dossier : {bar.sizeHint().width()} px de titres pour "
                     f"{page.dossier_tabs.width()} px (flèches de défilement)")
    for index in range(page.dossier_tabs.count()):
        page.dossier_tabs.setCurrentIndex(index)
        settle(app)
        name = f"onglet {page.dossier_tabs.tabText(index)}"
        found += problems(name, window)
        checked.append(name)
    assert window.ctx is not None
    dialog = RcReviewDialog(extract_file(ROOT / "tests" / "fixtures" / "rc" /
                                         "rc07_criteres_tableau.docx"),
                            RcImportService(session), window.ctx.current_structure_id())
    dialog.show()
    settle(app)
    found += problems("relecture du RC", dialog)
    checked.append("relecture du RC")
    dialog.close()
    print(json.dumps({"problems": found, "checked": checked,
                      "window": [window.width(), window.height()]}, ensure_ascii=False))
    window.close()
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
