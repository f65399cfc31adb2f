"""Enumerations shared by JSON files, the CLI, the rules file and the GUI.

The values are stable identifiers (never translated); ``LABELS`` gives the French text shown
to users.
"""

from __future__ import annotations

from enum import StrEnum


class LegalForm(StrEnum):
    ASSOCIATION = "association"
    SCIC = "scic"
    SCOP = "scop"
    SARL = "sarl"
    SAS = "sas"
    SA = "sa"
    EI = "entreprise_individuelle"
    ETABLISSEMENT_PUBLIC = "etablissement_public"
    FONDATION = "fondation"
    MUTUELLE = "mutuelle"
    AUTRE = "autre"


class EssStatus(StrEnum):
    """Statuses and agréments that matter for reserved contracts (L2113-12 to L2113-15)."""

    ASSOCIATION_1901 = "association_1901"
    ESAT = "esat"
    EA = "ea"
    ACI = "aci"
    AI = "ai"
    EI = "ei"
    ETTI = "etti"
    SCIC = "scic"
    SCOP = "scop"
    ESUS = "esus"


class Procedure(StrEnum):
    AOO = "aoo"
    AOR = "aor"
    MAPA = "mapa"
    NEGOCIEE = "negociee"
    DIALOGUE = "dialogue"
    CONCOURS = "concours"


class MarketType(StrEnum):
    TRAVAUX = "travaux"
    FOURNITURES = "fournitures"
    SERVICES = "services"


class Reservation(StrEnum):
    ESAT_EA = "L2113-12"
    SIAE = "L2113-13"
    ESS = "L2113-15"
    #: Operators employing people in prison (not SIAE: never read it as L2113-13).
    DETENUS = "L2113-13-1"


class SiteVisit(StrEnum):
    OBLIGATOIRE = "obligatoire"
    FACULTATIVE = "facultative"


class Variants(StrEnum):
    AUTORISEES = "autorisees"
    INTERDITES = "interdites"
    EXIGEES = "exigees"


class GroupementForm(StrEnum):
    CONJOINT = "conjoint"
    SOLIDAIRE = "solidaire"
    CONJOINT_MANDATAIRE_SOLIDAIRE = "conjoint_mandataire_solidaire"
    LIBRE = "libre"


class TenderStatus(StrEnum):
    """Life of a dossier: veille → en préparation → déposé → gagné / perdu / sans suite."""

    VEILLE = "veille"
    EN_PREPARATION = "en_preparation"
    DEPOSE = "depose"
    GAGNE = "gagne"
    PERDU = "perdu"
    SANS_SUITE = "sans_suite"
    ABANDONNE = "abandonne"
    INFRUCTUEUX = "infructueux"


class WeightUnit(StrEnum):
    PERCENT = "percent"
    POINTS = "points"


class BuyerKind(StrEnum):
    COMMUNE = "commune"
    INTERCOMMUNALITE = "intercommunalite"
    DEPARTEMENT = "departement"
    REGION = "region"
    ETAT = "etat"
    HOPITAL = "hopital"
    BAILLEUR_SOCIAL = "bailleur_social"
    ASSOCIATION = "association"
    PRIVE = "prive"


class ReferenceRole(StrEnum):
    TITULAIRE = "titulaire"
    MANDATAIRE = "mandataire"
    COTRAITANT = "cotraitant"
    SOUS_TRAITANT = "sous_traitant"


class TextCategory(StrEnum):
    PRESENTATION = "presentation"
    COMPREHENSION = "comprehension"
    METHODOLOGIE = "methodologie"
    MOYENS_HUMAINS = "moyens_humains"
    MOYENS_MATERIELS = "moyens_materiels"
    QUALITE = "qualite"
    SECURITE = "securite"
    ENVIRONNEMENT = "environnement"
    INSERTION = "insertion"
    REFERENCES = "references"


