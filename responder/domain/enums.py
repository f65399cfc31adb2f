"""Enumerations shared by JSON files, the CLI, the rules file and the GUI.

The values are stable identifiers (never translated); each member carries the French text
shown to users (``label_fr``, or :func:`label`).
"""

from __future__ import annotations

from enum import StrEnum

from .labelled import Labelled


class LegalForm(Labelled):
    ASSOCIATION = "association", "Association loi 1901"
    SCIC = "scic", "SCIC"
    SCOP = "scop", "SCOP"
    SARL = "sarl", "SARL"
    SAS = "sas", "SAS"
    SA = "sa", "SA"
    EI = "entreprise_individuelle", "Entreprise individuelle"
    ETABLISSEMENT_PUBLIC = "etablissement_public", "Établissement public"
    FONDATION = "fondation", "Fondation"
    MUTUELLE = "mutuelle", "Mutuelle"
    AUTRE = "autre", "Autre"


class EssStatus(Labelled):
    """Statuses and agréments that matter for reserved contracts (L2113-12 to L2113-15)."""

    ASSOCIATION_1901 = "association_1901", "Association loi 1901"
    ESAT = "esat", "ESAT"
    EA = "ea", "Entreprise adaptée (EA)"
    ACI = "aci", "Atelier et chantier d'insertion (ACI)"
    AI = "ai", "Association intermédiaire (AI)"
    EI = "ei", "Entreprise d'insertion (EI)"
    ETTI = "etti", "Entreprise de travail temporaire d'insertion (ETTI)"
    SCIC = "scic", "SCIC"
    SCOP = "scop", "SCOP"
    ESUS = "esus", "Agrément ESUS"


class Procedure(Labelled):
    AOO = "aoo", "Appel d'offres ouvert"
    AOR = "aor", "Appel d'offres restreint"
    MAPA = "mapa", "Procédure adaptée (MAPA)"
    NEGOCIEE = "negociee", "Procédure avec négociation"
    DIALOGUE = "dialogue", "Dialogue compétitif"
    CONCOURS = "concours", "Concours"


class MarketType(Labelled):
    TRAVAUX = "travaux", "Travaux"
    FOURNITURES = "fournitures", "Fournitures"
    SERVICES = "services", "Services"


class Reservation(Labelled):
    ESAT_EA = "L2113-12", "Réservé ESAT / EA (L2113-12)"
    SIAE = "L2113-13", "Réservé SIAE (L2113-13)"
    ESS = "L2113-15", "Réservé ESS (L2113-15)"
    #: Operators employing people in prison (not SIAE: never read it as L2113-13).
    DETENUS = "L2113-13-1", "Réservé aux opérateurs employant des personnes détenues (L2113-13-1)"


class SiteVisit(Labelled):
    OBLIGATOIRE = "obligatoire", "Obligatoire"
    FACULTATIVE = "facultative", "Facultative"


class Variants(Labelled):
    AUTORISEES = "autorisees", "Autorisées"
    INTERDITES = "interdites", "Interdites"
    EXIGEES = "exigees", "Exigées"


class GroupementForm(Labelled):
    CONJOINT = "conjoint", "Conjoint"
    SOLIDAIRE = "solidaire", "Solidaire"
    CONJOINT_MANDATAIRE_SOLIDAIRE = (
        "conjoint_mandataire_solidaire", "Conjoint avec mandataire solidaire"
    )
    LIBRE = "libre", "Libre"


class TenderStatus(Labelled):
    """Life of a dossier: veille → en préparation → déposé → gagné / perdu / sans suite."""

    VEILLE = "veille", "Veille"
    EN_PREPARATION = "en_preparation", "En préparation"
    DEPOSE = "depose", "Déposé"
    GAGNE = "gagne", "Gagné"
    PERDU = "perdu", "Perdu"
    SANS_SUITE = "sans_suite", "Sans suite"
    ABANDONNE = "abandonne", "Abandonné"
    INFRUCTUEUX = "infructueux", "Infructueux"


class WeightUnit(Labelled):
    PERCENT = "percent", "%"
    POINTS = "points", "points"


