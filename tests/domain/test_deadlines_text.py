"""The « Échéances » tab's words, built without Qt."""

from __future__ import annotations

from datetime import date, datetime, time

from responder.domain.deadlines import ComputedDate, DossierPlan
from responder.domain.deadlines_text import (
    available_text,
    exported_text,
    flagged,
    reasons_due_text,
    short_when,
    span_text,
    standstill_text,
    state_text,
    step_text,
)


def _date(kind: str = "upload", **fields: object) -> ComputedDate:
    values: dict[str, object] = {"kind": kind, "label_fr": "Dépôt sur la plateforme",
                                 "when": date(2026, 12, 18), "source": "conseil", **fields}
    return ComputedDate(**values)  # type: ignore[arg-type]


def _plan(*dates: ComputedDate, days: int = 10) -> DossierPlan:
    return DossierPlan(dates=list(dates), warnings=[], available_working_days=days,
                       deadline=datetime(2026, 12, 18, 12, 0))


def test_short_when_fits_the_narrow_column() -> None:
    assert short_when(_date()) == "ven. 18/12/2026"
    assert short_when(_date(at=time(12, 0))) == "ven. 18/12/2026 12 h"


def test_a_past_date_or_an_expiring_attestation_is_flagged_in_words_until_done() -> None:
    past = _date(in_past=True)
    assert flagged(past) and state_text(past) == "⚠ Date passée"
    assert step_text(past) == "⚠ Dépôt sur la plateforme"
    expiring = _date(source="attestation", non_working=True)
    assert state_text(expiring) == "⚠ Expire avant la date limite · jour non ouvré"
    done = _date(in_past=True, done=True)
    assert not flagged(done) and state_text(done) == "✓ Fait"
    assert step_text(done) == "Dépôt sur la plateforme"
    assert state_text(_date(edited=True)) == "modifiée"


def test_span_agrees_in_number_and_says_when_there_is_no_time() -> None:
    assert span_text(1) == ("Rétroplanning calculé sur 1 jour ouvré depuis l'ouverture du "
                            "dossier")
    assert span_text(12).startswith("Rétroplanning calculé sur 12 jours ouvrés")
    assert span_text(0).startswith("Dossier ouvert à la date limite")


def test_available_text_names_the_deadline_and_the_two_phases() -> None:
    deadline = _date("deadline", label_fr="Date limite", at=time(12, 0))
    plan = _plan(deadline, days=1)
    assert available_text(plan, two_phase=False, has_deadline=True) == (
        "Date limite : vendredi 18 décembre 2026 à 12 h. Rétroplanning calculé sur 1 jour "
        "ouvré depuis l'ouverture du dossier (week-ends et jours fériés exclus).")
    text = available_text(plan, two_phase=True, has_deadline=True)
    assert text.endswith(" Procédure en deux phases : candidatures — date à saisir, "
                         "invitation à soumissionner à saisir dans l'onglet Consultation "
                         "dès réception.")
    assert "— c'est la date ci-dessus" in available_text(_plan(), True, has_deadline=False)


def test_after_the_decision_a_mapa_has_no_standstill_and_reasons_follow_the_procedure() -> None:
    assert standstill_text(_plan(), mapa=True).startswith("Procédure adaptée : pas de délai")
    assert standstill_text(_plan(), mapa=False).startswith("Référé précontractuel : indiquez")
    refere = _date("refere_precontractuel_limit", article="R2182-1")
    end = _date("standstill_end", when=date(2026, 12, 29))
    assert standstill_text(_plan(refere, end), mapa=False) == (
        "Déposer un référé précontractuel au plus tard le vendredi 18 décembre 2026 "
        "(R2182-1). Fin du délai de suspension : mardi 29 décembre 2026, l'acheteur peut "
        "signer dès le lendemain.")
    assert reasons_due_text(_plan(), mapa=True).endswith("(article R2181-2).")
    assert reasons_due_text(_plan(), mapa=False).endswith("(article R2181-4).")
    due = _date("rejection_reasons_due", article="R2181-2")
    assert reasons_due_text(_plan(due), mapa=True) == (
        "L'acheteur doit vous répondre au plus tard le vendredi 18 décembre 2026 (R2181-2).")


def test_export_message_agrees_in_number() -> None:
    assert exported_text(1, "a.ics") == "Agenda du dossier exporté : 1 date dans « a.ics »."
    assert exported_text(3, "a.ics") == "Agenda du dossier exporté : 3 dates dans « a.ics »."
