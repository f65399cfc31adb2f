"""The layers of ARCHITECTURE.md: imports only point down, and only the GUI imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "responder"
QT_ALLOWED = {"ui", "app.py"}
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
#: layer → our layers it must not import
FORBIDDEN = {
    "domain": ("storage", "documents", "services", "ui", "app", "cli"),
    "storage": ("documents", "services", "ui", "app", "cli"),
    "documents": ("storage", "services", "ui", "app", "cli"),
    "services": ("ui", "app", "cli"),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    layer_parts = path.relative_to(PACKAGE).parts
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # resolve the relative import against the module's package
                base = ["responder", *layer_parts[:-1]]
                base = base[: len(base) - (node.level - 1)]
                names.append(".".join([*base, node.module or ""]).rstrip("."))
            else:
                names.append(node.module or "")
    return names


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_nothing_outside_ui_imports_qt() -> None:
    offenders = []
    for path in _modules():
        top = path.relative_to(PACKAGE).parts[0]
        if top in QT_ALLOWED:
            continue
        for name in _imports(path):
            if name.startswith(QT_MODULES):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not offenders, offenders


def test_layers_import_only_downwards() -> None:
    offenders = []
    for path in _modules():
        top = path.relative_to(PACKAGE).parts[0]
        if top not in FORBIDDEN:
            continue
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "responder" and len(parts) > 1 and parts[1] in FORBIDDEN[top]:
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not offenders, offenders


def test_the_check_sees_qt_imports() -> None:
    """Guard against a vacuous check: the GUI package must be seen importing Qt."""
    seen = [n for p in (PACKAGE / "ui").rglob("*.py") for n in _imports(p)]
    assert any(n.startswith("PySide6") for n in seen)
