"""Qt user interface. Only this package and ``responder.app`` import PySide6."""
