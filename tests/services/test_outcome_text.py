"""The « Résultat » tab's dates after the decision (services/outcome_text.py), without Qt."""

from __future__ import annotations

from datetime import date

from responder.domain.deadlines import ComputedDate, DeadlineWarning
from responder.services.outcome import AfterAward
from responder.services.outcome_text import dates_html


def test_dates_then_notes_coloured_by_level_or_a_line_when_nothing_follows() -> None:
    assert dates_html(AfterAward(False, [], []), "#555", "#a33") == (
        "<p>Aucune date à suivre pour ce résultat.</p>")
    refere = ComputedDate(kind="refere", label_fr="Référé précontractuel",
                          when=date(2026, 6, 11), source="decision", article="R2182-1")
    notes = [DeadlineWarning(level="alerte", message_fr="Agissez vite.", articles=[], rule_ids=[]),
             DeadlineWarning(level="conseil", message_fr="Demandez les motifs.",
                             articles=[], rule_ids=[])]
    assert dates_html(AfterAward(True, [refere], notes), "#555", "#a33") == (
        "<p><b>Référé précontractuel :</b> jeudi 11 juin 2026 "
        "<span style='color:#555'>(R2182-1)</span></p>"
        "<p style='color:#a33'>Agissez vite.</p>"
        "<p style='color:#555'>Demandez les motifs.</p>")
