"""ARCHITECTURE.md: services never contain SQL, the queries belong in ``responder/storage``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "responder"
#: Statements a repository would run; PRAGMA checks of the self-test are diagnostics.
SQL = re.compile(
    r"^\s*(SELECT\b.*\bFROM\b|INSERT (OR \w+ )?INTO\b|UPDATE \w+ SET\b|DELETE FROM\b"
    r"|(CREATE|DROP|ALTER) (TABLE|INDEX|TRIGGER|VIEW)\b)",
    re.S,
)


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(
            node.value
        ):
            found.append(f"{path.name}:{node.lineno} SQL « {node.value[:40]} »")
        if isinstance(node, ast.Attribute) and node.attr == "conn":
            found.append(f"{path.name}:{node.lineno} uses the connection (.conn)")
    return found


def test_services_hold_no_sql() -> None:
    offenders = [o for p in sorted((PACKAGE / "services").rglob("*.py")) for o in _offences(p)]
    assert not offenders, offenders


def test_the_check_sees_sql_in_storage() -> None:
    """Guard against a vacuous check: storage, where SQL belongs, must be flagged by it."""
    assert _offences(PACKAGE / "storage" / "meta.py")
