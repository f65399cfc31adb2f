"""First launch: « Découvrir avec un exemple » or « Commencer avec ma structure » (a short
guided form), then « Importer un RC » or « Nouvelle consultation ».

The page only collects choices; ``WorkspaceHost`` creates and opens the workspaces. Signals:
``demo_chosen()``, ``structure_ready(dict)`` (the validated structure data) and
``next_chosen(str)`` (``"import_rc"`` or ``"new_tender"``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QCommandLinkButton,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import EssStatus, label
from .theme import set_role

WELCOME_TITLE = "Bienvenue dans Responder"
INTRO = (
    "Responder vous accompagne pour répondre à un marché public, pas à pas : lire la "
    "consultation, décider d'y aller, réunir les pièces, écrire le mémoire technique, tenir "
    "les délais. Tout reste sur votre ordinateur."
)
STATUS_HELP: dict[EssStatus, str] = {
    EssStatus.ASSOCIATION_1901: "déclarée en préfecture (statuts, récépissé, numéro RNA)",
    EssStatus.ESAT: "autorisation de l'ARS",
    EssStatus.EA: "contrat (CPOM) avec la DREETS",
    EssStatus.ACI: "conventionnement IAE de la DDETS",
    EssStatus.AI: "conventionnement IAE de la DDETS",
    EssStatus.EI: "conventionnement IAE de la DDETS",
    EssStatus.ETTI: "conventionnement IAE de la DDETS",
    EssStatus.SCIC: "statuts de la coopérative",
    EssStatus.SCOP: "statuts de la coopérative",
    EssStatus.ESUS: "agrément de la préfecture, 5 ans",
}


def _big_button(text: str, detail: str) -> QCommandLinkButton:
    button = QCommandLinkButton(text, detail.replace("\n", " "))
    button.setAccessibleName(text)
    button.setAccessibleDescription(detail)
    font = button.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    button.setFont(font)
    return button


class WelcomePage(QWidget):
    """The three screens of the first launch, in a stack."""

    demo_chosen = Signal()
    structure_ready = Signal(object)
    next_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Accueil")
        self.setWindowTitle(f"{WELCOME_TITLE}")
        self.stack = QStackedWidget()
        self.stack.addWidget(self._choice_screen())
        self.stack.addWidget(self._structure_screen())
        self.stack.addWidget(self._next_screen())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.addWidget(self.stack)

    # --- screens -----------------------------------------------------------------------------
    def _heading(self, text: str) -> QLabel:
        heading = QLabel(text)
        set_role(heading, "big-title")
        heading.setWordWrap(True)
        return heading

    def _choice_screen(self) -> QWidget:
        screen = QWidget()
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        set_role(intro, "lead")
        self.demo_button = _big_button(
            "Découvrir avec un exemple",
            "Une association fictive et trois consultations, dans un espace à part :\n"
            "rien ne se mélange avec vos données.",
        )
        self.own_button = _big_button(
            "Commencer avec ma structure",
            "Quelques questions sur votre structure (2 minutes),\npuis votre première "
            "consultation.",
        )
        self.demo_button.clicked.connect(self.demo_chosen.emit)
        self.own_button.clicked.connect(self.show_structure_form)
        layout = QVBoxLayout(screen)
        layout.addWidget(self._heading(WELCOME_TITLE))
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addWidget(self.own_button)
        layout.addWidget(self.demo_button)
        layout.addStretch(1)
        return screen

    def _structure_screen(self) -> QWidget:
        screen = QWidget()
        explain = QLabel(
            "Ces informations servent partout : formulaires DC1 et DC2, mémoire technique, "
            "accès aux lots réservés, jours fériés de votre territoire. Vous pourrez les "
            "compléter dans «\u00a0Ma structure\u00a0»."
        )
        explain.setWordWrap(True)
        proofs = QLabel(
            "Justificatifs demandés pour les lots réservés : autorisation de l'ARS (ESAT), "
            "contrat CPOM avec la DREETS (EA), conventionnement IAE de la DDETS (ACI, AI, EI, "
            "ETTI), agrément ESUS de la préfecture (5 ans), statuts (association, SCIC, SCOP). "
            "Vous les rangerez dans «\u00a0Documents administratifs\u00a0», où Responder "
            "surveille leur date de fin."
        )
        proofs.setWordWrap(True)
        set_role(proofs, "soft")
        self.form_error = QLabel()
        self.form_error.setWordWrap(True)
        set_role(self.form_error, "error-strong")
        self.form_error.hide()
        self.back_button = QPushButton("Retour")
        self.back_button.clicked.connect(lambda: self.stack.setCurrentIndex(0))
        self.continue_button = QPushButton("Continuer")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.submit_structure)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        status_title = QLabel("Statuts et agréments (cochez ceux que vous avez) :")
        set_role(status_title, "bold")
        layout = QVBoxLayout(screen)
        layout.addWidget(self._heading("Votre structure"))
        layout.addWidget(explain)
        layout.addLayout(self._structure_form())
        layout.addWidget(status_title)
        layout.addLayout(self._status_boxes())
        layout.addWidget(proofs)
        layout.addWidget(self.form_error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return screen

    def _structure_form(self) -> QFormLayout:
        """Name, SIRET and territory of the structure."""
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Nom de la structure")
        self.name_edit.setPlaceholderText("Ressourcerie des Cévennes")
        self.siret_edit = QLineEdit()
        self.siret_edit.setAccessibleName("SIRET")
        self.siret_edit.setPlaceholderText("14 chiffres, facultatif pour l'instant")
        self.postcode_edit = QLineEdit()
        self.postcode_edit.setAccessibleName("Code postal")
        self.postcode_edit.setMaxLength(5)
        self.postcode_edit.setPlaceholderText("30100")
        self.city_edit = QLineEdit()
        self.city_edit.setAccessibleName("Commune")
        self.city_edit.setPlaceholderText("Alès")
        territory = QHBoxLayout()
        territory.addWidget(self.postcode_edit)
        territory.addWidget(self.city_edit, 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Nom de la structure :", self.name_edit)
        form.addRow("&SIRET :", self.siret_edit)
        territory_label = QLabel("&Territoire (code postal, commune) :")
        territory_label.setBuddy(self.postcode_edit)
        form.addRow(territory_label, territory)
        return form

    def _status_boxes(self) -> QGridLayout:
        """One check box per ESS status or approval, in two columns."""
        self.status_boxes: dict[EssStatus, QCheckBox] = {}
        statuses = QGridLayout()
        for index, status in enumerate(EssStatus):
            box = QCheckBox(label(status))
            box.setAccessibleName(label(status))
            box.setToolTip(f"Justificatif : {STATUS_HELP[status]}.")
            self.status_boxes[status] = box
            statuses.addWidget(box, index // 2, index % 2)
        return statuses

    def _next_screen(self) -> QWidget:
        screen = QWidget()
        text = QLabel(
            "Votre espace de travail est prêt. Par quoi commencer ? Le règlement de la "
            "consultation (RC) se trouve dans le dossier téléchargé sur la plateforme de "
            "l'acheteur."
        )
        text.setWordWrap(True)
        set_role(text, "lead")
        self.import_button = _big_button(
            "Importer un RC",
            "Responder lit le règlement (PDF ou Word) : dates, lots, critères,\npièces "
            "demandées ; vous vérifiez ensuite.",
        )
        self.new_button = _big_button(
            "Nouvelle consultation",
            "Vous saisissez vous-même l'acheteur, l'objet et la date limite.",
        )
        self.import_button.clicked.connect(lambda: self.next_chosen.emit("import_rc"))
        self.new_button.clicked.connect(lambda: self.next_chosen.emit("new_tender"))
        layout = QVBoxLayout(screen)
        layout.addWidget(self._heading("Et maintenant ?"))
        layout.addWidget(text)
        layout.addSpacing(12)
        layout.addWidget(self.import_button)
        layout.addWidget(self.new_button)
        layout.addStretch(1)
        return screen

    # --- behaviour ---------------------------------------------------------------------------
    def show_structure_form(self) -> None:
        """Go to the guided form, its name field focused."""
        self.stack.setCurrentIndex(1)
        self.name_edit.setFocus()

    def show_next_step(self) -> None:
        """Go to « Et maintenant ? »."""
        self.stack.setCurrentIndex(2)

    def structure_data(self) -> dict[str, Any]:
        """What the form holds, as ``Structure`` data."""
        statuses = [s.value for s, box in self.status_boxes.items() if box.isChecked()]
        legal = "association" if EssStatus.ASSOCIATION_1901.value in statuses else None
        data: dict[str, Any] = {
            "name": self.name_edit.text().strip(),
            "siret": self.siret_edit.text().strip() or None,
            "ess_statuses": statuses,
            "address": {"postcode": self.postcode_edit.text().strip(),
                        "city": self.city_edit.text().strip()},
        }
        if legal:
            data["legal_form"] = legal
        elif EssStatus.SCIC.value in statuses:
            data["legal_form"] = "scic"
        elif EssStatus.SCOP.value in statuses:
            data["legal_form"] = "scop"
        return data

    def submit_structure(self) -> None:
        """Validate the form (domain rules) and emit ``structure_ready``, or show the error."""
        from pydantic import ValidationError

        from ..domain.common import french_errors
        from ..domain.structure import Structure

        data = self.structure_data()
        try:
            Structure.model_validate(data)
        except ValidationError as exc:
            self.show_error(" ".join(french_errors(exc).values()))
            return
        self.form_error.hide()
        self.structure_ready.emit(data)

    def show_error(self, text: str) -> None:
        """A French message under the form."""
        self.form_error.setText(text)
        self.form_error.show()


class DemoBanner(QFrame):
    """« Espace de démonstration » strip shown above every page of a demo workspace."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.setAccessibleName("Espace de démonstration")
        set_role(self, "demo-banner")
        self.label = QLabel(
            "<b>Espace de démonstration</b> — la Ressourcerie du Pont-Vieux et ses dossiers "
            "sont fictifs. Essayez tout : vos propres données iront dans un autre espace."
        )
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.start_button = QPushButton("Commencer avec ma structure")
        self.start_button.setAccessibleName("Quitter l'exemple et commencer avec ma structure")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.start_button)
