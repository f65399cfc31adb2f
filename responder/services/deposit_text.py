"""The final check before the deposit in French lines, as the « Dépôt » tab lists it (no Qt)."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.deposit_check import DepositIssue
from .deposit import PageReport

#: Findings are listed most serious first.
LEVEL_ORDER = {"bloquant": 0, "attention": 1, "rappel": 2}


def sort_issues(issues: Iterable[DepositIssue]) -> list[DepositIssue]:
    """Blocking findings first, then those to check, then the reminders (stable)."""
    return sorted(issues, key=lambda issue: LEVEL_ORDER[issue.level])


def summary(issues: list[DepositIssue]) -> tuple[str, bool]:
    """The headline (« 2 points bloquants avant le dépôt · 1 à vérifier ») and whether the
    dossier is ready (no blocking finding)."""
    blocking = sum(1 for issue in issues if issue.blocking)
    watch = sum(1 for issue in issues if issue.level == "attention")
    if blocking:
        plural = "s" if blocking > 1 else ""
        text = f"{blocking} point{plural} bloquant{plural} avant le dépôt"
    else:
        text = "Prêt pour le dépôt"
    if watch:
        text += f" · {watch} à vérifier"
    return text, not blocking


def issue_lines(issue: DepositIssue, level_label: str) -> list[str]:
    """The level and message, then where (piece · member · lot) unless the message says it."""
    where = " · ".join(part for part in (
        issue.piece, issue.member, f"lot {issue.lot}" if issue.lot else "") if part)
    lines = [f"{level_label} — {issue.message_fr}"]
    if where and issue.piece not in issue.message_fr:
        lines.append(where)
    return lines


def pages_text(reports: list[PageReport]) -> str:
    """One line per mémoire counted against the RC's limit (« Mémoire (lot 2) : 6 pages / 4
    — … »)."""
    lines = []
    for report in reports:
        lot = f" (lot {report.lots[0]})" if len(report.lots) == 1 else ""
        count = "non compté" if report.pages is None else f"{report.pages} pages"
        lines.append(f"Mémoire{lot} : {count} / {report.limit} — {report.method_fr}")
    return "\n".join(lines) or "Aucun mémoire à compter."
