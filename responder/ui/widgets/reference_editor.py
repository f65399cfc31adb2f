"""The form that edits every field of one reference (marché passé, impact, pièces jointes)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ...domain.common import InvalidInput, editable_dump
from ...domain.enums import BuyerKind, ReferenceRole
from ...domain.library import Reference, family_key
from ...fr import grouped, parse_amount
from ..theme import set_role
from . import make
from .combos import enum_combo, set_combo_value
from .dates import OptionalDateEdit
from .editor_parts import DirtyFormMixin, connect_edits, heading_label, save_footer
from .errors import ErrorLabel, FormErrors
from .forms import add_row, form_box, form_group, new_form, with_error
from .make import line_edit

_LIST_SPLIT = re.compile(r"[,;\n]")
CONFIDENTIAL_BANNER = (
    "Référence confidentielle : elle n'est jamais exportée en CSV, et elle est signalée "
    "quand elle est proposée pour une consultation."
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _count_spin(suffix: str, maximum: int = 10_000_000) -> QSpinBox:
    return make.spin_box(maximum, suffix=suffix, grouped=True)


def _label_and_button(label: QLabel, button: QPushButton) -> QWidget:
    """``label`` (taking the width left) followed by ``button``, on one line."""
    layout = make.row(label, button)
    layout.setStretchFactor(label, 1)
    return make.container(layout)


def _amount_text(value: Decimal | None) -> str:
    """The amount as shown in the field (« 45 000 »); never raises, even for a stored value
    out of today's bounds (an exception in ``load`` would make the reference unopenable)."""
    if value is None:
        return ""
    try:
        return grouped(value)
    except (ArithmeticError, ValueError, OverflowError):
        return str(value)


def _parse_amount_field(text: str) -> Decimal | str | None:
    """The typed amount for validation (text that is not a number is passed on unchanged).

    ``InvalidInput`` on ``amount_ht`` (French) if the text cannot even be read as a number.
    """
    try:
        return parse_amount(text)
    except (ArithmeticError, ValueError, OverflowError):
        raise InvalidInput(
            {"amount_ht": f"Montant « {text.strip()} » illisible : écrivez par exemple 45 000."}
        ) from None


def _text_area(placeholder: str, height: int = 70) -> QPlainTextEdit:
    # A few lines are enough here: the default height would make the form very long.
    return make.text_area(placeholder, height=height)


