"""Shared model configuration and helpers for turning validation errors into French text."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .errors import InvalidInput

__all__ = [
    "AMOUNT_TOO_BIG",
    "MAX_AMOUNT",
    "Amount",
    "MAX_YEAR",
    "MIN_YEAR",
    "DomainModel",
    "Entity",
    "FileHash",
    "InvalidInput",
    "LocalDateTime",
    "check_amount",
    "check_date",
    "check_file_hash",
    "clean_text",
    "editable_dump",
    "french_errors",
]


def _local_naive(value: datetime) -> datetime:
    """Dates and times are local wall-clock times: an aware value is converted, then made naive.

    Mixing naive and aware values would make comparisons raise ``TypeError``.
    """
    if value.tzinfo is not None:
        return value.astimezone().replace(tzinfo=None)
    return value


#: A local date and time without time zone (how RCs state deadlines: « 18/12/2026 à 12 h »).
LocalDateTime = Annotated[datetime, AfterValidator(_local_naive)]

#: The largest money amount the application accepts: 1 000 milliards d'euros. Far above any
#: public contract, it keeps every amount printable (Qt formats integers on 64 bits) and
#: roundable to the cent without leaving the decimal context's precision.
MAX_AMOUNT = Decimal(1_000_000_000_000)
AMOUNT_TOO_BIG = "montant trop grand : 1 000 milliards d'euros au plus."


def check_amount(value: Decimal) -> Decimal:
    """``value`` if it is a finite amount of at most :data:`MAX_AMOUNT`; ``ValueError`` (French).

    Runs before any rounding: ``Decimal("1e999999").quantize(…)`` would raise
    ``InvalidOperation``, which pydantic does not turn into a validation error.
    """
    if not value.is_finite():
        raise ValueError("montant invalide : un nombre est attendu (par exemple 12500,50).")
    if value > MAX_AMOUNT:
        raise ValueError(AMOUNT_TOO_BIG)
    return value


#: A money amount in euros: finite, not negative, 1 000 milliards d'euros at most.
Amount = Annotated[Decimal, Field(ge=0), AfterValidator(check_amount)]


#: Years a date of the application may fall in. Year 1 (no publication date typed) broke the
#: window and the calendar export (``OverflowError``), year 9999 made ``deadlines list`` walk
#: eight thousand years of holidays: both are typos, never a dossier's real date.
MIN_YEAR = 1990
MAX_YEAR = 2100


def check_date(value: date, *, min_year: int = MIN_YEAR) -> date:
    """``value`` when its year is within [``min_year``, :data:`MAX_YEAR`]; ``ValueError``.

    ``min_year=0`` checks nothing (a stored row, or a field its model bounds itself).
    """
    if min_year and not min_year <= value.year <= MAX_YEAR:
        raise ValueError(
            f"date hors limites ({value.year:04d}) : l'année doit être comprise entre "
            f"{min_year} et {MAX_YEAR}. Vérifiez l'année saisie."
        )
    return value


#: Characters XML 1.0 cannot hold (so a .docx cannot either): C0 controls but tab, line feed and
#: carriage return, lone surrogates and the non-characters U+FFFE / U+FFFF. lxml refuses them
#: and ``memoire build`` crashed on a pasted ``\x0b``.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Vertical tab (Word's manual line break when copied as text) and form feed (a PDF page
#: break) mean « new line »: keep the break rather than glue two words.
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def clean_text(value: str) -> str:
    """``value`` without the characters a document cannot hold (see ``_BAD_CHARS``)."""
    if _BAD_CHARS.search(value) is None:
        return value
    return _BAD_CHARS.sub("", value.translate(_BREAKS))


_HEX64 = re.compile(r"[0-9a-f]{64}")


def check_file_hash(value: str) -> str:
    """``value`` when it is a SHA-256 in lowercase hex (or empty); ``ValueError`` otherwise.

    A hash names a file of the workspace's store: anything else (``../../.ssh/id_rsa``) would
    be resolved as a path, and a received dossier could make the next export ship a local file.
    """
    if value and _HEX64.fullmatch(value) is None:
        raise ValueError(
            "empreinte de fichier invalide (64 caractères hexadécimaux attendus) : joignez "
            "à nouveau le fichier."
        )
    return value


#: The SHA-256 naming a file of the workspace's store (lowercase hex), or "" for none.
FileHash = Annotated[str, AfterValidator(check_file_hash)]


def _cleaned(value: Any, min_year: int) -> Any:
    """``value`` with its texts cleaned and its dates checked, containers included.

    Returns ``value`` itself when nothing changed (no copy on the common path).
    """
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, date):
        return check_date(value, min_year=min_year)
    if isinstance(value, int) and not isinstance(value, bool):
        if not -MAX_STORED_INT <= value <= MAX_STORED_INT:
            raise ValueError("nombre trop grand : vérifiez-le.")
        return value
    if isinstance(value, (list, tuple)):
        items = [_cleaned(item, min_year) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        pairs = [(_cleaned(k, min_year), _cleaned(v, min_year)) for k, v in value.items()]
        if all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(pairs, value.items(), strict=True)):
            return value
        return dict(pairs)
    return value


#: Field values that hold neither text, dates nor integers: skipped without a look.
_PLAIN = (BaseModel, bool, float, Decimal)
#: Largest integer SQLite stores (signed 64 bits): a bigger one in a received file
#: (« lot 2**70 ») raised ``OverflowError`` on saving.
MAX_STORED_INT = 2**63 - 1


class DomainModel(BaseModel):
    """Base of every domain model: validated on assignment, strict about unknown fields.

    After its own validators, every model goes through ``_boundary``: texts lose the
    characters a document cannot hold and dates must fall between :data:`MIN_YEAR` and
    :data:`MAX_YEAR` (the error names the field). ``OWN_DATE_CHECK`` names the fields whose
    model bounds its dates itself. A row read back from the workspace (validation context
    ``{"stored": True}``) is taken as saved: a record written before these bounds stays
    readable and can be corrected, and reading 10,000 rows pays nothing for the check.
    """

    model_config = ConfigDict(
        validate_assignment=True,
        extra="forbid",
        str_strip_whitespace=True,
        use_enum_values=False,
        defer_build=True,
    )

    #: Date fields this model bounds itself (a document may be older than :data:`MIN_YEAR`).
    OWN_DATE_CHECK: ClassVar[frozenset[str]] = frozenset()

    def __setattr__(self, name: str, value: Any) -> None:
        # pydantic stores an assigned value before the model validators run: a refused value
        # must not stay in the model (the editor would save it on the next change).
        missing = object()
        old = self.__dict__.get(name, missing)
        try:
            super().__setattr__(name, value)
        except ValidationError:
            if old is not missing:
                self.__dict__[name] = old
            raise

    @model_validator(mode="after")
    def _boundary(self, info: ValidationInfo) -> Self:
        if info.context is not None and info.context.get("stored"):
            return self
        values = self.__dict__
        errors: list[InitErrorDetails] = []
        for name, value in values.items():
            if value is None or isinstance(value, _PLAIN):
                continue
            try:
                cleaned = _cleaned(value, 0 if name in self.OWN_DATE_CHECK else MIN_YEAR)
            except ValueError as exc:
                errors.append(
                    InitErrorDetails(
                        type=PydanticCustomError("value_error", "{error}", {"error": str(exc)}),
                        loc=(name,),
                        input=value,
                    )
                )
                continue
            if cleaned is not value:
                values[name] = cleaned
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self


class Entity(DomainModel):
    """A model stored in its own row of the workspace, identified by ``id`` once saved.

    ``row_version`` is the version of the stored row this copy was read at (set by the
    repositories, never written in the JSON nor exported): saving a copy whose version is no
    longer the stored one is refused (« modifié ailleurs »). ``None``: no check (overwrite).
    """

    id: int | None = None
    row_version: int | None = Field(default=None, exclude=True)


def editable_dump(model: BaseModel) -> dict[str, Any]:
    """``model.model_dump()`` plus the ``row_version`` it was read at (see ``Entity``).

    What an editor or a service starts a save from: the dump alone leaves the version out,
    and the save could then not tell a stale copy from a fresh one.
    """
    data = model.model_dump()
    if isinstance(model, Entity):
        data["row_version"] = model.row_version
    return data


_PYDANTIC_FR: dict[str, str] = {
    "missing": "ce champ est obligatoire.",
    "string_too_short": "ce champ ne peut pas être vide.",
    "string_too_long": "texte trop long : raccourcissez-le.",
    "too_long": "trop d'éléments : retirez-en quelques-uns.",
    "too_short": "ajoutez au moins un élément.",
    "string_type": "un texte est attendu.",
    "string_unicode": "caractère invalide dans le texte (demi-caractère Unicode) : retapez-le.",
    "int_parsing": "un nombre entier est attendu.",
    "int_parsing_size": "nombre trop grand.",
    "int_from_float": "un nombre entier est attendu (sans décimales).",
    "int_type": "un nombre entier est attendu.",
    "float_parsing": "un nombre est attendu (par exemple 12500,50).",
    "float_type": "un nombre est attendu (par exemple 12500,50).",
    "decimal_parsing": "un nombre est attendu (par exemple 12500,50).",
    "decimal_type": "un nombre est attendu (par exemple 12500,50).",
    "finite_number": "un nombre est attendu (par exemple 12500,50), pas « nan » ni l'infini.",
    "decimal_max_digits": "nombre trop long : trop de chiffres.",
    "decimal_max_places": "trop de décimales : arrondissez au centime.",
    "decimal_whole_digits": "nombre trop grand : trop de chiffres avant la virgule.",
    "greater_than_equal": "la valeur ne peut pas être négative.",
    "greater_than": "la valeur doit être positive.",
    "less_than_equal": "la valeur est trop grande.",
    "less_than": "la valeur est trop grande.",
    "multiple_of": "valeur non autorisée (pas le bon multiple).",
    "bool_parsing": "oui ou non attendu.",
    "bool_type": "oui ou non attendu.",
    "enum": "valeur inconnue.",
    "literal_error": "valeur inconnue.",
    "date_parsing": "date attendue au format AAAA-MM-JJ.",
    "date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ.",
    "datetime_parsing": "date et heure attendues au format AAAA-MM-JJTHH:MM.",
    "datetime_from_date_parsing": "date et heure attendues au format AAAA-MM-JJTHH:MM.",
    "extra_forbidden": "champ inconnu : supprimez-le.",
    "url_parsing": "adresse web invalide (elle doit commencer par https://).",
    "json_invalid": "le fichier n'est pas un JSON valide.",
    "model_type": "un objet est attendu.",
    "list_type": "une liste est attendue.",
}


def field_path(loc: tuple[Any, ...]) -> str:
    """Dotted path of a pydantic error location: ``("lots", 0, "title")`` → ``"lots.0.title"``."""
    return ".".join(str(part) for part in loc)


def _number(value: Any) -> str:
    """A bound from an error context in French (« 10 000 », « 2,5 »; years stay « 1900 »)."""
    whole, _, decimals = str(value).partition(".")
    if whole.lstrip("-").isdigit() and len(whole.lstrip("-")) > 4:
        whole = f"{int(whole):,}".replace(",", "\u202f")
    return f"{whole},{decimals}" if decimals else whole


def _bound_text(kind: str, ctx: dict[str, Any]) -> str:
    """The French message of a bound error that names its limit, or "" for the generic one.

    « ne peut pas être négative » is only right for a lower bound of 0 (« lot 0 » breaks ``ge=1``).
    """
    if kind == "greater_than_equal" and "ge" in ctx and str(ctx["ge"]) not in ("0", "0.0"):
        return f"la valeur doit être au moins {_number(ctx['ge'])}."
    if kind == "greater_than" and "gt" in ctx and str(ctx["gt"]) not in ("0", "0.0"):
        return f"la valeur doit dépasser {_number(ctx['gt'])}."
    if kind == "less_than_equal" and "le" in ctx:
        return f"la valeur est trop grande : {_number(ctx['le'])} au plus."
    if kind == "less_than" and "lt" in ctx:
        return f"la valeur est trop grande : moins de {_number(ctx['lt'])}."
    if kind in ("string_too_long", "too_long") and "max_length" in ctx:
        unit = "caractères" if kind == "string_too_long" else "éléments"
        return f"trop long : {ctx['max_length']} {unit} au plus."
    return ""


def french_errors(exc: ValidationError) -> dict[str, str]:
    """French message per field path for a pydantic ``ValidationError``.

    Our own validators already raise French text (``ValueError("…")``); pydantic's built-in
    errors are translated from their type, falling back to pydantic's English text.
    """
    messages: dict[str, str] = {}
    for err in exc.errors():
        path = field_path(tuple(err.get("loc", ())))
        kind = err.get("type", "")
        if kind == "value_error":
            ctx = err.get("ctx") or {}
            original = ctx.get("error")
            text = str(original) if original is not None else err.get("msg", "")
            text = text.removeprefix("Value error, ")
        else:
            text = _bound_text(kind, err.get("ctx") or {}) or _PYDANTIC_FR.get(
                kind, err.get("msg", "valeur invalide.")
            )
        messages.setdefault(path, text)
    return messages
