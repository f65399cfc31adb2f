"""The texts and rows of the « Veille » page, without Qt: counts in French, amounts and
dates as the lists show them, the reason of a notice, the reports of an import."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from responder.domain.decp import Renewal
from responder.domain.veille import ListedNotice, Scored
from responder.services import veille_texts as texts
from responder.services.decp import DecpReport
from responder.services.veille import ImportReport


def _scored(**changes: object) -> Scored:
    fields: dict[str, object] = {
        "idweb": "26-140210", "title": "Nettoyage des vitres", "buyer": "Ville d'Alès",
        "buyer_siret": None, "deadline": datetime(2026, 12, 18, 12, 0),
        "departments": ("30", "34"), "cpv": ("90911300",), "market_types": ("SERVICES",),
        "reserved": ("L2113-13",), "social": True, "cancelled": False,
        "procedure_label": "Procédure adaptée", "url": "", "words": (), "is_new": True,
    }
    fields.update(changes)
    return Scored(ListedNotice(**fields), 85, "votre territoire (30)")  # type: ignore[arg-type]


def test_counts_take_the_singular_below_two() -> None:
    assert texts.count(0, "ligne rejetée", "lignes rejetées") == "0 ligne rejetée"
    assert texts.count(1, "marché", "marchés") == "1 marché"
    assert texts.count(2, "marché", "marchés") == "2 marchés"


def test_a_notice_row_and_its_reason() -> None:
    scored = _scored()
    assert texts.notice_row(scored) == [
        "85", "18/12/2026 12:00", "Nettoyage des vitres", "Ville d'Alès", "30, 34",
        "L2113-13", "oui"]
    assert texts.notice_tip(scored).endswith("Nouveau depuis l'import précédent.")
    assert texts.notice_reason(scored) == (
        "<b>26-140210</b> · Procédure adaptée · score 85 : votre territoire (30).")
    followed = _scored(tender_id=4, procedure_label="")
    assert texts.notice_reason(followed).endswith("procédure non précisée · score 85 : "
                                                  "votre territoire (30). Déjà suivi "
                                                  "(dossier créé).")
    assert texts.notice_row(_scored(deadline=None, social=False))[1::5] == ["—", ""]


def test_past_and_cancelled_notices_are_greyed() -> None:
    today = date(2026, 12, 19)
    assert texts.notice_is_past(_scored(), today)
    assert not texts.notice_is_past(_scored(), date(2026, 12, 18))
    assert texts.notice_is_past(_scored(cancelled=True, deadline=None), today)


def test_notices_count_names_the_new_ones() -> None:
    assert texts.notices_count([_scored(), _scored(is_new=False)]).startswith(
        "2 avis, dont 1 nouveaux depuis l'import précédent (en jaune) — les plus pertinents")
    assert texts.notices_count([]).startswith("0 avis — les plus pertinents d'abord")


def test_import_summary() -> None:
    assert texts.import_summary(None, 0, 0) == (
        texts.NO_NOTICE + " Aucun marché attribué importé.")
    last = (1, "boamp.csv", "2026-12-01T10:00:00", {"new": 3})
    assert texts.import_summary(last, 14, 5) == (
        "Avis : 14 (dernier import « boamp.csv » le 01/12/2026, 3 nouveaux). "
        "Marchés attribués : 5.")


def test_renewal_and_own_rows_show_french_amounts_and_doubts() -> None:
    renewal = Renewal(uid="u1", title="Élagage", buyer_name="Commune", buyer_siret="1",
                      winners=("A", "B"), cpv="77211400", department="30",
                      amount=Decimal("120000"), amount_suspect=True,
                      first_notified=date(2023, 1, 1), duration_months=48,
                      end_date=date(2027, 1, 1))
    assert texts.renewal_row(renewal) == [
        "01/01/2027", "Élagage", "Commune", "A, B", "30", "77211400",
        "120\u202f000\u00a0€ (fictif ?)"]
    own = {"uid": "u2", "title": "Tonte", "buyer_name": "Ville", "amount": Decimal("12500.5"),
           "amount_suspect": False, "members": 2, "first_notified": "2024-03-01",
           "end_date": None}
    assert texts.own_row(own) == ["01/03/2024", "Tonte", "Ville", "12\u202f500,50\u00a0€", "",
                                  "2 membres"]
    assert texts.own_row({**own, "amount": None, "members": 1})[3::2] == ["", ""]


def test_lines_under_the_lists_and_import_reports() -> None:
    assert texts.renewals_text(3, 12, [], ["77"], False) == texts.NO_DECP
    assert texts.renewals_text(1, 12, ["30"], [], True).startswith(
        "1 marché se termine d'ici 12 mois (30 ; CPV tous).")
    assert texts.own_text(2, "Ressourcerie", "07823456400017").startswith(
        "2 marchés attribués à Ressourcerie (SIRET 07823456400017)")
    boamp = ImportReport("b.csv", "csv", new=14, updated=1, cancelled=2, rejected=2)
    assert texts.boamp_report("b.csv", boamp) == (
        "« b.csv » : 14 nouveaux avis, 1 mis à jour, 2 annulés, 2 lignes rejetées.")
    decp = DecpReport("d.csv", "1", contracts=9, rejected=1, own=[{}, {}])
    assert texts.decp_report("d.csv", decp) == (
        "« d.csv » : 9 marchés, dont 2 des vôtres ; 1 ligne rejetée.")


def test_the_short_french_formats_of_the_lists() -> None:
    from responder import fr

    assert fr.datetime_short(datetime(2026, 1, 2, 3, 4)) == "02/01/2026 03:04"
    assert fr.datetime_short(date(2026, 1, 2)) == "02/01/2026"
    assert fr.datetime_short(None) == ""
    assert fr.datetime_iso_minutes(datetime(2026, 4, 15, 17, 0, 30)) == "2026-04-15T17:00"
    assert fr.datetime_iso_minutes(None) is None
    assert fr.amount_short(Decimal("0.5")) == "0,50\u00a0€"
    assert fr.amount_short(None) == ""
