"""The « Résultat » tab's dates after the decision, as the HTML lines it shows (no Qt)."""

from __future__ import annotations

from .outcome import AfterAward


def dates_html(view: AfterAward, muted: str, alert: str) -> str:
    """One paragraph per date (label, day, article in ``muted``), then the notes (alerts in
    ``alert``, advice in ``muted``); ``muted`` and ``alert`` are HTML colours."""
    lines = [f"<p><b>{item.label_fr} :</b> {item.when_fr} "
             f"<span style='color:{muted}'>({item.article})</span></p>" for item in view.dates]
    for note in view.notes:
        colour = alert if note.level == "alerte" else muted
        lines.append(f"<p style='color:{colour}'>{note.message_fr}</p>")
    if not lines:
        lines.append("<p>Aucune date à suivre pour ce résultat.</p>")
    return "".join(lines)