class ReferenceEditor(DirtyFormMixin, QWidget):
    """Edits one ``Reference``; the page saves it through ``LibraryService``.

    ``attach_requested`` / ``photo_requested`` ask the page to copy a file into the
    workspace (it owns the file chooser hook and the service).
    """

    save_requested = Signal()
    revert_requested = Signal()
    attach_requested = Signal()
    photo_requested = Signal()
    dirty_changed = Signal(bool)
    UNTITLED = "Référence sans titre"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reference: Reference | None = None
        self._dirty = False
        self._loading = False
        self.heading = heading_label()
        self.confidential_banner = QLabel(CONFIDENTIAL_BANNER)
        self.confidential_banner.setWordWrap(True)
        set_role(self.confidential_banner, "confidential-box")
        self.confidential_banner.hide()
        self.general_error = ErrorLabel()
        self.errors = FormErrors(self.general_error)

        self._lay_out_scrolled(
            [self.heading, self.confidential_banner, self.general_error,
             self._build_contract(), self._build_content(), self._build_impact(),
             self._build_classification(), self._build_proofs()],
            self._build_footer(),
        )
        self._connect_edits()

    # --- building ----------------------------------------------------------------------------
    def _build_contract(self) -> QGroupBox:
        self.title_edit = line_edit(placeholder="Par exemple : Entretien des espaces verts du parc")
        self.buyer_edit = line_edit(placeholder="Par exemple : Ville d'Alès")
        self.buyer_kind_combo = enum_combo(BuyerKind, "Non précisé")
        self.place_edit = line_edit(placeholder="Commune ou territoire")
        self.start_edit = OptionalDateEdit()
        self.end_edit = OptionalDateEdit()
        self.amount_edit = line_edit(placeholder="Par exemple : 45 000")
        self.role_combo = enum_combo(ReferenceRole)
        self.partners_edit = _text_area("Un partenaire par ligne (cotraitants, sous-traitants)",
                                        50)
        return form_group("Marché", self.errors, [
            ("&Titre :", self.title_edit, "title"),
            ("Achete&ur :", self.buyer_edit, "buyer_name"),
            ("Type d'ac&heteur :", self.buyer_kind_combo, "buyer_kind"),
            ("&Lieu :", self.place_edit, "place"),
            ("Date de &début :", self.start_edit, "start"),
            ("Date de &fin :", self.end_edit, "end",
             "Laissez vide si le marché est toujours en cours."),
            ("&Montant HT (€) :", self.amount_edit, "amount_ht",
             "Montant total hors taxes du marché, en euros."),
            ("&Rôle :", self.role_combo, "role"),
            ("&Partenaires :", self.partners_edit, "partners"),
        ], labels_above=True)

    def _build_content(self) -> QGroupBox:
        self.description_edit = _text_area("Ce qui a été fait, pour qui, avec quels résultats",
                                           130)
        self.tasks_edit = _text_area("Une tâche par ligne", 100)
        self.team_spin = _count_spin(" personnes", 100_000)
        self.team_spin.setSpecialValueText("non précisé")
        return form_group("Prestation", self.errors, [
            ("D&escription :", self.description_edit, "description"),
            ("T&âches :", self.tasks_edit, "tasks"),
            ("Effectif mo&bilisé :", self.team_spin, "team_size"),
        ], labels_above=True)

    def _build_impact(self) -> QGroupBox:
        self.hours_spin = _count_spin(" h")
        self.pathway_spin = _count_spin(" salariés")
        self.exits_spin = _count_spin(" sorties")
        self.disabled_spin = _count_spin(" travailleurs")
        self.environment_edit = _text_area(
            "Un chiffre par ligne, sous la forme « libellé : valeur »\n"
            "Par exemple : tonnes réemployées : 12",
            90,
        )
        return form_group("Impact social et environnemental", self.errors, [
            ("Heures d'&insertion :", self.hours_spin, "social_impact.insertion_hours"),
            ("Salariés en &parcours :", self.pathway_spin, "social_impact.people_in_pathway"),
            ("Sorties d&ynamiques :", self.exits_spin, "social_impact.positive_exits",
             "Emploi durable, emploi de transition ou formation qualifiante."),
            ("Travailleurs &handicapés mobilisés :", self.disabled_spin,
             "social_impact.disabled_workers"),
            ("Impact en&vironnemental :", self.environment_edit, "environmental_impact"),
        ], labels_above=True)

    def _build_classification(self) -> QGroupBox:
        form = new_form(labels_above=True)
        self.families_list = QListWidget()
        self.families_list.setMinimumHeight(110)
        self.other_families_edit = line_edit(
            placeholder="Autres familles, séparées par des virgules")
        self.cpv_edit = line_edit(placeholder="Par exemple : 77310000-6, 90910000")
        self.confidential_check = make.check_box("Référence confidentielle (jamais exportée)",
                                                 name="Référence confidentielle")
        e = self.errors
        add_row(form, "Familles d'ac&hat :", self.families_list, e, "families",
                tooltip="Cochez les familles d'achat de ce marché (Espace pour cocher).")
        self.other_families_edit.setAccessibleName("Autres familles d'achat")
        form.addRow(self.other_families_edit)
        add_row(form, "Codes &CPV :", self.cpv_edit, e, "cpv_codes",
                tooltip="Codes CPV du marché, séparés par des virgules.")
        box_conf, conf_error = with_error(self.confidential_check)
        form.addRow(box_conf)
        e.register("confidential", self.confidential_check, conf_error)
        return form_box("Classement", form)

    def _build_proofs(self) -> QGroupBox:
        form = new_form(labels_above=True)
        self.contact_edit = line_edit(placeholder="Nom, fonction, téléphone ou courriel")
        self.certificate_label = QLabel()
        self.certificate_label.setWordWrap(True)
        self.attach_button = QPushButton("Joindre l'attestation…")
        self.attach_button.setAccessibleName("Joindre l'attestation de bonne exécution")
        self.attach_button.setToolTip(
            "Copier l'attestation de bonne exécution (PDF, image…) dans l'espace de travail."
        )
        self.photos_label = QLabel()
        self.photo_button = QPushButton("Ajouter une photo…")
        self.photo_button.setAccessibleName("Ajouter une photo du chantier")
        e = self.errors
        add_row(form, "C&ontact chez l'acheteur :", self.contact_edit, e, "buyer_contact")
        add_row(form, "Attestation de bonne exécution :",
                _label_and_button(self.certificate_label, self.attach_button), e,
                "certificate_file", focus=self.attach_button)
        add_row(form, "Photos :", _label_and_button(self.photos_label, self.photo_button), e,
                "photos", focus=self.photo_button)
        return form_box("Preuves et contact", form)

    def _build_footer(self) -> QWidget:
        # Ctrl+S is scoped to the editor: the other pages have their own.
        footer = save_footer(self, "la référence", self.save_requested, self.revert_requested)
        self.attach_button.clicked.connect(self.attach_requested)
        self.photo_button.clicked.connect(self.photo_requested)
        return self._use_footer(footer)

    def _connect_edits(self) -> None:
        # « Autres familles » adds to the ticked families: it has no message of its own.
        connect_edits([*self.errors.fields(), (self.other_families_edit, "families")],
                      self._edited)
        self.title_edit.textChanged.connect(self._update_heading)
        self.confidential_check.toggled.connect(self.confidential_banner.setVisible)

    # --- state -----------------------------------------------------------------------------
    def reference(self) -> Reference | None:
        """The reference as last loaded (or saved)."""
        return self._reference

    # --- data ----------------------------------------------------------------------------------
    def load(self, ref: Reference, families: list[str]) -> None:
        """Show ``ref`` with ``families`` offered as check boxes; clears messages and flag."""
        with self._filling():
            self._reference = ref
            self.title_edit.setText(ref.title)
            self.buyer_edit.setText(ref.buyer_name)
            set_combo_value(self.buyer_kind_combo, ref.buyer_kind)
            self.place_edit.setText(ref.place)
            self.start_edit.set_value(ref.start)
            self.end_edit.set_value(ref.end)
            self.amount_edit.setText(_amount_text(ref.amount_ht))
            set_combo_value(self.role_combo, ref.role)
            self.partners_edit.setPlainText("\n".join(ref.partners))
            self.description_edit.setPlainText(ref.description)
            self.tasks_edit.setPlainText("\n".join(ref.tasks))
            self.team_spin.setValue(ref.team_size or 0)
            impact = ref.social_impact
            self.hours_spin.setValue(impact.insertion_hours)
            self.pathway_spin.setValue(impact.people_in_pathway)
            self.exits_spin.setValue(impact.positive_exits)
            self.disabled_spin.setValue(impact.disabled_workers)
            self.environment_edit.setPlainText(
                "\n".join(f"{k} : {v}" for k, v in ref.environmental_impact.items())
            )
            self._fill_families(families, ref.families)
            self.other_families_edit.clear()
            self.cpv_edit.setText(", ".join(ref.cpv_codes))
            self.confidential_check.setChecked(ref.confidential)
            self.contact_edit.setText(ref.buyer_contact)
            self.show_attachments(ref)
        for edit in (self.title_edit, self.buyer_edit, self.place_edit, self.cpv_edit):
            edit.setCursorPosition(0)
        self.confidential_banner.setVisible(ref.confidential)
        self._update_heading()
        self.errors.clear_all()
        self.set_dirty(False)

    def _fill_families(self, offered: list[str], chosen: list[str]) -> None:
        self.families_list.clear()
        chosen_keys = {family_key(f) for f in chosen}
        names = list(offered)
        offered_keys = {family_key(f) for f in offered}
        names += [f for f in chosen if family_key(f) not in offered_keys]
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = family_key(name) in chosen_keys
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.families_list.addItem(item)

    def show_attachments(self, ref: Reference) -> None:
        """Show the attestation and photos of ``ref`` (after a file was attached)."""
        if self._reference is not None and ref.id == self._reference.id:
            # keep the form's unsaved edits: only the attachment fields come from ``ref``
            self._reference = self._reference.model_copy(update={
                "certificate_file": ref.certificate_file,
                "certificate_name": ref.certificate_name,
                "photos": list(ref.photos),
                "row_version": ref.row_version,  # this page saved it: not a change elsewhere
            })
        if ref.certificate_file:
            self.certificate_label.setText(f"Jointe : {ref.certificate_name or 'attestation'}")
        else:
            self.certificate_label.setText("Aucune attestation jointe.")
        count = len(ref.photos)
        self.photos_label.setText(
            "Aucune photo." if count == 0 else f"{count} photo{'s' if count > 1 else ''}"
        )
        saved = ref.id is not None
        self.attach_button.setEnabled(saved)
        self.photo_button.setEnabled(saved)

    def checked_families(self) -> list[str]:
        """Families ticked in the list, then those typed in « Autres familles »."""
        ticked = [
            self.families_list.item(row).text()
            for row in range(self.families_list.count())
            if self.families_list.item(row).checkState() == Qt.CheckState.Checked
        ]
        typed = [f.strip() for f in self.other_families_edit.text().split(",") if f.strip()]
        return [*ticked, *typed]

    def to_data(self) -> dict[str, Any]:
        """The form as a dict for ``LibraryService.save_reference`` (hidden fields kept).

        Raises ``InvalidInput`` for an environmental figure line without « : ».
        """
        data: dict[str, Any] = editable_dump(self._reference) if self._reference else {}
        environment: dict[str, str] = {}
        for line in _lines(self.environment_edit.toPlainText()):
            name, sep, value = line.partition(":")
            if not sep or not name.strip():
                raise InvalidInput({
                    "environmental_impact": f"« {line} » : écrivez « libellé : valeur », "
                    "par exemple « tonnes réemployées : 12 »."
                })
            environment[name.strip()] = value.strip()
        data.update(
            title=self.title_edit.text().strip(),
            buyer_name=self.buyer_edit.text().strip(),
            buyer_kind=self.buyer_kind_combo.currentData(),
            place=self.place_edit.text().strip(),
            start=self.start_edit.value(),
            end=self.end_edit.value(),
            amount_ht=_parse_amount_field(self.amount_edit.text()),
            role=self.role_combo.currentData(),
            partners=_lines(self.partners_edit.toPlainText()),
            description=self.description_edit.toPlainText().strip(),
            tasks=_lines(self.tasks_edit.toPlainText()),
            team_size=self.team_spin.value() or None,
            social_impact={
                "insertion_hours": self.hours_spin.value(),
                "people_in_pathway": self.pathway_spin.value(),
                "positive_exits": self.exits_spin.value(),
                "disabled_workers": self.disabled_spin.value(),
            },
            environmental_impact=environment,
            families=self.checked_families(),
            cpv_codes=[c.strip() for c in _LIST_SPLIT.split(self.cpv_edit.text()) if c.strip()],
            buyer_contact=self.contact_edit.text().strip(),
            confidential=self.confidential_check.isChecked(),
        )
        return data

    def show_errors(self, messages: dict[str, str]) -> QWidget | None:
        """Show each message under its field and focus the first invalid one."""
        first = self.errors.show(messages)
        self._reveal_error(self.scroll_area, first)
        return first
