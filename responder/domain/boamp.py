"""BOAMP notices as the open-data portal exports them (CSV and JSON), read into ``Notice``.

Columns are mapped by name, never by position. Multi-valued fields are JSON arrays in the JSON
export and one cell joined by commas in the CSV. ``donnees`` is the whole notice as JSON text,
in one of three dialects: legacy (upper-case keys), national forms (``FNSimple`` / ``MAPA``)
and eForms (``EFORMS``, UBL names, one child = an object, several = an array). Pure code.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .enums import MarketType, Procedure, Reservation
from .opendata import (
    RowError,
    clean_cpv,
    clean_department,
    clean_siret,
    is_placeholder_amount,
    local_datetime,
    parse_date,
    parse_open_amount,
    to_paris,
)
from .text import STOP_WORDS, fold, fold_ligatures

#: Notice natures that are not a call for tenders one can still answer.
NOT_CALLS = frozenset(
    {"RECTIFICATIF", "ANNULATION", "ATTRIBUTION", "MODIFICATION", "INTENTION_CONCLURE",
     "PRE-INFORMATION", "RESULTAT"}
)
_IDWEB = re.compile(r"^\d{2}-\d{1,7}$")


@dataclass(frozen=True)
class NoticeLot:
    """A lot of a notice: number, title, reservation read from the notice (if any)."""

    number: int
    title: str
    reserved: tuple[str, ...] = ()


@dataclass(slots=True)
class Notice:
    """One BOAMP notice, cleaned. Dates are Paris wall-clock times."""

    idweb: str
    title: str
    buyer: str = ""
    buyer_siret: str | None = None
    nature: str = ""
    etat: str = ""
    famille: str = ""
    departments: tuple[str, ...] = ()
    published: date | None = None
    display_end: date | None = None
    deadline: datetime | None = None
    market_types: tuple[str, ...] = ()
    procedure: str = ""
    procedure_label: str = ""
    cpv: tuple[str, ...] = ()
    lots: tuple[NoticeLot, ...] = ()
    reserved: tuple[str, ...] = ()
    social: bool = False
    environmental: bool = False
    linked: tuple[str, ...] = ()
    url: str = ""
    amount: Decimal | None = None
    amount_suspect: bool = False
    winners: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = field(default=())

    @property
    def is_call(self) -> bool:
        """True for a call for tenders (not a correction, a cancellation, an award …)."""
        return self.nature not in NOT_CALLS

    def search_text(self) -> str:
        """Folded words indexed for the keyword search."""
        parts = [self.title, self.buyer, *(lot.title for lot in self.lots), *self.descriptors]
        return quick_normalized(" ".join(parts))

    def title_words(self) -> list[str]:
        """Significant folded words of the title (compared with the references' words)."""
        seen: dict[str, None] = {}
        for word in quick_normalized(self.title).split():
            if len(word) > 2 and word not in STOP_WORDS and not word.isdigit():
                seen.setdefault(word, None)
        return list(seen)


_WORD = re.compile(r"[^\W_]+")
_LIGATURE_CHARS = ("œ", "Œ", "æ", "Æ", "ß", "ﬁ", "ﬂ")


def quick_normalized(text: str) -> str:
    """``text.normalized`` for Latin text, several times faster: accents are dropped by an
    ASCII round trip after decomposition (ligatures written out first). Used where 100,000
    notices are indexed at once; the few non-Latin letters it drops are not searched for."""
    if any(ch in text for ch in _LIGATURE_CHARS):
        text = fold_ligatures(text)
    # Signs (« ’ », « ° », « » ») separate words as in ``normalized``: the ASCII round trip
    # alone would drop them and glue « d’insertion » into one word.
    text = re.sub(r"[^\w\s]", " ", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(_WORD.findall(ascii_text.lower()))


# --- raw values -----------------------------------------------------------------------------
def as_list(value: object) -> list[str]:
    """A multi-valued field: a JSON array, or a CSV cell joined by commas."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    text = str(value).strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, list):
            return as_list(parsed)
    return [part.strip() for part in text.split(",") if part.strip()]


def _text(value: object) -> str:
    """Text of an XML-to-JSON node: a string, a number, or a dict with ``#text``."""
    if isinstance(value, dict):
        value = value.get("#text", "")
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    return "" if value is None else str(value).strip()


def _children(value: object) -> list[Any]:
    """XML to JSON: one child is an object, several are an array — always a list here."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def find_all(node: object, key: str) -> Iterator[Any]:
    """Every value stored under ``key`` anywhere in a JSON tree (depth first)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for k, v in current.items():
                if k == key:
                    yield v
                if isinstance(v, (dict, list)):
                    stack.append(v)
        elif isinstance(current, list):
            stack.extend(reversed(current))


def find_first(node: object, key: str) -> Any:
    """The first value under ``key`` anywhere in a JSON tree, or ``None``."""
    return next(find_all(node, key), None)


# --- reading « donnees » ------------------------------------------------------------------
@dataclass
class Details:
    """What is read from the ``donnees`` JSON of a notice."""

    buyer_siret: str | None = None
    cpv: list[str] = field(default_factory=list)
    lots: list[NoticeLot] = field(default_factory=list)
    deadline: datetime | None = None
    amount: Decimal | None = None
    reserved: set[str] = field(default_factory=set)
    #: True for eForms, whose reservations are codes (its raw text is not searched).
    structured: bool = False


def _legacy(data: dict[str, Any], out: Details) -> None:
    out.buyer_siret = clean_siret(_text(find_first(data, "CODE_IDENT_NATIONAL")))
    cpv = find_first(data.get("OBJET", {}), "PRINCIPAL")
    if cpv is not None:
        out.cpv = [c for c in [clean_cpv(_text(cpv))] if c]
    for i, lot in enumerate(_children(find_first(data.get("OBJET", {}), "LOT")), start=1):
        if isinstance(lot, dict):
            number = _int(_text(lot.get("NUM_LOT") or lot.get("NUM")), i)
            title = _text(lot.get("INTITULE") or lot.get("DESCRIPTION")) or f"Lot {number}"
            out.lots.append(NoticeLot(number, title))
    out.deadline = to_paris(_text(find_first(data, "RECEPT_OFFRES")))
    amount = find_first(data, "ESTIMATION_INITIALE") or find_first(data, "MONTANT")
    out.amount = parse_open_amount(_text(amount))
    for reserved in find_all(data, "MARCHE_RESERVE_OUI"):
        names = set(reserved) if isinstance(reserved, dict) else {str(reserved)}
        if "ATELIERS_PROTEGES" in names or not names - {""}:
            out.reserved.add(Reservation.ESAT_EA.value)
        if "EMPLOIS_PROTEGES" in names:
            out.reserved.add(Reservation.SIAE.value)


def _path(node: object, *keys: str) -> Any:
    """``node[k1][k2]…`` or ``None`` when a step is missing (the usual place of a value)."""
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _national(form: dict[str, Any], out: Details) -> None:
    siret = _path(form, "organisme", "codeIdentificationNational")
    if siret is None:
        siret = find_first(form, "codeIdentificationNational")
    out.buyer_siret = clean_siret(_text(siret))
    body = next((form[k] for k in ("initial", "rectificatif", "attribution")
                 if isinstance(form.get(k), dict)), form)
    cpv = _path(body, "natureMarche", "codeCPV", "objetPrincipal", "classPrincipale")
    out.cpv = [c for c in [clean_cpv(_text(cpv))] if c]
    lots = _path(body, "lots", "lot")
    for i, lot in enumerate(_children(lots), start=1):
        if isinstance(lot, dict):
            number = _int(_text(lot.get("numLot")), i)
            out.lots.append(NoticeLot(number, _text(lot.get("intitule")) or f"Lot {number}"))
    when = _path(body, "procedure", "dateReceptionOffres") or _path(
        body, "delais", "receptionOffres"
    )
    out.deadline = to_paris(_text(when))
    estimate = _path(body, "natureMarche", "valeurEstimee")
    if isinstance(estimate, dict):
        out.amount = parse_open_amount(_text(estimate.get("valeur")))


_EFORMS_RESERVED = {
    "res-ws": (Reservation.ESAT_EA.value, Reservation.SIAE.value),
    "res-pub-ser": (Reservation.ESS.value,),
}


def _eforms_reserved(node: object) -> set[str]:
    found: set[str] = set()
    for code in find_all(node, "cbc:TendererRequirementTypeCode"):
        for item in _children(code):
            if isinstance(item, dict) and item.get("@listName") == "reserved-procurement":
                found.update(_EFORMS_RESERVED.get(_text(item), ()))
    return found


def _eforms(notice: dict[str, Any], out: Details) -> None:
    party = notice.get("cac:ContractingParty")
    party_id = _text(_path(party, "cac:Party", "cac:PartyIdentification", "cbc:ID"))
    if not party_id and party is not None:
        party_id = _text(find_first(party, "cbc:ID"))
    organisations = _path(
        notice, "ext:UBLExtensions", "ext:UBLExtension", "ext:ExtensionContent",
        "efext:EformsExtension", "efac:Organizations", "efac:Organization",
    )
    if organisations is None:
        organisations = find_first(notice, "efac:Organization")
    for org in _children(organisations):
        company = org.get("efac:Company", org) if isinstance(org, dict) else org
        ident = _text(_path(company, "cac:PartyIdentification", "cbc:ID"))
        if party_id and ident == party_id:
            legal = _path(company, "cac:PartyLegalEntity", "cbc:CompanyID")
            out.buyer_siret = clean_siret(_text(legal if legal is not None
                                                else find_first(org, "cbc:CompanyID")))
            break
    project = notice.get("cac:ProcurementProject")
    main = _path(project, "cac:MainCommodityClassification", "cbc:ItemClassificationCode")
    out.cpv = [c for c in [clean_cpv(_text(main))] if c]
    total = _path(project, "cac:RequestedTenderTotal", "cbc:EstimatedOverallContractAmount")
    amount = parse_open_amount(_text(total))
    out.amount = amount if amount else None  # « 0.00 » = unknown
    deadlines: list[datetime] = []
    for i, lot in enumerate(_children(notice.get("cac:ProcurementProjectLot")), start=1):
        if not isinstance(lot, dict):
            continue
        ident = _text(lot.get("cbc:ID"))
        number = _int(ident.rsplit("-", 1)[-1], i)
        title = _text(_path(lot, "cac:ProcurementProject", "cbc:Name")) or f"Lot {number}"
        reserved = tuple(sorted(_eforms_reserved(lot.get("cac:TenderingTerms"))))
        out.lots.append(NoticeLot(number, title, reserved))
        out.reserved.update(reserved)
        period = _path(lot, "cac:TenderingProcess", "cac:TenderSubmissionDeadlinePeriod")
        if isinstance(period, dict):
            when = local_datetime(
                _text(period.get("cbc:EndDate")), _text(period.get("cbc:EndTime"))
            )
            if when:
                deadlines.append(when)
    if deadlines:
        out.deadline = min(deadlines)


def read_details(donnees: object) -> Details:
    """What the ``donnees`` field says (buyer SIRET, CPV, lots, deadline, amount, reserved);
    empty when the field is missing or not JSON (the notice is still imported)."""
    out = Details()
    data: object = donnees
    if isinstance(donnees, str):
        if not donnees.strip():
            return out
        try:
            data = json.loads(donnees)
        except ValueError:
            return out
    if not isinstance(data, dict):
        return out
    if "EFORMS" in data and isinstance(data["EFORMS"], dict):
        for notice in data["EFORMS"].values():
            if isinstance(notice, dict):
                out.structured = True
                _eforms(notice, out)
                break
    elif national := next(
        (v for v in data.values() if isinstance(v, dict) and "organisme" in v), None
    ):
        _national(national, out)
    else:
        _legacy(data, out)
    return out


def _int(text: str, default: int) -> int:
    digits = "".join(ch for ch in text if ch.isdigit())
    try:
        value = int(digits) if digits else default
    except ValueError:
        return default
    return value if 1 <= value <= 9999 else default


# --- reservations and social clauses read from the text -----------------------------------
# The patterns run on the lower-cased raw text (accents kept: folding the whole ``donnees`` of
# 100,000 notices would take most of an import), so accented letters are spelt out.
_E = "[eéèê]"
_RESERVED_TEXT = (
    (Reservation.ESAT_EA.value, re.compile(r"\bl\W{0,3}2113-12(?![-\d])")),
    (Reservation.SIAE.value, re.compile(r"\bl\W{0,3}2113-13(?![-\d])")),
    (Reservation.ESS.value, re.compile(r"\bl\W{0,3}2113-15(?![-\d])")),
)
#: Each pattern with words one of which must be in the text before the pattern is tried.
_RESERVED_WORDS = (
    (Reservation.ESAT_EA.value, ("esat", "adapt", "aide par le travail"), re.compile(
        rf"\b(esat|entreprises? adapt{_E}es?|{_E}tablissements? et services d.aide par le "
        r"travail)\b"
    )),
    (Reservation.SIAE.value, ("siae", "activit"), re.compile(
        rf"\b(siae|structures? d.insertion par l.activit{_E} {_E}conomique)\b"
    )),
)
_RESERV = re.compile(rf"\br{_E}serv")
_SOCIAL = re.compile(
    r"\b(clauses? sociales?|clauses? d.insertion|heures? d.insertion|insertion professionnelle"
    r"|l\W{0,3}2112-2)\b"
)


def reserved_in_text(text: str) -> set[str]:
    """Reservations a notice's text states (« réservé … article L. 2113-13 », « lot réservé
    aux ESAT »). L2113-13-1 (people in prison) is not L2113-13."""
    lowered = text.lower()
    found: set[str] = set()
    if "2113-1" in lowered:
        found = {value for value, pattern in _RESERVED_TEXT if pattern.search(lowered)}
    if ("réserv" in lowered or "reserv" in lowered) and _RESERV.search(lowered):
        found.update(
            value for value, hints, pattern in _RESERVED_WORDS
            if any(h in lowered for h in hints) and pattern.search(lowered)
        )
    return found


def social_in_text(text: str) -> bool:
    """True when the text mentions a social or insertion clause."""
    lowered = text.lower()
    if not any(hint in lowered for hint in ("social", "insertion", "2112-2")):
        return False
    return bool(_SOCIAL.search(lowered))


# --- a record → a Notice ------------------------------------------------------------------
def notice_from_record(record: Mapping[str, Any]) -> Notice:
    """A ``Notice`` from one exported record (CSV row or JSON object, technical names).

    Raises ``RowError`` (French reason) when the record cannot be a notice.
    """
    idweb = str(record.get("idweb") or record.get("id") or "").strip()
    if not idweb:
        raise RowError("identifiant idweb manquant")
    if not _IDWEB.match(idweb):
        raise RowError(f"identifiant idweb « {idweb[:30]} » illisible (format AA-NNNNNN attendu)")
    title = str(record.get("objet") or "").strip()
    if not title:
        raise RowError(f"avis {idweb} sans objet")
    donnees = record.get("donnees")
    details = read_details(donnees)
    raw_donnees = donnees if isinstance(donnees, str) else json.dumps(donnees or "")
    if details.structured:
        raw_donnees = ""  # eForms states reservations as codes, read above
    deadline = to_paris(record.get("datelimitereponse")) or details.deadline
    criteres = [fold(c) for c in as_list(record.get("criteres"))]
    lots_text = " ".join(lot.title for lot in details.lots)
    text = f"{title} {lots_text} {raw_donnees}"
    reserved = details.reserved | reserved_in_text(text)
    amount = details.amount
    cleaned = (clean_department(x) for x in as_list(record.get("code_departement")))
    departments = tuple(dict.fromkeys(d for d in cleaned if d))
    nature = str(record.get("nature") or "").strip().upper()
    return Notice(
        idweb=idweb,
        title=title,
        buyer=str(record.get("nomacheteur") or "").strip(),
        buyer_siret=details.buyer_siret,
        nature=nature,
        etat=str(record.get("etat") or "").strip().upper(),
        famille=str(record.get("famille") or "").strip(),
        departments=departments,
        published=parse_date(record.get("dateparution")),
        display_end=parse_date(record.get("datefindiffusion")),
        deadline=deadline,
        market_types=tuple(m.upper() for m in as_list(record.get("type_marche"))),
        procedure=str(record.get("type_procedure") or "").strip(),
        procedure_label=str(record.get("procedure_libelle") or "").strip(),
        cpv=tuple(details.cpv),
        lots=tuple(details.lots),
        reserved=tuple(sorted(reserved)),
        social=any(c.startswith("socia") for c in criteres) or social_in_text(text),
        environmental=any(c.startswith("environnement") for c in criteres),
        linked=tuple(i for i in as_list(record.get("annonce_lie")) if _IDWEB.match(i)),
        url=str(record.get("url_avis") or "").strip(),
        amount=amount,
        amount_suspect=is_placeholder_amount(amount),
        winners=tuple(as_list(record.get("titulaire"))),
        descriptors=tuple(as_list(record.get("descripteur_libelle"))),
    )


#: Words of BOAMP's procedure codes and labels (folded), first match wins.
_PROCEDURE_WORDS = (
    ("adapte", Procedure.MAPA), ("restreint", Procedure.AOR), ("ouvert", Procedure.AOO),
    ("negoci", Procedure.NEGOCIEE), ("dialogue", Procedure.DIALOGUE),
    ("concours", Procedure.CONCOURS),
)


def procedure_of(code: str, label: str = "") -> Procedure:
    """Our procedure from BOAMP's ``type_procedure`` code and label (MAPA when unknown)."""
    text = fold(f"{code} {label}").replace("_", " ")
    return next((procedure for word, procedure in _PROCEDURE_WORDS if word in text),
                Procedure.MAPA)


def market_type_of(types: tuple[str, ...] | list[str]) -> MarketType:
    """Our market type from BOAMP's ``type_marche`` (the first one; services by default)."""
    for value in types:
        try:
            return MarketType(value.lower())
        except ValueError:
            continue
    return MarketType.SERVICES
