"""« Relire l'import du RC »: every extracted field, where it was found, editable before saving.

The dialog shows, for each field of the consultation, the value read in the règlement de
consultation with the page and the sentence it came from; fields not found stay visibly empty
(« Non trouvé dans le RC »). The user corrects in place, chooses to create a new dossier or
update an existing one (the list of changes is shown), then confirms.

Testable without ``exec()``: build it, fill its widgets, call ``apply()`` (what the confirm
button does); it returns the saved ``Tender`` or ``None`` with the messages shown inline.
The rules (field names, lots and criteria read from the extraction) are in
``responder.services.rc_review``.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from ... import fr
from ...domain.common import InvalidInput
from ...domain.tender import Tender
from ...services import rc_review as rules
from ...services.catalogue import load_catalogue
from ...services.rc_import import ImportPlan, RcImportService, rc_notes
from ...storage.db import WorkspaceError
from ..screen_fit import fit_to_screen
from ..theme import COLOURS, set_role
from ..widgets.combos import combo_value, enum_combo, set_combo_value
from ..widgets.criteria_editor import CriteriaEditor
from ..widgets.dates import OptionalDateTimeEdit
from ..widgets.errors import ErrorLabel
from ..widgets.lots_editor import LotsEditor
from ..widgets.make import button, column, label, row

NOT_FOUND = "Non trouvé dans le RC : à compléter si besoin."
#: The theme role of an editor whose value was not found.
NOT_FOUND_ROLE = "not-found-field"
#: Values completed by a rule (a year from the weekday, a deadline counted back) or read
#: where such a value usually stands: the user checks them first.
INFERRED = "Déduit, à vérifier en priorité"
INFERRED_ROLE = "inferred-field"
NEW_TARGET = "Créer une nouvelle consultation"
_NONE = "— non trouvé —"
INTRO = (
    "Responder a lu « {source} ». Vérifiez chaque valeur à côté de la phrase d'où elle vient, "
    "corrigez-la si besoin, puis confirmez. Les champs <b>surlignés en jaune</b> n'ont pas été "
    "trouvés ; ceux <b>surlignés en orange</b> ont été déduits (année tirée du jour de la "
    "semaine, date comptée à rebours…) : vérifiez-les en premier."
)


def _span(colour: str, html: str, tag: str = "span") -> str:
    return f"<{tag} style='color:{COLOURS[colour]}'>{html}</{tag}>"


def _flag(editor: QWidget, role: str) -> None:
    """Tint an editor (a date field: its check box and its date too)."""
    set_role(editor, role)
    if isinstance(editor, OptionalDateTimeEdit):
        set_role(editor.check, role)
        set_role(editor.editor, role)


def _top_label(widget: QLabel) -> QLabel:
    """Top-left aligned, level with the text of the editor beside it."""
    widget.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    widget.setContentsMargins(0, 4, 0, 0)
    return widget


class RcReviewDialog(QDialog):
    """Review and correct an extraction, then create or update the dossier."""

    def __init__(
        self,
        extracted: dict[str, Any],
        service: RcImportService,
        structure_id: int | None,
        targets: list[tuple[int, str]] | None = None,
        target_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.extracted = extracted
        self.service = service
        self.structure_id = structure_id
        self.saved: Tender | None = None
        self.setWindowTitle(f"Importer le règlement de consultation — {extracted['source']}")
        self.setAccessibleName("Relecture de l'import du règlement de consultation")
        # Preferred 1180 × 780, shrunk to the screen's available area (resizable).
        self.setSizeGripEnabled(True)
        fit_to_screen(self, QSize(1180, 780), margin=8)
        self._evidence = extracted.get("evidence", {})
        self._not_found: dict[str, QWidget] = {}
        self._inferred: dict[str, QWidget] = {}
        self._diff_timer = QTimer(self)
        self._diff_timer.setSingleShot(True)
        self._diff_timer.setInterval(150)
        self._diff_timer.timeout.connect(self.refresh_diff)
        self.error_label = ErrorLabel()
        layout = column(label(INTRO.format(source=escape(str(extracted["source"]))), rich=True),
                        self._build_target(targets or [], target_id), parent=self)
        layout.addWidget(self._build_form(), 1)
        layout.addWidget(self._build_diff())
        layout.addWidget(self.error_label)
        layout.addWidget(self._build_buttons())
        self.target_combo.currentIndexChanged.connect(self._on_target_changed)
        self._on_target_changed()

    # --- building ----------------------------------------------------------------------
    def _build_target(self, targets: list[tuple[int, str]], target_id: int | None
                      ) -> QHBoxLayout:
        self.target_combo = QComboBox()
        self.target_combo.setAccessibleName("Dossier à créer ou à mettre à jour")
        self.target_combo.setToolTip("Créer une nouvelle consultation, ou mettre à jour une "
                                     "consultation existante avec ce RC.")
        self.target_combo.addItem(NEW_TARGET, None)
        for tid, title in targets:
            self.target_combo.addItem(f"Mettre à jour : {title}", tid)
        set_combo_value(self.target_combo, target_id)
        target_label = QLabel("&Dossier :")
        target_label.setBuddy(self.target_combo)
        target = row(target_label, self.target_combo, margins=True)
        target.setStretchFactor(self.target_combo, 1)
        return target

    def _build_form(self) -> QScrollArea:
        form = QWidget()
        self.grid = QGridLayout(form)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 2)
        self.grid.setHorizontalSpacing(14)
        for col, text in enumerate(("Champ", "Valeur (modifiable)", "Trouvé dans le RC")):
            self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, col)
        self._row = 1
        self._build_fields()
        self.fields_scroll = QScrollArea()
        self.fields_scroll.setWidgetResizable(True)
        self.fields_scroll.setWidget(form)
        self.fields_scroll.setAccessibleName("Champs extraits du règlement de consultation")
        return self.fields_scroll

    def _build_diff(self) -> QScrollArea:
        self.diff_label = label(rich=True, role="panel",
                                name="Modifications qui seront enregistrées")
        self.diff_label.setMaximumHeight(150)
        diff_scroll = QScrollArea()
        diff_scroll.setWidgetResizable(True)
        diff_scroll.setWidget(self.diff_label)
        diff_scroll.setMaximumHeight(130)
        diff_scroll.setAccessibleName("Modifications qui seront enregistrées")
        return diff_scroll

    def _build_buttons(self) -> QDialogButtonBox:
        self.buttons = QDialogButtonBox()
        self.ok_button = button("Créer le dossier", name="Confirmer l'import", default=True,
                                clicked=self.apply)
        self.cancel_button = button("Annuler", name="Annuler l'import", clicked=self.reject)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        return self.buttons

    def _evidence_text(self, key: str, editor: QWidget, found: bool) -> str:
        """The « Trouvé dans le RC » cell; flags the editor as inferred or not found."""
        where = self._evidence.get(key)
        if not (where and found):
            self._not_found[key] = editor
            if isinstance(editor, (QLineEdit, QComboBox, QSpinBox)):
                _flag(editor, NOT_FOUND_ROLE)
            return _span("not_found", NOT_FOUND)
        text = (_span("text_muted", f"p. {where['page']} — ")
                + f"<i>« {escape(where['text'])} »</i>")
        if where.get("confidence") in ("inferred", "guess"):
            self._inferred[key] = editor
            if isinstance(editor, (QLineEdit, QComboBox, QSpinBox, OptionalDateTimeEdit)):
                _flag(editor, INFERRED_ROLE)
            return _span("inferred", f"{INFERRED} :", "b") + " " + text
        return text

    def _add_row(self, key: str, editor: QWidget, found: bool, title: str = "") -> None:
        title = title or rules.LABELS[key]
        name = _top_label(QLabel(title))
        name.setBuddy(editor)
        evidence = _top_label(label(self._evidence_text(key, editor, found), rich=True,
                                    selectable=True, name=f"Source : {title}"))
        evidence.setMinimumWidth(260)
        self.grid.addWidget(name, self._row, 0)
        # Top-aligned: beside a long quotation the editor stays level with its label.
        self.grid.addWidget(editor, self._row, 1, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(evidence, self._row, 2)
        setattr(self, f"evidence_{key}", evidence)
        self._row += 1

    def _line(self, key: str) -> QLineEdit:
        edit = QLineEdit(str(self.extracted.get(key) or ""))
        edit.setAccessibleName(rules.LABELS[key])
        edit.textChanged.connect(self._changed)
        self._add_row(key, edit, bool(self.extracted.get(key)))
        return edit

    def _enum(self, key: str) -> QComboBox:
        values = rules.RC_ENUMS[key]
        combo = enum_combo(values, _NONE)
        combo.setAccessibleName(rules.LABELS[key])
        value = self.extracted.get(key)
        if isinstance(value, list):
            value = rules.first_article(value)
        set_combo_value(combo, values(value) if value else None)
        combo.currentIndexChanged.connect(self._changed)
        self._add_row(key, combo, bool(value))
        return combo

    def _date(self, key: str) -> OptionalDateTimeEdit:
        edit = OptionalDateTimeEdit()
        edit.setAccessibleName(rules.LABELS[key])
        edit.set_value(rules.parse_datetime(self.extracted.get(key)))
        edit.changed.connect(self._changed)
        self._add_row(key, edit, bool(self.extracted.get(key)))
        return edit

    def _build_fields(self) -> None:
        self.object_edit = self._line("object")
        self.buyer_edit = self._line("buyer")
        self.reference_edit = self._line("reference")
        self.procedure_combo = self._enum("procedure")
        self.market_combo = self._enum("market_type")
        self.deadline_edit = self._date("deadline")
        self.candidatures_edit = self._date("candidatures_deadline")
        self.questions_edit = self._date("questions_deadline")
        self._build_validity()
        self.reserved_combo = self._enum("reserved")
        self.visit_combo = self._enum("site_visit")
        self.variants_combo = self._enum("variants")
        self.groupement_combo = self._enum("groupement_form")
        self._build_lots_and_criteria()
        self._build_documents()
        self._build_notes()

    def _build_validity(self) -> None:
        days = self.extracted.get("offer_validity_days")
        self.validity_spin = QSpinBox()
        self.validity_spin.setRange(0, 730)
        self.validity_spin.setSpecialValueText(_NONE)
        self.validity_spin.setSuffix(" jours")
        self.validity_spin.setValue(int(days or 0))
        self.validity_spin.setAccessibleName("Validité des offres (jours)")
        self.validity_spin.valueChanged.connect(self._changed)
        self._add_row("offer_validity_days", self.validity_spin, bool(days))

    def _build_lots_and_criteria(self) -> None:
        self.lots_editor = LotsEditor()
        self.lots_editor.set_lots(rules.lots_of(self.extracted))
        self.lots_editor.changed.connect(self._changed)
        self.lots_editor.setMinimumHeight(150)
        self._add_row("lots", self.lots_editor, bool(self.extracted.get("lots")))
        self.criteria_editor = CriteriaEditor()
        self.criteria_editor.set_criteria(*rules.criteria_of(self.extracted))
        self.criteria_editor.changed.connect(self._changed)
        self.criteria_editor.setMinimumHeight(190)
        self._add_row("criteria", self.criteria_editor, bool(self.extracted.get("criteria")))

    def _build_documents(self) -> None:
        self.documents_list = QListWidget()
        self.documents_list.setAccessibleName("Pièces demandées par le RC")
        self.documents_list.setToolTip("Cochez les pièces que le RC demande : elles seront "
                                       "ajoutées à la liste des pièces du dossier.")
        self.documents_list.setMinimumHeight(170)
        wanted = set(self.extracted.get("documents") or [])
        for req in load_catalogue().requirements:
            item = QListWidgetItem(req.label)
            item.setData(Qt.ItemDataRole.UserRole, req.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if req.key in wanted
                               else Qt.CheckState.Unchecked)
            self.documents_list.addItem(item)
        self.documents_list.itemChanged.connect(self._changed)
        self._add_row("documents", self.documents_list, bool(wanted))

    def _build_notes(self) -> None:
        notes = rc_notes(self.extracted)
        self.other_label = label("<br>".join(escape(n, quote=False) for n in notes) or "—",
                                 rich=True,
                                 name="Autres informations du RC (ajoutées aux notes)")
        self.other_label.setToolTip("Ces informations seront ajoutées aux notes du dossier.")
        self._add_row(rules.notes_key(self.extracted), self.other_label, bool(notes),
                      rules.LABELS["notes"])

    # --- reading back -----------------------------------------------------------------
    def _checked_documents(self) -> list[str]:
        items = (self.documents_list.item(i) for i in range(self.documents_list.count()))
        return [str(item.data(Qt.ItemDataRole.UserRole)) for item in items
                if item.checkState() == Qt.CheckState.Checked]

    def edited(self) -> dict[str, Any]:
        """The extraction as corrected by the user (same shape as ``extract_rc``)."""

        def enum(combo: QComboBox) -> str | None:
            value = combo_value(combo)
            return str(value) if value is not None else None

        def iso(edit: OptionalDateTimeEdit) -> str | None:
            value: datetime | None = edit.value()
            return fr.datetime_iso_minutes(value)

        return {
            "source": self.extracted.get("source"),
            "buyer": self.buyer_edit.text().strip() or None,
            "reference": self.reference_edit.text().strip() or None,
            "object": self.object_edit.text().strip() or None,
            "procedure": enum(self.procedure_combo),
            "market_type": enum(self.market_combo),
            "deadline": iso(self.deadline_edit),
            "questions_deadline": iso(self.questions_edit),
            "candidatures_deadline": iso(self.candidatures_edit),
            "offer_validity_days": self.validity_spin.value() or None,
            "reserved": rules.market_reservation(self.extracted.get("reserved"),
                                                 enum(self.reserved_combo)),
            "lots": rules.lots_back(self.lots_editor.lots_data()),
            "criteria": rules.criteria_back(self.criteria_editor.criteria_data()),
            "site_visit": enum(self.visit_combo),
            "variants": enum(self.variants_combo),
            "groupement_form": enum(self.groupement_combo),
            "documents": self._checked_documents(),
            "evidence": self._evidence,
            **{name: self.extracted.get(name) for name in rules.NOTE_KEYS},
        }

    def target_id(self) -> int | None:
        """The dossier to update, or ``None`` to create one."""
        value = self.target_combo.currentData()
        return int(value) if value is not None else None

    def plan(self) -> ImportPlan:
        """What confirming would save (never writes)."""
        return self.service.plan(self.edited(), self.target_id())

    # --- behaviour ----------------------------------------------------------------------
    def _changed(self, *_args: object) -> None:
        self.error_label.clear_message()
        self._diff_timer.start()

    def _on_target_changed(self) -> None:
        updating = self.target_id() is not None
        self.ok_button.setText("Mettre à jour le dossier" if updating else "Créer le dossier")
        self.refresh_diff()

    def refresh_diff(self) -> None:
        """Show the changes the import would make (the whole dossier when creating)."""
        try:
            plan = self.plan()
        except (InvalidInput, WorkspaceError) as exc:
            self.diff_label.setText(escape(str(exc)))
            return
        updating = self.target_id() is not None
        if updating and not plan.changes:
            lines = ["<b>Aucune modification</b> : le dossier correspond déjà à ce RC."]
        else:
            head = ("Modifications du dossier :" if updating
                    else "Le nouveau dossier contiendra :")
            lines = [f"<b>{head}</b>"]
            for change in plan.changes:
                if updating:
                    lines.append(f"• {escape(change.label)} : <s>{escape(change.before)}</s> "
                                 f"→ <b>{escape(change.after)}</b>")
                else:
                    lines.append(f"• {escape(change.label)} : {escape(change.after)}")
        lines += [_span("not_found", f"⚠ {escape(warning)}") for warning in plan.warnings]
        self.diff_label.setText("<br>".join(lines))

    def apply(self) -> Tender | None:
        """Save (create or update) and close; on refusal show the French messages inline."""
        try:
            plan = self.plan()
            self.saved = self.service.apply(plan, self.structure_id)
        except (InvalidInput, WorkspaceError) as exc:
            messages = getattr(exc, "messages", None) or {"": str(exc)}
            self.error_label.show_message(rules.refusal_text(messages))
            return None
        self.accept()
        return self.saved
