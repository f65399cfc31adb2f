"""The pages of the sidebar, in order: title and (for pages to come) what they will hold.

The order follows the work: the dossiers of the day, then where new ones are found, then what
an answer is built from, what the results teach, the structure's profile (filled once), and help.
Ctrl+1 … Ctrl+9 follow it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One entry of the sidebar.

    ``module``/``cls`` name the page's widget class, imported when the page is first shown:
    ``cls(ctx: UiContext, parent: QWidget | None = None)``, optionally with a
    ``status_message = Signal(str)`` and a ``refresh()`` called each time the page is shown.
    A spec without them shows ``description`` as a placeholder (a page not built yet).
    """

    key: str
    title: str
    description: str = ""
    module: str = ""
    cls: str = ""


DASHBOARD = "dashboard"
TENDERS = "tenders"
STRUCTURE = "structure"

PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        DASHBOARD,
        "Tableau de bord",
        "Toutes vos échéances au même endroit : dates limites de remise, questions à poser "
        "avant la date limite, visites, jalons internes comptés en jours ouvrés et attestations "
        "qui expirent, avec un export vers votre agenda.",
        module=".pages.dashboard",
        cls="DashboardPage",
    ),
    PageSpec(TENDERS, "Consultations"),
    PageSpec(
        "veille",
        "Veille",
        "Les avis de marché du BOAMP et les marchés attribués (DECP), importés depuis les "
        "fichiers ouverts de l'État : ceux qui vous correspondent, ceux qui vont être relancés.",
        module=".pages.veille_page",
        cls="VeillePage",
    ),
    PageSpec(
        "references",
        "Références",
        "Vos marchés passés avec leurs chiffres d'impact social (heures d'insertion, parcours, "
        "sorties), cherchés à la frappe et proposés pour chaque consultation.",
        module=".pages.references_page",
        cls="ReferencesPage",
    ),
    PageSpec(
        "library",
        "Bibliothèque de textes",
        "Vos paragraphes déjà écrits (présentation, méthodologie, moyens humains, démarche "
        "d'insertion…), classés par thème et réutilisés pour rédiger le mémoire technique.",
        module=".pages.library_page",
        cls="LibraryPage",
    ),
    PageSpec(
        "partners",
        "Partenaires",
        "Le carnet des structures avec qui vous pouvez répondre en groupement ou en "
        "sous-traitance : savoir-faire, territoire, statuts et contacts.",
        module=".pages.partners_page",
        cls="PartnersPage",
    ),
    PageSpec(
        "documents",
        "Documents administratifs",
        "Vos attestations (URSSAF, impôts, assurance, Kbis ou statuts…) avec leur date de "
        "validité : Responder vous prévient avant qu'elles n'expirent et vérifie qu'elles "
        "seront valables à la date limite de chaque consultation.",
        module=".pages.documents_page",
        cls="DocumentsPage",
    ),
    PageSpec(
        "bilan",
        "Bilan",
        "Ce que vos résultats vous apprennent : gagnés, perdus, non déposés, notes face aux "
        "offres retenues, motifs de rejet les plus cités, et un rapport Word.",
        module=".pages.bilan_page",
        cls="BilanPage",
    ),
    PageSpec(STRUCTURE, "Ma structure"),
    PageSpec(
        "guide",
        "Guide de la réponse",
        "Les huit étapes d'une réponse à un marché public.",
        module=".pages.guide_page",
        cls="GuidePage",
    ),
    PageSpec(
        "help",
        "Aide et glossaire",
        "Les termes des marchés publics expliqués simplement.",
        module=".pages.help_page",
        cls="HelpPage",
    ),
)


def page_index(key: str) -> int:
    """Position of the page ``key`` in the sidebar."""
    return next(i for i, spec in enumerate(PAGES) if spec.key == key)
