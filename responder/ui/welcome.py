"""First launch: « Découvrir avec un exemple » or « Commencer avec ma structure » (a short
guided form), then « Importer un RC » or « Nouvelle consultation ».

The page only collects choices; ``WorkspaceHost`` creates and opens the workspaces. Signals:
``demo_chosen()``, ``structure_ready(dict)`` (the validated structure data) and
``next_chosen(str)`` (``"import_rc"`` or ``"new_tender"``).
"""

from __future__ import annotations

from collections.abc import Callable
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
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import EssStatus, label
from .theme import set_role
from .widgets import make

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


def _big_button(text: str, detail: str, clicked: Callable[[], object]) -> QCommandLinkButton:
    """A large button with a line of detail under its text, calling ``clicked``."""
    button = QCommandLinkButton(text, detail.replace("\n", " "))
    button.clicked.connect(clicked)
    button.setAccessibleName(text)
    button.setAccessibleDescription(detail)
    font = button.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    button.setFont(font)
    return button


def _heading(text: str) -> QLabel:
    return make.label(text, role="big-title")


def _two_ways(title: str, text: str, first: QWidget, second: QWidget) -> QWidget:
    """A screen of the welcome: its heading, a lead paragraph, then two big buttons."""
    screen = QWidget()
    make.column(_heading(title), make.label(text, role="lead"), 12, first, second, None,
                parent=screen)
    return screen


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
    def _choice_screen(self) -> QWidget:
        self.demo_button = _big_button(
            "Découvrir avec un exemple",
            "Une association fictive et trois consultations, dans un espace à part :\n"
            "rien ne se mélange avec vos données.", self.demo_chosen.emit)
        self.own_button = _big_button(
            "Commencer avec ma structure",
            "Quelques questions sur votre structure (2 minutes),\npuis votre première "
            "consultation.", self.show_structure_form)
        return _two_ways(WELCOME_TITLE, INTRO, self.own_button, self.demo_button)

    def _structure_screen(self) -> QWidget:
        explain = make.label(
            "Ces informations servent partout : formulaires DC1 et DC2, mémoire technique, "
            "accès aux lots réservés, jours fériés de votre territoire. Vous pourrez les "
            "compléter dans «\u00a0Ma structure\u00a0»."
        )
        proofs = make.label(
            "Justificatifs demandés pour les lots réservés : autorisation de l'ARS (ESAT), "
            "contrat CPOM avec la DREETS (EA), conventionnement IAE de la DDETS (ACI, AI, EI, "
            "ETTI), agrément ESUS de la préfecture (5 ans), statuts (association, SCIC, SCOP). "
            "Vous les rangerez dans «\u00a0Documents administratifs\u00a0», où Responder "
            "surveille leur date de fin.", role="soft"
        )
        self.form_error = make.label(role="error-strong")
        self.form_error.hide()
        self.back_button = make.button("Retour", clicked=lambda: self.stack.setCurrentIndex(0))
        self.continue_button = make.button("Continuer", default=True,
                                           clicked=self.submit_structure)
        screen = QWidget()
        make.column(
            _heading("Votre structure"), explain, self._structure_form(),
            make.label("Statuts et agréments (cochez ceux que vous avez) :", role="bold",
                       wrap=False),
            self._status_boxes(), proofs, self.form_error, None,
            make.row(self.back_button, None, self.continue_button, margins=True),
            parent=screen)
        return screen

    def _structure_form(self) -> QFormLayout:
        """Name, SIRET and territory of the structure."""
        self.name_edit = make.line_edit("Nom de la structure",
                                        placeholder="Ressourcerie des Cévennes")
        self.siret_edit = make.line_edit("SIRET",
                                         placeholder="14 chiffres, facultatif pour l'instant")
        self.postcode_edit = make.line_edit("Code postal", placeholder="30100")
        self.postcode_edit.setMaxLength(5)
        self.city_edit = make.line_edit("Commune", placeholder="Alès")
        territory = make.row(self.postcode_edit, margins=True)
        territory.addWidget(self.city_edit, 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Nom de la structure :", self.name_edit)
        form.addRow("&SIRET :", self.siret_edit)
        form.addRow(make.buddy("&Territoire (code postal, commune) :", self.postcode_edit),
                    territory)
        return form

    def _status_boxes(self) -> QGridLayout:
        """One check box per ESS status or approval, in two columns."""
        self.status_boxes: dict[EssStatus, QCheckBox] = {}
        statuses = QGridLayout()
        for index, status in enumerate(EssStatus):
            box = make.check_box(label(status))
            box.setToolTip(f"Justificatif : {STATUS_HELP[status]}.")
            self.status_boxes[status] = box
            statuses.addWidget(box, index // 2, index % 2)
        return statuses

    def _next_screen(self) -> QWidget:
        self.import_button = _big_button(
            "Importer un RC",
            "Responder lit le règlement (PDF ou Word) : dates, lots, critères,\npièces "
            "demandées ; vous vérifiez ensuite.", lambda: self.next_chosen.emit("import_rc"))
        self.new_button = _big_button(
            "Nouvelle consultation",
            "Vous saisissez vous-même l'acheteur, l'objet et la date limite.",
            lambda: self.next_chosen.emit("new_tender"))
        return _two_ways(
            "Et maintenant ?",
            "Votre espace de travail est prêt. Par quoi commencer ? Le règlement de la "
            "consultation (RC) se trouve dans le dossier téléchargé sur la plateforme de "
            "l'acheteur.", self.import_button, self.new_button)

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
