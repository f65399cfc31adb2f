"""The French texts and table rows of the « Veille » page, built without Qt.

The page shows what these functions return: the import summary, the counts under each list,
the reason of a notice, the reports of the BOAMP and DECP imports, and one row of text per
notice, contract to renew or own contract. Kept apart from the widgets so they are tested
without a window.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import fr
from ..domain.decp import Renewal
from ..domain.veille import Scored
from .decp import DecpReport
from .veille import ImportReport

NO_NOTICE = "Aucun avis importé : téléchargez un export du BOAMP puis importez-le."
NO_DECP = "Importez le CSV consolidé des DECP pour voir les marchés à renouveler."
NO_SIRET = ("Renseignez le SIRET de la structure (page « Ma structure ») pour retrouver vos "
            "marchés dans les DECP.")
SIRET_FIRST = ("Renseignez d'abord le SIRET de la structure (page « Ma structure ») : il sert "
               "à retrouver vos marchés.")


def count(number: int, singular: str, plural: str) -> str:
    """« 1 ligne rejetée », « 0 marché attribué », « 3 marchés »: singular below 2."""
    return f"{number} {singular if number < 2 else plural}"


def import_summary(last: tuple[int, str, str, dict[str, Any]] | None, notices: int,
                   contracts: int) -> str:
    """The line beside the page title: what was imported, and when."""
    if last is None:
        parts = [NO_NOTICE]
    else:
        _id, name, when, counts = last
        parts = [f"Avis : {notices} (dernier import « {name} » le "
                 f"{when[8:10]}/{when[5:7]}/{when[:4]}, {counts.get('new', 0)} nouveaux)."]
    parts.append(f"Marchés attribués : {contracts}." if contracts else
                 "Aucun marché attribué importé.")
    return " ".join(parts)


def notices_count(scored: list[Scored]) -> str:
    """The line under the notices: how many, how many new, in which order."""
    new = sum(1 for s in scored if s.notice.is_new)
    return (
        f"{len(scored)} avis" + (f", dont {new} nouveaux depuis l'import précédent "
                                 "(en jaune)" if new else "")
        + " — les plus pertinents d'abord (territoire, CPV et mots de vos références, "
        "lots réservés pour lesquels vous êtes éligible)."
    )


def notice_row(scored: Scored) -> list[str]:
    """Score, date limite, objet, acheteur, départements, réservé, social."""
    n = scored.notice
    return [str(scored.score), fr.datetime_short(n.deadline) or "—", n.title, n.buyer,
            ", ".join(n.departments), ", ".join(n.reserved) or "", "oui" if n.social else ""]


def notice_tip(scored: Scored) -> str:
    """The tooltip of a notice's objet: the objet, why it is ranked there, whether it is new."""
    n = scored.notice
    new_text = "\nNouveau depuis l'import précédent." if n.is_new else ""
    return f"{n.title}\n{scored.reason}{new_text}"


def notice_is_past(scored: Scored, today: date) -> bool:
    """A cancelled notice, or one whose deadline is over (shown in grey)."""
    n = scored.notice
    return bool(n.cancelled or (n.deadline and n.deadline.date() < today))


def notice_reason(scored: Scored) -> str:
    """The line under the list for the selected notice (rich text)."""
    n = scored.notice
    followed = " Déjà suivi (dossier créé)." if n.tender_id else ""
    return (f"<b>{n.idweb}</b> · {n.procedure_label or 'procédure non précisée'} · "
            f"score {scored.score} : {scored.reason}.{followed}")


def _amount(value: Any, suspect: bool) -> str:
    amount = fr.amount_short(value) if value is not None else ""
    return f"{amount} (fictif ?)" if suspect else amount


def renewal_row(renewal: Renewal) -> list[str]:
    """Fin prévue, objet, acheteur, titulaires, département, CPV, montant HT."""
    r = renewal
    return [fr.date_short(r.end_date), r.title, r.buyer_name, ", ".join(r.winners),
            r.department or "", r.cpv or "", _amount(r.amount, r.amount_suspect)]


def renewals_text(found: int, months: int, departments: list[str], cpv_prefixes: list[str],
                  has_contracts: bool) -> str:
    """The line under the contracts to renew."""
    if not has_contracts:
        return NO_DECP
    scope = ", ".join(departments) or "tous départements"
    return (f"{count(found, 'marché se termine', 'marchés se terminent')} d'ici {months} mois "
            f"({scope} ; CPV {', '.join(cpv_prefixes) or 'tous'}). Fin prévue = "
            "première notification + durée actuelle (avenants compris).")


def own_row(contract: dict[str, Any]) -> list[str]:
    """Notifié le, objet, acheteur, montant HT, fin prévue, groupement."""
    c = contract
    group = f"{c['members']} membres" if c["members"] > 1 else ""
    return [fr.date_short(fr.to_date(c["first_notified"])), c["title"], c["buyer_name"],
            _amount(c["amount"], c["amount_suspect"]), fr.date_short(fr.to_date(c["end_date"])),
            group]


def own_text(found: int, name: str, siret: str) -> str:
    """The line above the structure's own contracts."""
    return (f"{count(found, 'marché attribué', 'marchés attribués')} à {name} (SIRET "
            f"{siret}), seul ou en groupement. Transformez-les en références.")


def boamp_report(file_name: str, report: ImportReport) -> str:
    """What a BOAMP import did, in one sentence."""
    return (f"« {file_name} » : {report.new} nouveaux avis, {report.updated} mis à jour, "
            f"{report.cancelled} annulés, "
            f"{count(report.rejected, 'ligne rejetée', 'lignes rejetées')}.")


def decp_report(file_name: str, report: DecpReport) -> str:
    """What a DECP import did, in one sentence."""
    rejected = count(report.rejected, "ligne rejetée", "lignes rejetées")
    return (f"« {file_name} » : {report.contracts} marchés, dont {len(report.own)} des vôtres ; "
            f"{rejected}.")