class BuyerKind(Labelled):
    COMMUNE = "commune", "Commune"
    INTERCOMMUNALITE = "intercommunalite", "Intercommunalité"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    ETAT = "etat", "État"
    HOPITAL = "hopital", "Hôpital"
    BAILLEUR_SOCIAL = "bailleur_social", "Bailleur social"
    ASSOCIATION = "association", "Association"
    PRIVE = "prive", "Privé"


class ReferenceRole(Labelled):
    TITULAIRE = "titulaire", "Titulaire seul"
    MANDATAIRE = "mandataire", "Mandataire"
    COTRAITANT = "cotraitant", "Cotraitant"
    SOUS_TRAITANT = "sous_traitant", "Sous-traitant"


class TextCategory(Labelled):
    PRESENTATION = "presentation", "Présentation"
    COMPREHENSION = "comprehension", "Compréhension du besoin"
    METHODOLOGIE = "methodologie", "Méthodologie"
    MOYENS_HUMAINS = "moyens_humains", "Moyens humains"
    MOYENS_MATERIELS = "moyens_materiels", "Moyens matériels"
    QUALITE = "qualite", "Qualité"
    SECURITE = "securite", "Sécurité"
    ENVIRONNEMENT = "environnement", "Environnement"
    INSERTION = "insertion", "Insertion"
    REFERENCES = "references", "Références"


class SortOrder(Labelled):
    """How reference search results are ordered."""

    RELEVANCE = "pertinence", "Pertinence"
    DATE = "date", "Date (récentes d'abord)"
    AMOUNT = "montant", "Montant (plus gros d'abord)"


class OutcomeResult(Labelled):
    """What the buyer decided for one lot (values as typed on the command line)."""

    GAGNE = "gagne", "Gagné"
    PERDU = "perdu", "Perdu"
    INFRUCTUEUX = "infructueux", "Infructueux"
    SANS_SUITE = "sans_suite", "Sans suite"
    EN_ATTENTE = "en_attente", "En attente"


class ValidityState(Labelled):
    """State of a required document at a date (today, or a dossier's deadline)."""

    VALIDE = "valide", "Valide"
    EXPIRE_AVANT_DATE_LIMITE = "expire_avant_date_limite", "Expire avant la date limite"
    EXPIRE = "expire", "Expiré"
    MANQUANT = "manquant", "Manquant"


# --- the requirement catalogue (domain/checklist) --------------------------------------------
class Phase(Labelled):
    """When a piece is handed in: with the candidature, the offer, or by the winner."""

    CANDIDATURE = "candidature", "Candidature"
    OFFRE = "offre", "Offre"
    ATTRIBUTAIRE = "attributaire", "Pièces de l'attributaire"


class Due(Labelled):
    """When a piece must be in the buyer's hands.

    ``depot``: with the candidature or the offer, before the deadline (a missing one can
    eliminate the answer). ``attribution``: only if you win — the buyer asks the candidate
    ranked first before the award (R2144-4) and discards it if they are not given in time
    (R2144-7).
    """

    DEPOT = "depot", "À remettre au dépôt"
    ATTRIBUTION = "attribution", "Si vous êtes retenu"


class Provider(Labelled):
    """Who provides a piece in a groupement."""

    EACH_MEMBER = "each_member", "Chaque membre"
    MANDATAIRE = "mandataire", "Le mandataire"
    GROUPEMENT = "groupement", "Le groupement"


class ItemStatus(Labelled):
    """Where a piece stands."""

    A_FAIRE = "a_faire", "À faire"
    EN_COURS = "en_cours", "En cours"
    PRET = "pret", "Prêt"
    SANS_OBJET = "sans_objet", "Sans objet"


def label(value: StrEnum | None) -> str:
    """French label of an enumeration value; empty text for ``None``.

    A labelled member answers for itself: two enumerations may share a value
    (``LegalForm.ASSOCIATION`` and ``BuyerKind.ASSOCIATION`` are both ``"association"``), so a
    table keyed by member would give one of them the other's label.
    """
    if value is None:
        return ""
    if isinstance(value, Labelled):
        return value.label_fr
    return str(value)
