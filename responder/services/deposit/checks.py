"""Checks shared by the service, the GUI and the CLI: the refusal text, the moment of a deposit,
the target folder, the page count of page-limited documents."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ...documents.page_count import PageCount, count_pages, soffice_path
from ...domain.common import InvalidInput
from ...domain.deposit_check import DepositIssue, PlannedFile
from .results import DepositPlan, PageReport


def _sorted(issues: list[DepositIssue]) -> list[DepositIssue]:
    order = {"bloquant": 0, "attention": 1, "rappel": 2}
    return sorted(issues, key=lambda i: order[i.level])


def refusal_text(blocking: list[DepositIssue]) -> str:
    """The French refusal of the pack, listing what blocks."""
    lines = [f"- {i.message_fr}" for i in blocking[:20]]
    more = len(blocking) - len(lines)
    if more > 0:
        lines.append(f"- … et {more} autre(s).")
    return (
        f"Pli non préparé : {len(blocking)} point(s) bloquant(s) à corriger d'abord "
        "(« responder submit check » les liste ; --force prépare le pli quand même).\n"
        + "\n".join(lines)
    )


def parse_moment(value: datetime | str) -> datetime:
    """A date and time from ``AAAA-MM-JJTHH:MM``; ``InvalidInput`` on ``at`` otherwise."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None)
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=None)
    except ValueError as exc:
        raise InvalidInput(
            {"at": f"« {value} » n'est pas une date et une heure : écrivez-les au format "
             "AAAA-MM-JJTHH:MM (par exemple 2026-12-17T10:30)."}
        ) from exc


def check_target(target: Path) -> None:
    """Refuse a target that is a file or a non-empty folder (the pack never mixes in)."""
    if target.is_file():
        raise InvalidInput(
            {"out": f"« {target} » est un fichier : indiquez un dossier (nouveau ou vide)."}
        )
    if target.is_dir() and any(target.iterdir()):
        raise InvalidInput(
            {"out": f"Le dossier « {target} » n'est pas vide : choisissez un dossier nouveau "
             "ou vide, pour que le pli ne contienne que les pièces de cette réponse."}
        )


def check_pages(plan: DepositPlan) -> tuple[list[PageReport], list[DepositIssue]]:
    """Count the pages of every mémoire file of the plan (renders generated ones in a
    temporary folder) and compare with the RC's limit. Any thread."""
    import tempfile

    reports: list[PageReport] = []
    with tempfile.TemporaryDirectory(prefix="responder-check-") as tmp:
        for planned in plan.files:
            path = _page_limited_path(plan, planned, Path(tmp))
            if path is None:
                continue
            reports.append(_report(plan, planned, path))
    return reports, page_issues(plan, reports)


def _page_limited_path(plan: DepositPlan, planned: PlannedFile, tmp: Path) -> Path | None:
    if planned.source == "generated":
        doc = plan.generated[planned.generator]
        if not doc.page_limited:
            return None
        out = tmp / planned.name
        doc.render(out)
        return out
    if planned.uid and planned.uid.startswith("memoire_technique@") and planned.file_hash:
        return plan.sources.get(planned.file_hash)
    return None


def _report(plan: DepositPlan, planned: PlannedFile, path: Path) -> PageReport:
    if plan.page_limit is None:
        counted = PageCount(None, "non_compte")
    else:
        counted = count_pages(path, trust_properties=planned.source == "store",
                              soffice=soffice_path(), use_soffice=False)
    return PageReport(
        piece=planned.piece, lots=planned.lots, pages=counted.pages, method=counted.method,
        method_fr=counted.method_fr, limit=plan.page_limit,
    )


def page_issues(plan: DepositPlan, reports: list[PageReport]) -> list[DepositIssue]:
    """Page limit exceeded (blocking) or not countable (to check by hand)."""
    issues: list[DepositIssue] = []
    if plan.page_limit is None:
        return issues
    for report in reports:
        where = f" (lot {report.lots[0]})" if len(report.lots) == 1 else ""
        if report.pages is None:
            code, level, message = "pages_not_counted", "attention", (
                f"Nombre de pages du mémoire{where} non compté (LibreOffice n'est pas "
                f"installé) : ouvrez-le dans Word et vérifiez qu'il tient en "
                f"{plan.page_limit} pages."
            )
        elif report.pages > plan.page_limit:
            code, level, message = "page_limit_exceeded", "bloquant", (
                f"Le mémoire{where} fait {report.pages} pages pour {plan.page_limit} au "
                f"plus dans le RC ({report.method_fr}) : raccourcissez-le (onglet Mémoire, "
                "budgets de pages), les pages en trop risquent de ne pas être lues."
            )
        else:
            continue
        issues.append(DepositIssue(code=code, level=level, piece=report.piece, lots=report.lots,
                                   message_fr=message))
    return issues
