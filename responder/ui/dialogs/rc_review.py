"""« Relire l'import du RC »: every extracted field, where it was found, editable before saving.

The dialog shows, for each field of the consultation, the value read in the règlement de
consultation with the page and the sentence it came from; fields not found stay visibly empty
(« Non trouvé dans le RC »). The user corrects in place, chooses to create a new dossier or
update an existing one (the list of changes is shown), then confirms.

Testable without ``exec()``: build it, fill its widgets, call ``apply()`` (what the confirm
button does); it returns the saved ``Tender`` or ``None`` with the messages shown inline.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
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
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import InvalidInput
from ...domain.enums import (
    GroupementForm,
    MarketType,
    Procedure,
    Reservation,
    SiteVisit,
    Variants,
    WeightUnit,
)
from ...domain.tender import Criterion, Lot, Tender, known_reservations
from ...services.catalogue import load_catalogue
from ...services.rc_import import ImportPlan, RcImportService, rc_notes
from ...storage.db import WorkspaceError
from ..screen_fit import fit_to_screen
from ..widgets.combos import combo_value, enum_combo, set_combo_value
from ..widgets.criteria_editor import CriteriaEditor
from ..widgets.dates import OptionalDateTimeEdit
from ..widgets.errors import ErrorLabel
from ..widgets.lots_editor import LotsEditor

NOT_FOUND = "Non trouvé dans le RC : à compléter si besoin."
NOT_FOUND_STYLE = "background-color: #fff4ce;"
#: Values completed by a rule (a year from the weekday, a deadline counted back) or read
#: where such a value usually stands: the user checks them first.
INFERRED = "Déduit, à vérifier en priorité"
INFERRED_STYLE = "background-color: #ffe3d6;"


def _first_article(value: Any) -> str | None:
    """The first known article of a list: the one the market-level combo shows."""
    return next(iter(known_reservations(value)), None)


NEW_TARGET = "Créer une nouvelle consultation"
_NONE = "— non trouvé —"


def _parse_dt(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


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

        intro = QLabel(
            f"Responder a lu « {escape(str(extracted['source']))} ». Vérifiez chaque valeur à "
            "côté de la phrase d'où elle vient, corrigez-la si besoin, puis confirmez. Les "
            "champs <b>surlignés en jaune</b> n'ont pas été trouvés ; ceux <b>surlignés en "
            "orange</b> ont été déduits (année tirée du jour de la semaine, date comptée à "
            "rebours…) : vérifiez-les en premier."
        )
        intro.setWordWrap(True)
        self.target_combo = QComboBox()
        self.target_combo.setAccessibleName("Dossier à créer ou à mettre à jour")
        self.target_combo.setToolTip("Créer une nouvelle consultation, ou mettre à jour une "
                                     "consultation existante avec ce RC.")
        self.target_combo.addItem(NEW_TARGET, None)
        for tid, title in targets or []:
            self.target_combo.addItem(f"Mettre à jour : {title}", tid)
        set_combo_value(self.target_combo, target_id)
        target_label = QLabel("&Dossier :")
        target_label.setBuddy(self.target_combo)
        target_row = QHBoxLayout()
        target_row.addWidget(target_label)
        target_row.addWidget(self.target_combo, 1)

        form = QWidget()
        self.grid = QGridLayout(form)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 2)
        self.grid.setHorizontalSpacing(14)
        for column, text in enumerate(("Champ", "Valeur (modifiable)", "Trouvé dans le RC")):
            head = QLabel(f"<b>{text}</b>")
            self.grid.addWidget(head, 0, column)
        self._row = 1
        self._build_fields()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form)
        scroll.setAccessibleName("Champs extraits du règlement de consultation")
        self.fields_scroll = scroll

        self.diff_label = QLabel()
        self.diff_label.setWordWrap(True)
        self.diff_label.setTextFormat(Qt.TextFormat.RichText)
        self.diff_label.setAccessibleName("Modifications qui seront enregistrées")
        self.diff_label.setStyleSheet("padding: 6px; background: #f3f5f8; border-radius: 4px;")
        self.diff_label.setMaximumHeight(150)
        diff_scroll = QScrollArea()
        diff_scroll.setWidgetResizable(True)
        diff_scroll.setWidget(self.diff_label)
        diff_scroll.setMaximumHeight(130)
        diff_scroll.setAccessibleName("Modifications qui seront enregistrées")
        self.error_label = ErrorLabel()

        self.buttons = QDialogButtonBox()
        self.ok_button = QPushButton("Créer le dossier")
        self.ok_button.setAccessibleName("Confirmer l'import")
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton("Annuler")
        self.cancel_button.setAccessibleName("Annuler l'import")
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(target_row)
        layout.addWidget(scroll, 1)
        layout.addWidget(diff_scroll)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.target_combo.currentIndexChanged.connect(self._on_target_changed)
        self._on_target_changed()

    # --- building ----------------------------------------------------------------------
    def _add_row(self, key: str, title: str, editor: QWidget, found: bool) -> None:
        name = QLabel(title)
        name.setBuddy(editor)
        name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        name.setContentsMargins(0, 4, 0, 0)  # level with the text of the editor beside it
        where = self._evidence.get(key)
        if where and found:
            text = (f"<span style='color:#555'>p. {where['page']} — </span>"
                    f"<i>« {escape(where['text'])} »</i>")
            if where.get("confidence") in ("inferred", "guess"):
                text = f"<b style='color:#a33a00'>{INFERRED} :</b> " + text
                self._inferred[key] = editor
                if isinstance(editor, (QLineEdit, QComboBox, QSpinBox, OptionalDateTimeEdit)):
                    editor.setStyleSheet(INFERRED_STYLE)
        else:
            text = f"<span style='color:#8a5a00'>{NOT_FOUND}</span>"
            self._not_found[key] = editor
            if isinstance(editor, (QLineEdit, QComboBox, QSpinBox)):
                editor.setStyleSheet(NOT_FOUND_STYLE)
        evidence = QLabel(text)
        evidence.setWordWrap(True)
        evidence.setTextFormat(Qt.TextFormat.RichText)
        evidence.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        evidence.setContentsMargins(0, 4, 0, 0)
        evidence.setAccessibleName(f"Source : {title}")
        evidence.setMinimumWidth(260)
        self.grid.addWidget(name, self._row, 0)
        # Top-aligned: beside a long quotation the editor stays level with its label.
        self.grid.addWidget(editor, self._row, 1, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(evidence, self._row, 2)
        setattr(self, f"evidence_{key}", evidence)
        self._row += 1

    def _line(self, key: str, title: str) -> QLineEdit:
        edit = QLineEdit(str(self.extracted.get(key) or ""))
        edit.setAccessibleName(title)
        edit.textChanged.connect(self._changed)
        self._add_row(key, title, edit, bool(self.extracted.get(key)))
        return edit

    def _enum(self, key: str, title: str, values: Any) -> QComboBox:
        combo = enum_combo(values, _NONE)
        combo.setAccessibleName(title)
        value = self.extracted.get(key)
        if isinstance(value, list):
            value = _first_article(value)
        set_combo_value(combo, values(value) if value else None)
        combo.currentIndexChanged.connect(self._changed)
        self._add_row(key, title, combo, bool(value))
        return combo

    def _date(self, key: str, title: str) -> OptionalDateTimeEdit:
        edit = OptionalDateTimeEdit()
        edit.setAccessibleName(title)
        edit.set_value(_parse_dt(self.extracted.get(key)))
        edit.changed.connect(self._changed)
        self._add_row(key, title, edit, bool(self.extracted.get(key)))
        return edit

    def _build_fields(self) -> None:
        ex = self.extracted
        self.object_edit = self._line("object", "Objet")
        self.buyer_edit = self._line("buyer", "Acheteur")
        self.reference_edit = self._line("reference", "Référence")
        self.procedure_combo = self._enum("procedure", "Procédure", Procedure)
        self.market_combo = self._enum("market_type", "Type de marché", MarketType)
        self.deadline_edit = self._date("deadline", "Date limite de remise des offres")
        self.candidatures_edit = self._date(
            "candidatures_deadline", "Date limite des candidatures")
        self.questions_edit = self._date("questions_deadline", "Date limite des questions")
        self.validity_spin = QSpinBox()
        self.validity_spin.setRange(0, 730)
        self.validity_spin.setSpecialValueText(_NONE)
        self.validity_spin.setSuffix(" jours")
        self.validity_spin.setValue(int(ex.get("offer_validity_days") or 0))
        self.validity_spin.setAccessibleName("Validité des offres (jours)")
        self.validity_spin.valueChanged.connect(self._changed)
        self._add_row("offer_validity_days", "Validité des offres", self.validity_spin,
                      bool(ex.get("offer_validity_days")))
        self.reserved_combo = self._enum("reserved", "Marché réservé (tout le marché)",
                                         Reservation)
        self.visit_combo = self._enum("site_visit", "Visite", SiteVisit)
        self.variants_combo = self._enum("variants", "Variantes", Variants)
        self.groupement_combo = self._enum("groupement_form", "Forme du groupement",
                                           GroupementForm)
        self.lots_editor = LotsEditor()
        self.lots_editor.set_lots(self._lots())
        self.lots_editor.changed.connect(self._changed)
        self.lots_editor.setMinimumHeight(150)
        self._add_row("lots", "Lots", self.lots_editor, bool(ex.get("lots")))
        self.criteria_editor = CriteriaEditor()
        criteria, unit = self._criteria()
        self.criteria_editor.set_criteria(criteria, unit)
        self.criteria_editor.changed.connect(self._changed)
        self.criteria_editor.setMinimumHeight(190)
        self._add_row("criteria", "Critères", self.criteria_editor, bool(ex.get("criteria")))
        self.documents_list = QListWidget()
        self.documents_list.setAccessibleName("Pièces demandées par le RC")
        self.documents_list.setToolTip("Cochez les pièces que le RC demande : elles seront "
                                       "ajoutées à la liste des pièces du dossier.")
        self.documents_list.setMinimumHeight(170)
        wanted = set(ex.get("documents") or [])
        for req in load_catalogue().requirements:
            item = QListWidgetItem(req.label)
            item.setData(Qt.ItemDataRole.UserRole, req.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if req.key in wanted
                               else Qt.CheckState.Unchecked)
            self.documents_list.addItem(item)
        self.documents_list.itemChanged.connect(self._changed)
        self._add_row("documents", "Pièces demandées", self.documents_list, bool(wanted))
        notes = rc_notes(ex)
        self.other_label = QLabel("<br>".join(escape(n, quote=False) for n in notes) or "—")
        self.other_label.setWordWrap(True)
        self.other_label.setTextFormat(Qt.TextFormat.RichText)
        self.other_label.setAccessibleName("Autres informations du RC (ajoutées aux notes)")
        self.other_label.setToolTip("Ces informations seront ajoutées aux notes du dossier.")
        key = next((k for k in ("meeting", "pse", "tranches", "timezone", "invitation_on")
                    if ex.get(k)), "meeting")
        self._add_row(key, "Autres informations (notes)", self.other_label, bool(notes))

    def _lots(self) -> list[Lot]:
        lots = []
        for lot in self.extracted.get("lots") or []:
            try:
                lots.append(Lot(number=lot["number"], title=lot["title"],
                                reserved=known_reservations(lot.get("reserved"))))
            except ValueError:
                continue  # an unreadable lot is left for the user to add by hand
        return lots

    def _criteria(self) -> tuple[list[Criterion], WeightUnit]:
        raw = self.extracted.get("criteria") or []
        out = []
        for crit in raw:
            try:
                subs = [Criterion(name=s["name"], weight=Decimal(str(s["weight"])))
                        for s in crit.get("subcriteria") or []]
                out.append(Criterion(name=crit["name"], weight=Decimal(str(crit["weight"])),
                                     sub_criteria=subs))
            except ValueError:
                # Sub-criteria that do not add up: keep the criterion, the user fixes the rest.
                try:
                    out.append(Criterion(name=crit["name"],
                                         weight=Decimal(str(crit["weight"]))))
                except ValueError:
                    continue
        total = sum((c.weight for c in out), Decimal(0))
        unit = WeightUnit.PERCENT if not out or total == 100 else WeightUnit.POINTS
        return out, unit

    # --- reading back -----------------------------------------------------------------
    def edited(self) -> dict[str, Any]:
        """The extraction as corrected by the user (same shape as ``extract_rc``)."""

        def enum(combo: QComboBox) -> str | None:
            value = combo_value(combo)
            return str(value) if value is not None else None

        def iso(value: datetime | None) -> str | None:
            return value.strftime("%Y-%m-%dT%H:%M") if value else None

        documents = []
        for row in range(self.documents_list.count()):
            item = self.documents_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                documents.append(str(item.data(Qt.ItemDataRole.UserRole)))
        lots = [
            {"number": lot["number"], "title": lot["title"],
             "reserved": [str(r) for r in lot.get("reserved") or []] or None}
            for lot in self.lots_editor.lots_data()
        ]
        criteria = [
            {"name": c["name"], "weight": c["weight"],
             "subcriteria": [{"name": s["name"], "weight": s["weight"]}
                             for s in c.get("sub_criteria", [])]}
            for c in self.criteria_editor.criteria_data()
        ]
        return {
            "source": self.extracted.get("source"),
            "buyer": self.buyer_edit.text().strip() or None,
            "reference": self.reference_edit.text().strip() or None,
            "object": self.object_edit.text().strip() or None,
            "procedure": enum(self.procedure_combo),
            "market_type": enum(self.market_combo),
            "deadline": iso(self.deadline_edit.value()),
            "questions_deadline": iso(self.questions_edit.value()),
            "candidatures_deadline": iso(self.candidatures_edit.value()),
            "offer_validity_days": self.validity_spin.value() or None,
            "reserved": self._market_reservation(enum(self.reserved_combo)),
            "lots": lots,
            "criteria": criteria,
            "site_visit": enum(self.visit_combo),
            "variants": enum(self.variants_combo),
            "groupement_form": enum(self.groupement_combo),
            "documents": documents,
            "evidence": self._evidence,
            **{name: self.extracted.get(name) for name in (
                "invitation_on", "timezone", "meeting", "pse", "tranches")},
        }

    def _market_reservation(self, chosen: str | None) -> list[str]:
        """The market's reservation articles: all those of the RC (a joint L2113-12 +
        L2113-13 reservation, L2113-14) while the user keeps the one the combo shows."""
        found = known_reservations(self.extracted.get("reserved"))
        if chosen and found and chosen == found[0]:
            return found
        return [chosen] if chosen else []

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
        for warning in plan.warnings:
            lines.append(f"<span style='color:#8a5a00'>⚠ {escape(warning)}</span>")
        self.diff_label.setText("<br>".join(lines))

    def apply(self) -> Tender | None:
        """Save (create or update) and close; on refusal show the French messages inline."""
        try:
            plan = self.plan()
            self.saved = self.service.apply(plan, self.structure_id)
        except (InvalidInput, WorkspaceError) as exc:
            messages = getattr(exc, "messages", None) or {"": str(exc)}
            self.error_label.show_message(
                "Rien n'a été enregistré : " + " ".join(
                    f"{_FIELD_NAMES.get(k.split('.')[0], k)} : {v}" if k else v
                    for k, v in messages.items()
                )
            )
            return None
        self.accept()
        return self.saved


#: Field paths of the tender named as the user sees them in this dialog.
_FIELD_NAMES = {
    "title": "Objet", "buyer": "Acheteur", "reference": "Référence",
    "deadline": "Date limite", "questions_deadline": "Date limite des questions",
    "offer_validity_days": "Validité des offres", "lots": "Lots", "criteria": "Critères",
    "structure_id": "Structure",
}
