"""Measure the house-style limits of docs/design.md on the tree (run from the repo root).

Prints modules over 500 lines, functions over 60 lines, the size of main_window.py,
formatting calls outside responder/fr.py, colour stylesheets outside the theme, the
share of test functions that run without Qt and the tests that assert nothing. Exits 1 when
a limit is passed. Each measure is a function; ``measure()`` takes them all once and
``broken_limits()`` turns them into lines for tests/test_architecture_limits.py.
"""

from __future__ import annotations

import ast
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "responder"
MAX_MODULE = 500
MAX_FUNCTION = 60
MAX_MAIN_WINDOW = 250
MIN_QT_FREE = 80
FORMAT_CALL = re.compile(r"\.strftime\(|QLocale\([^)]*\)\.to(String|Currency)|toString\(|babel")
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|rgb\(|rgba\(")


@lru_cache(maxsize=4096)
def _parsed(path: Path, _mtime_ns: int) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _tree(path: Path) -> ast.Module:
    """The syntax tree of ``path``, parsed once per version of the file (the measures share
    it: the test of the limits runs them all)."""
    return _parsed(path, path.stat().st_mtime_ns)


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
        tree = _tree(path)
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
        tree = _tree(path)
        module_is_qt = "ui" in path.relative_to(ROOT / "tests").parts[:1] or _imports_qt(tree)
        for node in ast.walk(tree):
            is_function = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            if is_function and node.name.startswith("test"):
                total += 1
                args = {a.arg for a in node.args.args}
                if module_is_qt or args & {"qtbot", "qapp"}:
                    qt += 1
    return total - qt, total


#: Calls that fail a test when what they expect does not happen.
_EXPECTING_CALLS = frozenset({
    "raises", "warns", "deprecated_call", "fail",  # pytest
    "waitUntil", "waitSignal", "waitSignals", "waitCallback", "assertNotEmitted",  # qtbot
    "waitExposed", "waitActive",
})


def _called_names(node: ast.AST) -> set[str]:
    """Names of what ``node`` calls: ``f(…)`` gives f, ``a.b.f(…)`` gives f."""
    names: set[str] = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
            elif isinstance(call.func, ast.Attribute):
                names.add(call.func.attr)
    return names


def _asserts_itself(node: ast.AST) -> bool:
    """An ``assert``, an expecting call, or a ``subprocess.run(…, check=True)``."""
    for n in ast.walk(node):
        if isinstance(n, ast.Assert):
            return True
        if isinstance(n, ast.Call) and any(
            k.arg == "check" and isinstance(k.value, ast.Constant) and k.value.value is True
            for k in n.keywords
        ):
            return True
    return bool(_called_names(node) & _EXPECTING_CALLS)


def _test_trees(tests_dir: Path) -> list[tuple[Path, ast.Module]]:
    return [(p, _tree(p)) for p in _py_files(tests_dir)]


def _asserting_helpers(trees: list[tuple[Path, ast.Module]]) -> set[str]:
    """Names of the functions under tests/ (helpers, fixtures, fakes' methods) that assert,
    themselves or through another such function. Matched by name: a helper shares its name
    with no silent function in practice, and a wrong match only hides a test, never adds one."""
    calls: dict[str, set[str]] = {}
    asserting: set[str] = set()
    for _path, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                calls.setdefault(node.name, set()).update(*_checks_called(node))
                if _asserts_itself(node):
                    asserting.add(node.name)
    grown = True
    while grown:
        grown = False
        for name, called in calls.items():
            if name not in asserting and called & asserting:
                asserting.add(name)
                grown = True
    return asserting


def _reachable_helpers(tree: ast.Module) -> set[str]:
    """The functions a test of this module calls by name: its own and those it imports from
    tests/."""
    names = {
        n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and (n.level or (n.module or "").startswith("tests")):
            names.update(alias.asname or alias.name for alias in n.names)
    return names


def _checks_called(node: ast.AST) -> tuple[set[str], set[str]]:
    """Names of the functions ``node`` calls for their effect, their result unused (a check
    such as ``expect_saved(path)``), or as a context manager: (called by name, called on an
    object). A helper whose result is kept (``session = new_session(…)``) builds the test's
    material: its asserts check the set-up, not the behaviour."""
    plain: set[str] = set()
    dotted: set[str] = set()
    for stmt in ast.walk(node):
        calls: list[ast.expr] = []
        if isinstance(stmt, ast.Expr):
            calls = [stmt.value]
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            calls = [item.context_expr for item in stmt.items]
        for call in calls:
            if isinstance(call, ast.Call):
                if isinstance(call.func, ast.Name):
                    plain.add(call.func.id)
                elif isinstance(call.func, ast.Attribute):
                    dotted.add(call.func.attr)
    return plain, dotted


def silent_tests(tests_dir: Path = ROOT / "tests") -> list[str]:
    """Test functions that can pass without checking anything: no ``assert``, no
    ``pytest.raises`` / ``warns`` / ``fail``, no qtbot wait or expectation, no call to a
    helper that asserts (``tests/path::name`` each)."""
    trees = _test_trees(tests_dir)
    helpers = _asserting_helpers(trees)
    # The methods of the test doubles under tests/, called on an object.
    on_objects = {
        f.name
        for _path, tree in trees
        for cls in ast.walk(tree)
        if isinstance(cls, ast.ClassDef)
        for f in cls.body
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    out = []
    for path, tree in trees:
        if not path.name.startswith("test_"):
            continue
        by_name = _reachable_helpers(tree)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if not node.name.startswith("test"):
                continue
            plain, dotted = _checks_called(node)
            if _asserts_itself(node) or (plain & by_name | dotted & on_objects) & helpers:
                continue
            out.append(f"{path.relative_to(tests_dir.parent)}::{node.name}")
    return out


def main_window_lines() -> int:
    """Lines of the window shell."""
    return len((PKG / "ui" / "main_window.py").read_text(encoding="utf-8").splitlines())


def qt_free_share(counts: tuple[int, int] | None = None) -> float:
    """Percentage of test functions that run without Qt (``counts``: ``test_counts()``,
    measured when not given)."""
    free, total = counts or test_counts()
    return 100 * free / total if total else 100.0


class Measures(NamedTuple):
    """Every measure of the tree, taken once."""

    modules: list[tuple[str, int]]
    functions: list[tuple[str, int]]
    main_window: int
    format_calls: list[str]
    colours: list[str]
    tests: tuple[int, int]
    silent: list[str]


def measure() -> Measures:
    """Take every measure of the tree."""
    return Measures(
        long_modules(), long_functions(), main_window_lines(), format_calls(),
        colour_stylesheets(), test_counts(), silent_tests(),
    )


def broken_limits(measures: Measures | None = None) -> list[str]:
    """One line per limit of docs/design.md the tree passes; empty when all are kept
    (``measures``: ``measure()``, taken when not given)."""
    m = measures or measure()
    broken = [f"module over {MAX_MODULE} lines: {name} ({n})" for name, n in m.modules]
    broken += [f"function over {MAX_FUNCTION} lines: {name} ({n})" for name, n in m.functions]
    if m.main_window > MAX_MAIN_WINDOW:
        broken.append(f"main_window.py: {m.main_window} lines (max {MAX_MAIN_WINDOW})")
    broken += [f"formatting outside responder/fr.py: {c}" for c in m.format_calls]
    broken += [f"setStyleSheet with a colour outside the theme: {c}" for c in m.colours]
    if (share := qt_free_share(m.tests)) < MIN_QT_FREE:
        broken.append(f"tests without Qt: {share:.1f} % (min {MIN_QT_FREE} %)")
    broken += [f"test that asserts nothing: {t}" for t in m.silent]
    return broken


def main() -> int:
    m = measure()
    print(f"modules over {MAX_MODULE} lines: {len(m.modules)}")
    for name, n in m.modules:
        print(f"  {n:5d} {name}")
    print(f"functions over {MAX_FUNCTION} lines: {len(m.functions)}")
    for name, n in m.functions:
        print(f"  {n:5d} {name}")
    print(f"main_window.py: {m.main_window} lines (max {MAX_MAIN_WINDOW})")
    print(f"formatting calls outside responder/fr.py: {len(m.format_calls)}")
    for c in m.format_calls:
        print("  " + c)
    print(f"setStyleSheet with a colour outside the theme: {len(m.colours)}")
    for c in m.colours:
        print("  " + c)
    free, total = m.tests
    print(f"tests without Qt: {free} / {total} "
          f"({qt_free_share(m.tests):.1f} %, min {MIN_QT_FREE} %)")
    print(f"tests that assert nothing: {len(m.silent)} (max 0)")
    for t in m.silent:
        print("  " + t)
    return 1 if broken_limits(m) else 0


if __name__ == "__main__":
    sys.exit(main())
