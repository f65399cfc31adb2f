"""The « Dépôt » tab's lines, built without Qt."""

from __future__ import annotations

from responder.domain.deposit_check import DepositIssue
from responder.services.deposit import PageReport
from responder.services.deposit_text import issue_lines, pages_text, sort_issues, summary


def _issue(level: str, message: str = "Pièce manquante", **fields: object) -> DepositIssue:
    return DepositIssue(code="piece_missing", level=level, message_fr=message,  # type: ignore[arg-type]
                        **fields)


def test_summary_counts_blocking_points_and_those_to_check() -> None:
    assert summary([]) == ("Prêt pour le dépôt", True)
    assert summary([_issue("attention")]) == ("Prêt pour le dépôt · 1 à vérifier", True)
    assert summary([_issue("bloquant")]) == ("1 point bloquant avant le dépôt", False)
    two = [_issue("bloquant"), _issue("bloquant"), _issue("attention"), _issue("rappel")]
    assert summary(two) == ("2 points bloquants avant le dépôt · 1 à vérifier", False)


def test_findings_are_sorted_most_serious_first_keeping_their_order() -> None:
    issues = [_issue("rappel", "r"), _issue("attention", "a1"), _issue("bloquant", "b"),
              _issue("attention", "a2")]
    assert [i.message_fr for i in sort_issues(issues)] == ["b", "a1", "a2", "r"]


def test_a_finding_says_where_unless_its_message_names_the_piece() -> None:
    located = _issue("bloquant", "Fichier absent", piece="DC2", member="ESAT", lots=[2])
    assert issue_lines(located, "Bloquant") == [
        "Bloquant — Fichier absent", "DC2 · ESAT · lot 2"]
    named = _issue("bloquant", "DC2 manquant", piece="DC2")
    assert issue_lines(named, "Bloquant") == ["Bloquant — DC2 manquant"]


def test_pages_text_gives_one_line_per_memoire_or_says_there_is_none() -> None:
    assert pages_text([]) == "Aucun mémoire à compter."
    reports = [
        PageReport(piece="Mémoire", lots=[2], pages=6, method="pdf", method_fr="PDF",
                   limit=4),
        PageReport(piece="Mémoire", lots=[1, 3], pages=None, method="none",
                   method_fr="non converti", limit=10),
    ]
    assert pages_text(reports) == ("Mémoire (lot 2) : 6 pages / 4 — PDF\n"
                                   "Mémoire : non compté / 10 — non converti")
