"""Measure the house-style limits of docs/design.md on the tree (run from the repo root).

Prints modules over 500 lines, functions over 60 lines, the size of main_window.py,
formatting calls outside responder/fr.py, colour stylesheets outside the theme and the
share of test functions that run without Qt. Exits 1 when a limit is passed.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "responder"
MAX_MODULE = 500
MAX_FUNCTION = 60
MAX_MAIN_WINDOW = 250
FORMAT_CALL = re.compile(r"\.strftime\(|QLocale\([^)]*\)\.to(String|Currency)|toString\(|babel")
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|rgb\(|rgba\(")


def _py_files(base: Path) -> list[Path]:
    return sorted(p for p in base.rglob("*.py") if ".venv" not in p.parts)


def long_modules() -> list[tuple[str, int]]:
    out = []
    for path in _py_files(PKG):
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_MODULE:
            out.append((str(path.relative_to(ROOT)), n))
    return sorted(out, key=lambda x: -x[1])


def long_functions() -> list[tuple[str, int]]:
    out = []
    for path in _py_files(PKG):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION:
                    out.append((f"{path.relative_to(ROOT)}:{node.lineno} {node.name}", n))
    return sorted(out, key=lambda x: -x[1])


def format_calls() -> list[str]:
    out = []
    for path in _py_files(PKG):
        if path.name == "fr.py" and path.parent == PKG:
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if ".strftime(" in code or "babel" in code or re.search(r"QLocale\b.*\.to", code):
                out.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    return out


def colour_stylesheets() -> list[str]:
    out = []
    for path in _py_files(PKG / "ui"):
        if path.name == "theme.py":
            continue
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"setStyleSheet\(", text):
            chunk = text[m.end() : m.end() + 300]
            depth, end = 1, 0
            for j, ch in enumerate(chunk):
                depth += ch == "("
                depth -= ch == ")"
                if depth == 0:
                    end = j
                    break
            arg = chunk[:end] if end else chunk
            if COLOUR.search(arg) or re.search(r"\b(color|background)\s*:", arg):
                line = text.count("\n", 0, m.start()) + 1
                out.append(f"{path.relative_to(ROOT)}:{line}")
    return out


def _imports_qt(tree: ast.Module) -> bool:
    """True when the module imports PySide6 or the UI package (at any level)."""
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        if any(n.startswith(("PySide6", "responder.ui", "tests.ui")) for n in names):
            return True
    return False


def test_counts() -> tuple[int, int]:
    """(Qt-free test functions, all test functions) under tests/.

    A test needs Qt when it lives under tests/ui (whose conftest starts a QApplication for
    every test), when its module imports PySide6 or the UI, or when it asks for ``qtbot`` or
    ``qapp``.
    """
    total = qt = 0
    for path in _py_files(ROOT / "tests"):
        if not path.name.startswith("test_"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_is_qt = "ui" in path.relative_to(ROOT / "tests").parts[:1] or _imports_qt(tree)
        for node in ast.walk(tree):
            is_function = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            if is_function and node.name.startswith("test"):
                total += 1
                args = {a.arg for a in node.args.args}
                if module_is_qt or args & {"qtbot", "qapp"}:
                    qt += 1
    return total - qt, total


def main() -> int:
    failed = False
    mods = long_modules()
    print(f"modules over {MAX_MODULE} lines: {len(mods)}")
    for name, n in mods:
        print(f"  {n:5d} {name}")
    funcs = long_functions()
    print(f"functions over {MAX_FUNCTION} lines: {len(funcs)}")
    for name, n in funcs:
        print(f"  {n:5d} {name}")
    mw = len((PKG / "ui" / "main_window.py").read_text(encoding="utf-8").splitlines())
    print(f"main_window.py: {mw} lines (max {MAX_MAIN_WINDOW})")
    calls = format_calls()
    print(f"formatting calls outside responder/fr.py: {len(calls)}")
    for c in calls:
        print("  " + c)
    colours = colour_stylesheets()
    print(f"setStyleSheet with a colour outside the theme: {len(colours)}")
    for c in colours:
        print("  " + c)
    free, total = test_counts()
    share = 100 * free / total if total else 0
    print(f"tests without Qt: {free} / {total} ({share:.1f} %, min 80 %)")
    failed = bool(mods or funcs or mw > MAX_MAIN_WINDOW or calls or colours or share < 80)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
