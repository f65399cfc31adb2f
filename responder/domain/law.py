"""The dated rules of the Code de la commande publique, read from ``resources/rules/rules.json``.

Every legal figure Responder applies (delays, thresholds, validities) lives in that file, never
as a bare constant in code. A rule may have several versions, each valid over a period
(``valid_from`` … ``valid_until``, both included): :meth:`RuleBook.get` picks the one in force
on a given day, so a threshold that changes on 1 April 2026 is applied from that day on.

This module is pure: it parses JSON text or already-decoded data. The service layer knows where
the file is (``responder.services.deadlines.load_rulebook``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from .common import DomainModel, InvalidInput, french_errors
from .errors import parse_json

Unit = Literal[
    "calendar_days", "working_days", "eur_ht", "eur_ttc", "months", "ratio",
    "hours", "megabytes", "characters",
]
Confidence = Literal["H", "M"]

#: Version of the rules file format (docs/formats.md, « Rules file »).
RULES_SCHEMA_VERSION = 1


class Rule(DomainModel):
    """One version of a legal (or practice) rule, valid from ``valid_from`` to ``valid_until``.

    ``confidence`` is « H » when the article text was seen, « M » when only consistent secondary
    sources back it: M rules are shown as guidance (« à vérifier dans le RC »), never as errors.
    ``value`` is ``None`` for rules that state a principle without a figure.
    """

    #: Computed or shipped, not typed: not bounded like user input (see DomainModel).
    OWN_DATE_CHECK = frozenset({"valid_from", "valid_until"})

    id: str = Field(min_length=1, pattern=r"^[a-z0-9_]+$")
    article: str = Field(min_length=1)
    value: Decimal | None
    unit: Unit
    valid_from: date
    valid_until: date | None = None
    confidence: Confidence
    label_fr: str = Field(min_length=1)
    source: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _period(self) -> Rule:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError(
                f"Règle « {self.id} » : la fin de validité ({self.valid_until}) est avant son "
                f"début ({self.valid_from})."
            )
        return self

    def is_valid_on(self, day: date) -> bool:
        """True when this version is in force on ``day``."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    @property
    def is_guidance(self) -> bool:
        """True for « M » rules, which the app phrases as advice to check in the RC."""
        return self.confidence == "M"

    @property
    def days(self) -> int:
        """The value as a whole number of days (or months); ``ValueError`` if there is none."""
        if self.value is None:
            raise ValueError(f"La règle « {self.id} » n'a pas de valeur chiffrée.")
        return int(self.value)

    def citation(self) -> str:
        """« R2161-2 » for articles, « bonne pratique » for practice rules."""
        if self.article == "pratique":
            return "bonne pratique"
        return self.article


class RuleNotFound(KeyError):
    """No version of the rule is in force on the requested day (or the id is unknown)."""


class RuleBook:
    """All rules of the file, by id, each with its dated versions."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules: dict[str, list[Rule]] = {}
        for rule in rules:
            self._rules.setdefault(rule.id, []).append(rule)
        for rule_id, versions in self._rules.items():
            versions.sort(key=lambda r: r.valid_from)
            for before, after in zip(versions, versions[1:], strict=False):
                if before.valid_until is None or before.valid_until >= after.valid_from:
                    raise InvalidInput(
                        {f"rules.{rule_id}": "deux versions de cette règle se chevauchent : "
                         "fermez la première (valid_until) avant le début de la suivante."}
                    )

    def ids(self) -> list[str]:
        """Every rule id, sorted."""
        return sorted(self._rules)

    def versions(self, rule_id: str) -> list[Rule]:
        """All versions of a rule, oldest first (empty for an unknown id)."""
        return list(self._rules.get(rule_id, []))

    def all(self) -> list[Rule]:
        """Every version of every rule."""
        return [rule for versions in self._rules.values() for rule in versions]

    def get(self, rule_id: str, on: date) -> Rule:
        """The version of ``rule_id`` in force on ``on``; ``RuleNotFound`` if there is none."""
        versions = self._rules.get(rule_id)
        if not versions:
            raise RuleNotFound(f"Règle inconnue : « {rule_id} ».")
        for rule in versions:
            if rule.is_valid_on(on):
                return rule
        raise RuleNotFound(
            f"Aucune version de la règle « {rule_id} » n'est en vigueur le {on.isoformat()}."
        )

    def find(self, rule_id: str, on: date) -> Rule | None:
        """Like :meth:`get`, but ``None`` instead of an exception."""
        try:
            return self.get(rule_id, on)
        except RuleNotFound:
            return None

    # --- parsing -------------------------------------------------------------------------
    @classmethod
    def from_data(cls, data: Any) -> RuleBook:
        """A rule book from decoded JSON: ``{"rules": [...]}`` or a bare list of rules.

        Raises ``InvalidInput`` with French messages keyed ``rules.<index>.<field>``.
        """
        if isinstance(data, dict):
            version = data.get("schema_version", RULES_SCHEMA_VERSION)
            if not isinstance(version, int) or version > RULES_SCHEMA_VERSION:
                raise InvalidInput(
                    {"schema_version": f"version {version} inconnue du fichier de règles : "
                     "mettez Responder à jour."}
                )
            data = data.get("rules")
        if not isinstance(data, list):
            raise InvalidInput({"rules": "une liste de règles est attendue."})
        rules: list[Rule] = []
        errors: dict[str, str] = {}
        for index, item in enumerate(data):
            try:
                rules.append(Rule.model_validate(item))
            except ValidationError as exc:
                for path, message in french_errors(exc).items():
                    errors[f"rules.{index}.{path}" if path else f"rules.{index}"] = message
        if errors:
            raise InvalidInput(errors)
        return cls(rules)

    @classmethod
    def from_json(cls, text: str) -> RuleBook:
        """A rule book from the text of the rules file."""
        return cls.from_data(parse_json(text, "Le fichier de règles"))
