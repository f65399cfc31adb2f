"""The table of every legal rule, generated from the rules file into ``docs/rules.md``.

``python -m responder.services.rules_doc`` rewrites the table; a test fails while the file in
``docs/`` differs from what the rules file gives, so the documentation never lags the data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..domain.law import Rule, RuleBook
from .deadlines import load_rulebook

_UNITS = {
    "calendar_days": "jours",
    "working_days": "jours ouvrés",
    "eur_ht": "€ HT",
    "eur_ttc": "€ TTC",
    "months": "mois",
    "ratio": "",
}

HEADER = """# Rules applied by Responder

Generated from `resources/rules/rules.json` by `python -m responder.services.rules_doc`;
do not edit by hand (a test fails when this table is stale). « H »: article text seen;
« M »: consistent secondary sources, shown to the user as guidance (« à vérifier dans le RC »).

| id | article | value | valid from | valid to | conf | rule |
|---|---|---|---|---|---|---|
"""


def _value(rule: Rule) -> str:
    if rule.value is None:
        return "—"
    text = f"{rule.value.normalize():f}"
    unit = _UNITS.get(rule.unit, rule.unit)
    return f"{text} {unit}".strip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_table(book: RuleBook) -> str:
    """The Markdown document listing every version of every rule, sorted by id then date."""
    lines = [HEADER.rstrip("\n")]
    for rule in sorted(book.all(), key=lambda r: (r.id, r.valid_from)):
        lines.append(
            f"| `{rule.id}` | {_cell(rule.article)} | {_value(rule)} | "
            f"{rule.valid_from.isoformat()} | "
            f"{rule.valid_until.isoformat() if rule.valid_until else '—'} | "
            f"{rule.confidence} | {_cell(rule.label_fr)} |"
        )
    return "\n".join(lines) + "\n"


def docs_path() -> Path:
    """Where the table lives in a source checkout (``docs/rules.md``)."""
    return Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def main() -> int:
    """Rewrite ``docs/rules.md`` from the shipped rules file."""
    target = docs_path()
    temp = target.with_suffix(".md.tmp")
    temp.write_text(rules_table(load_rulebook()), encoding="utf-8")
    temp.replace(target)
    print(f"{target.name} : {len(load_rulebook().all())} règles", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover - developer tool
    raise SystemExit(main())