LABELS: dict[StrEnum, str] = {
    LegalForm.ASSOCIATION: "Association loi 1901",
    LegalForm.SCIC: "SCIC",
    LegalForm.SCOP: "SCOP",
    LegalForm.SARL: "SARL",
    LegalForm.SAS: "SAS",
    LegalForm.SA: "SA",
    LegalForm.EI: "Entreprise individuelle",
    LegalForm.ETABLISSEMENT_PUBLIC: "Établissement public",
    LegalForm.FONDATION: "Fondation",
    LegalForm.MUTUELLE: "Mutuelle",
    LegalForm.AUTRE: "Autre",
    EssStatus.ASSOCIATION_1901: "Association loi 1901",
    EssStatus.ESAT: "ESAT",
    EssStatus.EA: "Entreprise adaptée (EA)",
    EssStatus.ACI: "Atelier et chantier d'insertion (ACI)",
    EssStatus.AI: "Association intermédiaire (AI)",
    EssStatus.EI: "Entreprise d'insertion (EI)",
    EssStatus.ETTI: "Entreprise de travail temporaire d'insertion (ETTI)",
    EssStatus.SCIC: "SCIC",
    EssStatus.SCOP: "SCOP",
    EssStatus.ESUS: "Agrément ESUS",
    Procedure.AOO: "Appel d'offres ouvert",
    Procedure.AOR: "Appel d'offres restreint",
    Procedure.MAPA: "Procédure adaptée (MAPA)",
    Procedure.NEGOCIEE: "Procédure avec négociation",
    Procedure.DIALOGUE: "Dialogue compétitif",
    Procedure.CONCOURS: "Concours",
    MarketType.TRAVAUX: "Travaux",
    MarketType.FOURNITURES: "Fournitures",
    MarketType.SERVICES: "Services",
    Reservation.ESAT_EA: "Réservé ESAT / EA (L2113-12)",
    Reservation.SIAE: "Réservé SIAE (L2113-13)",
    Reservation.ESS: "Réservé ESS (L2113-15)",
    Reservation.DETENUS: "Réservé aux opérateurs employant des personnes détenues (L2113-13-1)",
    SiteVisit.OBLIGATOIRE: "Obligatoire",
    SiteVisit.FACULTATIVE: "Facultative",
    Variants.AUTORISEES: "Autorisées",
    Variants.INTERDITES: "Interdites",
    Variants.EXIGEES: "Exigées",
    GroupementForm.CONJOINT: "Conjoint",
    GroupementForm.SOLIDAIRE: "Solidaire",
    GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE: "Conjoint avec mandataire solidaire",
    GroupementForm.LIBRE: "Libre",
    TenderStatus.VEILLE: "Veille",
    TenderStatus.EN_PREPARATION: "En préparation",
    TenderStatus.DEPOSE: "Déposé",
    TenderStatus.GAGNE: "Gagné",
    TenderStatus.PERDU: "Perdu",
    TenderStatus.SANS_SUITE: "Sans suite",
    TenderStatus.ABANDONNE: "Abandonné",
    WeightUnit.PERCENT: "%",
    WeightUnit.POINTS: "points",
    BuyerKind.COMMUNE: "Commune",
    BuyerKind.INTERCOMMUNALITE: "Intercommunalité",
    BuyerKind.DEPARTEMENT: "Département",
    BuyerKind.REGION: "Région",
    BuyerKind.ETAT: "État",
    BuyerKind.HOPITAL: "Hôpital",
    BuyerKind.BAILLEUR_SOCIAL: "Bailleur social",
    BuyerKind.ASSOCIATION: "Association",
    BuyerKind.PRIVE: "Privé",
    ReferenceRole.TITULAIRE: "Titulaire seul",
    ReferenceRole.MANDATAIRE: "Mandataire",
    ReferenceRole.COTRAITANT: "Cotraitant",
    ReferenceRole.SOUS_TRAITANT: "Sous-traitant",
    TextCategory.PRESENTATION: "Présentation",
    TextCategory.COMPREHENSION: "Compréhension du besoin",
    TextCategory.METHODOLOGIE: "Méthodologie",
    TextCategory.MOYENS_HUMAINS: "Moyens humains",
    TextCategory.MOYENS_MATERIELS: "Moyens matériels",
    TextCategory.QUALITE: "Qualité",
    TextCategory.SECURITE: "Sécurité",
    TextCategory.ENVIRONNEMENT: "Environnement",
    TextCategory.INSERTION: "Insertion",
    TextCategory.REFERENCES: "Références",
    TenderStatus.INFRUCTUEUX: "Infructueux",
}


def label(value: StrEnum | None) -> str:
    """French label of an enumeration value; empty text for ``None``."""
    if value is None:
        return ""
    return LABELS.get(value, str(value))
