"""Qt's own French: the qtbase translation shipped with PySide6 (also in the frozen bundle),
plus the few strings of the file dialog it leaves in English (« &Look in: »)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

#: Strings Qt 6 shows in its own dialogs that ``qtbase_fr.qm`` does not translate.
MISSING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "&Voir dans :",
    ("QFileDialog", "Files of &type:"): "Fichiers de &type :",
    ("QAbstractFileIconProvider", "Drive"): "Lecteur",
    ("QAbstractFileIconProvider", "Folder"): "Dossier",
    ("QAbstractFileIconProvider", "File"): "Fichier",
}


class FrenchSupplement(QTranslator):
    """Translates the strings in ``MISSING``; returns ``None`` for the rest (Qt then asks the
    next translator)."""

    def translate(  # noqa: D102 - Qt override
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null QString) lets Qt ask the next translator; "" would stop it there.
        return MISSING.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802 - Qt naming
        """Never empty: Qt skips empty translators."""
        return False


def translation_dirs() -> list[Path]:
    """Where ``qtbase_fr.qm`` may be: Qt's own folder, then the frozen bundle's copy."""
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        dirs.append(Path(frozen) / "PySide6" / "Qt" / "translations")
        dirs.append(Path(frozen) / "PySide6" / "translations")
    return dirs


def install_french(app: QCoreApplication) -> bool:
    """Load qtbase_fr and the supplement into ``app`` (once); True if qtbase_fr was found."""
    if app.property("responder_french"):
        return bool(app.property("responder_french") == "qtbase")
    found = False
    for folder in translation_dirs():
        translator = QTranslator(app)
        if translator.load(QLocale(QLocale.Language.French), "qtbase", "_", str(folder)):
            app.installTranslator(translator)
            found = True
            break
    # Installed last, so asked first: only the strings qtbase_fr lacks.
    app.installTranslator(FrenchSupplement(app))
    app.setProperty("responder_french", "qtbase" if found else "supplement")
    return found


