"""« Acheteur », a tab of the dossier: what the imported DECP say of this dossier's buyer —
contracts per year, amounts, CPV, share with social considerations, ESS or insertion winners,
groupements. The buyer is found by the SIRET of the followed notice, else by its name."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from ...domain.common import InvalidInput
from ...domain.decp import BuyerFile
from ...fr import screen_amount
from ...services.changes import Topic
from ...services.decp import DecpService
from ...services.veille import VeilleService
from ...storage.db import WorkspaceError
from ..context import UiContext
from ..theme import set_role
from .workspace_tab import WorkspaceTab

NO_TENDER_TEXT = "Sélectionnez une consultation pour voir la fiche de son acheteur."
NOT_FOUND_TEXT = (
    "Aucun marché de cet acheteur dans les données essentielles (DECP) importées. Importez le "
    "CSV consolidé depuis la page « Veille », ou vérifiez le nom de l'acheteur."
)


def _count(count: int, singular: str, plural: str) -> str:
    """« 1 marché publié », « 3 marchés publiés »: French agreement (singular below 2)."""
    return f"{count} {singular if count < 2 else plural}"


def buyer_html(file: BuyerFile) -> str:
    """The buyer file as simple HTML (tables and short paragraphs)."""
    share = round(file.social_share * 100)
    parts = [
        f"<h3>{escape(file.name)} <span style='color:#666'>· SIRET {file.siret}</span></h3>",
        f"<p>{_count(file.contracts, 'marché publié', 'marchés publiés')} dans les DECP, dont "
        f"<b>{share} %</b> avec une considération sociale (clause, critère ou marché réservé), "
        f"{_count(file.groupements, 'attribué', 'attribués')} à un groupement et "
        f"{_count(file.frameworks, 'accord-cadre', 'accords-cadres')} (montants maximums).</p>",
        "<table cellpadding='3'><tr><th align='left'>Année</th><th align='right'>Marchés</th>"
        "<th align='right'>Montant HT</th><th align='right'>Sociaux</th></tr>",
    ]
    for year in file.years:
        dropped = _count(year.suspect_amounts, "montant fictif écarté", "montants fictifs écartés")
        suspect = (f" <span style='color:#8a5300'>(+{dropped})</span>"
                   if year.suspect_amounts else "")
        # A year whose only amounts were placeholders has no amount, not « 0 € ».
        amount = "—" if year.suspect_amounts >= year.contracts else screen_amount(year.amount)
        parts.append(
            f"<tr><td>{year.year or '—'}</td><td align='right'>{year.contracts}</td>"
            f"<td align='right'>{amount}{suspect}</td>"
            f"<td align='right'>{year.social}</td></tr>"
        )
    parts.append("</table>")
    if file.top_cpv:
        parts.append("<p><b>Codes CPV les plus fréquents :</b> " + ", ".join(
            f"{code} ({count})" for code, count in file.top_cpv) + "</p>")
    if file.ess_winners:
        parts.append("<p><b>Titulaires de l'ESS ou de l'insertion</b> (reconnus à leur nom, à "
                     "vérifier) : " + ", ".join(
                         f"{escape(name)} ({count})" for name, count in file.ess_winners)
                     + "</p>")
    else:
        parts.append("<p>Aucun titulaire reconnu comme structure de l'ESS ou de l'insertion : "
                     "un argument pour proposer votre offre (ou un groupement).</p>")
    return "".join(parts)


class BuyerTab(WorkspaceTab):
    """The buyer file of the shown dossier, computed when the tab is shown."""

    #: The buyer comes from the dossier (or its notice); its file from the imported DECP.
    topics = (Topic.TENDERS, Topic.VEILLE)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.decp = DecpService(self.session)
        self.veille = VeilleService(self.session)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Fiche de l'acheteur")
        self.browser.setOpenLinks(False)
        self.empty_label = QLabel(NO_TENDER_TEXT)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.empty_label, "empty-note-wide")
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.browser, 1)
        self.browser.hide()

    def reload(self) -> None:
        """Find the buyer in the DECP and show its file."""
        self._stale = False
        tender = self.tender
        if tender is None:
            self._empty(NO_TENDER_TEXT)
            return
        try:
            siret: str | None = None
            if tender.id is not None:
                found = self.veille.notice_buyer(tender.id)
                if found is not None:
                    siret = found[0]
            buyer = self.decp.buyer_siret_for(siret, tender.buyer)
            if buyer is None:
                self._empty(NOT_FOUND_TEXT)
                return
            self.browser.setHtml(buyer_html(self.decp.buyer_file(buyer)))
        except (InvalidInput, WorkspaceError) as exc:
            self._empty(str(exc))
            return
        self.empty_label.hide()
        self.browser.show()

    def _empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.empty_label.show()
        self.browser.hide()

    def shown_text(self) -> str:
        """What the tab shows, as plain text."""
        return self.browser.toPlainText() if self.browser.isVisibleTo(self) else \
            self.empty_label.text()
