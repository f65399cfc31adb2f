"""The deposit settings of a dossier and the practice rules they fall back on (file size, name
length, expected award date)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from ...domain.checklist import Catalogue
from ...domain.common import InvalidInput, french_errors
from ...domain.deadlines import tender_award_date
from ...domain.deposit import Deposit, DepositSettings
from ...domain.deposit_check import mb_to_bytes
from ...domain.law import RuleBook, RuleNotFound
from ...domain.tender import Tender
from ..catalogue import load_catalogue
from ..checklist import ChecklistService
from ..deadlines import load_rulebook
from ..workspace import Session


# --- the service --------------------------------------------------------------------------
class DepositRules:
    """The deposit settings of a dossier and the practice rules they fall back on."""

    def __init__(
        self, session: Session, *, rules: RuleBook | None = None,
        catalogue: Catalogue | None = None,
    ) -> None:
        self.session = session
        self.rules = rules or load_rulebook()
        self.catalogue = catalogue or load_catalogue()
        self.checklists = ChecklistService(session, self.catalogue)

    # --- settings ------------------------------------------------------------------------
    def _tender(self, tender_id: int) -> Tender:
        return self.checklists._tender(tender_id)

    def deposit_of(self, tender: Tender) -> Deposit:
        """The dossier's deposit settings and record (defaults when never set)."""
        return tender.deposit or Deposit()

    def _store(self, tender: Tender, deposit: Deposit) -> Tender:
        payload = tender.model_dump()
        payload["deposit"] = deposit.model_dump()
        try:
            updated = Tender.model_validate(payload)
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc
        with self.session.ws.transaction():
            return self.session.tenders.update(updated)

    def settings(self, tender_id: int) -> DepositSettings:
        """The upload settings of a dossier."""
        return self.deposit_of(self._tender(tender_id)).settings

    def set_settings(self, tender_id: int, **changes: Any) -> DepositSettings:
        """Change the upload settings (limits, formats, pattern, backup copy, zip), validated.

        ``InvalidInput`` names the field and the fix; nothing is saved then.
        """
        tender = self._tender(tender_id)
        deposit = self.deposit_of(tender)
        payload = {**deposit.settings.model_dump(), **changes}
        try:
            settings = DepositSettings.model_validate(payload)
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc
        self._store(tender, Deposit(settings=settings, record=deposit.record))
        return settings

    def _practice(self, rule_id: str, on: date) -> int:
        """A practice figure in force on ``on``; before its first version (a dossier older
        than the rules file), that first version stands in. Unknown ids still raise."""
        rule = self.rules.find(rule_id, on)
        if rule is None:
            versions = self.rules.versions(rule_id)
            if not versions:
                raise RuleNotFound(f"Règle inconnue : « {rule_id} ».")
            rule = versions[0]
        return rule.days

    def max_file_bytes(self, settings: DepositSettings, on: date) -> int:
        """The per-file limit in octets: the dossier's, else the practice default (50 Mo)."""
        if settings.max_file_mb is not None:
            return mb_to_bytes(settings.max_file_mb)
        return mb_to_bytes(self._practice("deposit_max_file_size", on))

    def max_name_length(self, on: date) -> int:
        """The longest file name the pack gives (60 characters by the practice rule)."""
        return self._practice("deposit_file_name_max", on)

    def award_date(self, tender: Tender) -> date | None:
        """The expected award date: deadline + the dossier's award delay, never beyond the
        offers' validity (the same date the checklist judges the attributaire's pieces at)."""
        return tender_award_date(self.rules, tender)
