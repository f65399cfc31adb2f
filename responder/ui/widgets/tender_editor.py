"""The form that edits every field of one consultation (objet, dates, lots, critères …)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import editable_dump
from ...domain.enums import (
    GroupementForm,
    MarketType,
    Procedure,
    SiteVisit,
    TenderStatus,
    Variants,
)
from ...domain.tender import TWO_PHASE_PROCEDURES, Tender
from ...services.tender_form import eligibility_text, warnings_text
from .combos import enum_combo, set_combo_value
from .criteria_editor import CriteriaEditor
from .dates import OptionalDateEdit, OptionalDateTimeEdit
from .editor_parts import DIRTY_TEXT as DIRTY_TEXT  # re-exported: pages import it from here
from .editor_parts import (
    DirtyFormMixin,
    connect_edits,
    field_value,
    heading_label,
    save_footer,
    show_value,
)
from .errors import ErrorLabel, FormErrors
from .forms import add_row, form_box, new_form, with_error
from .help_button import help_line, set_help_term, with_help
from .lots_editor import LotsEditor
from .make import column, label, line_edit, plain_text, spin_box

if TYPE_CHECKING:
    from ...domain.deadlines import DeadlineWarning
    from ...domain.eligibility import EligibilityReport

_CPV_SPLIT = re.compile(r"[,;\n]")
#: Theme role of the legal warnings under the dates (same as the Échéances tab).
WARNINGS_ROLE = "warning-box"


class TenderEditor(DirtyFormMixin, QWidget):
    """Edits one ``Tender``; the page saves it through ``TenderService`` on ``save_requested``."""

    save_requested = Signal()
    revert_requested = Signal()
    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tender: Tender | None = None
        #: Computes the legal warnings of a saved dossier (set by the page, which has the
        #: services); ``None`` shows none.
        self.warnings_for: Callable[[Tender], list[DeadlineWarning]] | None = None
        #: Computes the eligibility to the reserved lots (set by the page); ``None``: hidden.
        self.eligibility_for: Callable[[Tender], EligibilityReport | None] | None = None
        self._dirty = False
        self._loading = False
        self.heading = heading_label()
        self.general_error = ErrorLabel()
        self.errors = FormErrors(self.general_error)

        self._lay_out_scrolled(
            [self.heading, self.general_error, self._build_general(), self._build_dates(),
             self._build_conditions(), self._build_lots(), self._build_criteria(),
             self._build_notes()],
            self._build_footer(),
        )
        self._connect_edits()

    # --- building ----------------------------------------------------------------------------
    def _build_general(self) -> QGroupBox:
        form = new_form(labels_above=True)
        self.title_edit = line_edit(placeholder="Objet du marché, tel qu'il figure dans l'avis")
        self.buyer_edit = line_edit(placeholder="Par exemple : Ville de Nîmes")
        self.reference_edit = line_edit(placeholder="Numéro de la consultation (dans le RC)")
        self.procedure_combo = enum_combo(Procedure)
        self.market_type_combo = enum_combo(MarketType)
        self.status_combo = enum_combo(TenderStatus)
        self.platform_edit = line_edit(placeholder="https://…")
        self.cpv_edit = line_edit(placeholder="Par exemple : 77310000-6, 90910000")
        e = self.errors
        add_row(form, "&Objet :", self.title_edit, e, "title")
        add_row(form, "Achete&ur :", self.buyer_edit, e, "buyer")
        add_row(form, "&Référence :", self.reference_edit, e, "reference")
        add_row(form, "&Procédure :", with_help(self.procedure_combo, "Procédure adaptée"), e,
                "procedure", focus=self.procedure_combo)
        add_row(form, "T&ype de marché :", self.market_type_combo, e, "market_type")
        add_row(form, "&Statut :", self.status_combo, e, "status",
                tooltip="Où en est ce dossier de réponse.")
        add_row(form, "&Lien de la plateforme :", self.platform_edit, e, "platform_url",
                tooltip="Adresse de la consultation sur la plateforme de l'acheteur.")
        add_row(form, "Codes &CPV :", with_help(self.cpv_edit, "Code CPV"), e, "cpv_codes",
                focus=self.cpv_edit, tooltip="Codes CPV de l'avis, séparés par des virgules.")
        return form_box("Consultation", form)

    def _build_dates(self) -> QGroupBox:
        box = QGroupBox("Dates clés")
        form = new_form(labels_above=True)
        self.published_edit = OptionalDateEdit()
        self.candidatures_edit = OptionalDateTimeEdit()
        self.invitation_edit = OptionalDateEdit()
        self.deadline_edit = OptionalDateTimeEdit()
        self.questions_edit = OptionalDateTimeEdit()
        self.visit_combo = enum_combo(SiteVisit, "Pas de visite")
        self.visit_date_edit = OptionalDateTimeEdit()
        e = self.errors
        add_row(form, "Date de pu&blication :", self.published_edit, e, "published_on")
        # Two-phase procedures (AOR, négociée, dialogue): candidatures first, then the offers
        # of the invited candidates, each with its own legal minimum (R2161-6 to R2161-15).
        add_row(form, "Date limite des can&didatures :", self.candidatures_edit, e,
                "candidatures_deadline",
                tooltip="Procédure en deux phases : date et heure limites de remise des "
                "candidatures, dans l'avis (au moins 30 jours après l'envoi de l'avis).")
        self._candidatures_row = form.rowCount() - 1
        add_row(form, "Invitation à soumissionner reçue l&e :", self.invitation_edit, e,
                "invitation_on",
                tooltip="Date de la lettre d'invitation à remettre une offre : le délai "
                "minimum des offres court à partir de son envoi.")
        self._invitation_row = form.rowCount() - 1
        add_row(form, "Date limite de re&mise :", with_help(self.deadline_edit, "DLRO"), e,
                "deadline", focus=self.deadline_edit,
                tooltip="Date et heure limites de remise des offres (DLRO), dans le RC.")
        add_row(form, "Date limite des &questions :",
                with_help(self.questions_edit, "Questions à l'acheteur"), e,
                "questions_deadline", focus=self.questions_edit)
        add_row(form, "V&isite du site :", self.visit_combo, e, "site_visit")
        add_row(form, "Date de la visi&te :", self.visit_date_edit, e, "site_visit_at")
        self.dates_form: QFormLayout = form
        self.date_warnings = label(role=WARNINGS_ROLE, selectable=True,
                                   name="Alertes sur les dates")
        self.date_warnings.hide()
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(self.date_warnings)
        return box

    def _build_conditions(self) -> QGroupBox:
        form = new_form(labels_above=True)
        self.validity_spin = spin_box(730, special="non précisée", suffix=" jours")
        self.variants_combo = enum_combo(Variants, "Non précisé")
        self.groupement_combo = enum_combo(GroupementForm, "Aucune forme imposée")
        self.page_limit_spin = spin_box(999, special="sans limite", suffix=" pages")
        self.award_delay_spin = spin_box(730, special="30 jours (par défaut)", suffix=" jours")
        e = self.errors
        add_row(form, "&Validité des offres :",
                with_help(self.validity_spin, "Délai de validité des offres"), e,
                "offer_validity_days", focus=self.validity_spin)
        add_row(form, "Varia&ntes :", with_help(self.variants_combo, "Variante"), e, "variants",
                focus=self.variants_combo)
        add_row(form, "Forme de &groupement imposée :",
                with_help(self.groupement_combo, "Groupement"), e, "groupement_form",
                focus=self.groupement_combo)
        add_row(form, "Nombre de pages ma&ximum :", self.page_limit_spin, e, "page_limit",
                tooltip="Limite de pages du mémoire technique, si le RC en fixe une.")
        add_row(form, "Attri&bution prévue après la date limite :", self.award_delay_spin, e,
                "award_delay_days",
                tooltip="Délai que l'acheteur se donne pour attribuer : les attestations de "
                "l'attributaire doivent être valables à cette date (jamais au-delà de la "
                "validité des offres).")
        return form_box("Conditions", form)

    def _build_lots(self) -> QGroupBox:
        box = QGroupBox("Lots")
        self.lots_editor = LotsEditor()
        container, error = with_error(self.lots_editor)
        self.errors.register("lots", self.lots_editor.table, error)
        self.eligibility_label = label(role="info-panel", selectable=True,
                                       name="Éligibilité aux lots réservés")
        self.eligibility_label.hide()
        layout = QVBoxLayout(box)
        layout.addWidget(help_line("Lot réservé", "Allotissement"))
        layout.addWidget(container)
        layout.addWidget(self.eligibility_label)
        set_help_term(self.lots_editor, "Lot réservé")
        return box

    def _build_criteria(self) -> QGroupBox:
        box = QGroupBox("Critères d'attribution")
        self.criteria_editor = CriteriaEditor()
        container, error = with_error(self.criteria_editor)
        self.criteria_error = error
        self.errors.register("criteria", self.criteria_editor.tree, error)
        self.errors.alias("weight_unit", "criteria")
        layout = QVBoxLayout(box)
        layout.addWidget(help_line("Critères d'attribution", "Mémoire technique"))
        layout.addWidget(container)
        set_help_term(self.criteria_editor, "Critères d'attribution")
        return box

    def _build_notes(self) -> QGroupBox:
        box = QGroupBox("Notes")
        self.notes_edit = plain_text("Notes", placeholder="Vos remarques sur cette consultation…",
                                     min_height=90)
        container, error = with_error(self.notes_edit)
        self.errors.register("notes", self.notes_edit, error)
        column(container, parent=box)
        return box

    def _build_footer(self) -> QWidget:
        footer = save_footer(self, "la consultation", self.save_requested,
                             self.revert_requested,
                             shortcut_context=Qt.ShortcutContext.WindowShortcut, default=True)
        return self._use_footer(footer)

    def _same_fields(self) -> list[tuple[str, QWidget]]:
        """The fields that show and save their part of the ``Tender`` as it is stored."""
        return [
            ("title", self.title_edit), ("buyer", self.buyer_edit),
            ("reference", self.reference_edit), ("procedure", self.procedure_combo),
            ("market_type", self.market_type_combo), ("status", self.status_combo),
            ("published_on", self.published_edit), ("deadline", self.deadline_edit),
            ("questions_deadline", self.questions_edit), ("site_visit", self.visit_combo),
            ("variants", self.variants_combo), ("groupement_form", self.groupement_combo),
            ("notes", self.notes_edit),
        ]

    def _connect_edits(self) -> None:
        connect_edits([(widget, key) for key, widget in self._same_fields()] + [
            (self.platform_edit, "platform_url"), (self.cpv_edit, "cpv_codes"),
            (self.candidatures_edit, "candidatures_deadline"),
            (self.invitation_edit, "invitation_on"), (self.award_delay_spin, "award_delay_days"),
            (self.visit_date_edit, "site_visit_at"), (self.validity_spin, "offer_validity_days"),
            (self.page_limit_spin, "page_limit"), (self.lots_editor, "lots"),
            (self.criteria_editor, "criteria"),
        ], self._edited)
        self.visit_combo.currentIndexChanged.connect(self._update_visit_date)
        self.procedure_combo.currentIndexChanged.connect(self._update_phases)
        self.title_edit.textChanged.connect(self._update_heading)

    # --- state -----------------------------------------------------------------------------
    def _update_visit_date(self) -> None:
        self.visit_date_edit.setEnabled(self.visit_combo.currentData() is not None)

    def two_phase(self) -> bool:
        """True when the chosen procedure has a candidatures phase (AOR, négociée …)."""
        return self.procedure_combo.currentData() in TWO_PHASE_PROCEDURES

    def _update_phases(self) -> None:
        visible = self.two_phase()
        self.dates_form.setRowVisible(self._candidatures_row, visible)
        self.dates_form.setRowVisible(self._invitation_row, visible)

    def _show_eligibility(self, tender: Tender) -> None:
        report = self.eligibility_for(tender) if self.eligibility_for is not None else None
        text = eligibility_text(report)
        self.eligibility_label.setText(text)
        self.eligibility_label.setVisible(bool(text))

    def _show_warnings(self, tender: Tender) -> None:
        warnings = self.warnings_for(tender) if self.warnings_for is not None else []
        self.date_warnings.setText(warnings_text(warnings))
        self.date_warnings.setVisible(bool(warnings))

    def _update_heading(self) -> None:
        self.heading.setText(self.title_edit.text().strip() or "Consultation sans objet")

    def tender(self) -> Tender | None:
        """The consultation as last loaded (or saved)."""
        return self._tender

    def focus_title(self) -> None:
        """Put the cursor in « Objet » with its text selected, ready to be retyped."""
        self.scroll_area.ensureWidgetVisible(self.title_edit)
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.title_edit.selectAll()

    # --- data ----------------------------------------------------------------------------------
    def load(self, tender: Tender) -> None:
        """Show ``tender``, clearing messages and the unsaved flag."""
        with self._filling():
            self._tender = tender
            for key, widget in self._same_fields():
                show_value(widget, getattr(tender, key))
            self.platform_edit.setText(tender.platform_url)
            self.cpv_edit.setText(", ".join(tender.cpv_codes))
            self.candidatures_edit.set_value(tender.candidatures_deadline)
            self.invitation_edit.set_value(tender.invitation_on)
            self.award_delay_spin.setValue(tender.award_delay_days or 0)
            self.visit_date_edit.set_value(tender.site_visit_at)
            self.validity_spin.setValue(tender.offer_validity_days or 0)
            self.page_limit_spin.setValue(tender.page_limit or 0)
            self.lots_editor.set_lots(tender.lots)
            self.criteria_editor.set_criteria(tender.criteria, tender.weight_unit)
        for edit in (self.title_edit, self.buyer_edit, self.reference_edit, self.platform_edit,
                     self.cpv_edit):
            edit.setCursorPosition(0)
        self._update_visit_date()
        self._update_phases()
        self._update_heading()
        self._show_warnings(tender)
        self._show_eligibility(tender)
        self.errors.clear_all()
        self.set_dirty(False)

    def set_stored_status(self, status: TenderStatus) -> None:
        """The stored status changed elsewhere (the « Résultat » tab): show it, and keep it
        when the form is saved, without marking the form as edited."""
        with self._filling():
            set_combo_value(self.status_combo, status)
        if self._tender is not None:
            self._tender = self._tender.model_copy(update={"status": status})

    def to_data(self) -> dict[str, Any]:
        """The form as a dict for ``TenderService.save`` (fields not shown are kept)."""
        data: dict[str, Any] = editable_dump(self._tender) if self._tender else {}
        data.update({key: field_value(widget) for key, widget in self._same_fields()})
        visit = self.visit_combo.currentData()
        data.update(
            platform_url=self.platform_edit.text().strip(),
            cpv_codes=[c.strip() for c in _CPV_SPLIT.split(self.cpv_edit.text()) if c.strip()],
            candidatures_deadline=self.candidatures_edit.value() if self.two_phase() else None,
            invitation_on=self.invitation_edit.value() if self.two_phase() else None,
            award_delay_days=self.award_delay_spin.value() or None,
            site_visit_at=self.visit_date_edit.value() if visit is not None else None,
            offer_validity_days=self.validity_spin.value() or None,
            page_limit=self.page_limit_spin.value() or None,
            lots=self.lots_editor.lots_data(),
            weight_unit=self.criteria_editor.unit(),
            criteria=self.criteria_editor.criteria_data(),
        )
        return data

    def show_errors(self, messages: dict[str, str]) -> QWidget | None:
        """Show each message under its field and focus the first invalid one.

        A message about one lot or one criterion (``lots.1.title``, ``criteria.0``) also
        selects that row, so the user sees which one to correct.
        """
        first = self.errors.show(messages)
        for path in messages:
            parts = path.split(".")
            if len(parts) > 1 and parts[1].isdigit():
                if parts[0] == "lots":
                    self.lots_editor.select_row(int(parts[1]))
                elif parts[0] == "criteria":
                    self.criteria_editor.select_criterion(int(parts[1]))
        self._reveal_error(self.scroll_area, first)
        return first
