"""The house tools of the UI: operations announce their changes, refreshers follow them,
failures become French messages, the theme owns every colour."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from responder.domain.errors import InvalidInput
from responder.services.changes import Changes, Topic
from responder.storage.db import WorkspaceError
from responder.ui import theme
from responder.ui.operations import ChangeBus, Failure, Operations, Refresher
from tests.ui.fakes import FakePrompts


def _ops() -> tuple[Operations, list[Changes], FakePrompts]:
    prompts = FakePrompts()
    bus = ChangeBus()
    seen: list[Changes] = []
    bus.changed.connect(seen.append)
    return Operations(bus, prompts), seen, prompts


def test_run_announces_its_changes_and_returns_the_result(qapp: Any) -> None:
    ops, seen, _ = _ops()
    assert ops.run(lambda: 42, changes=Changes.of(Topic.TENDERS, tender_id=1)) == 42
    assert [c.topics for c in seen] == [{Topic.TENDERS}]


def test_changes_may_depend_on_the_result(qapp: Any) -> None:
    ops, seen, _ = _ops()
    ops.run(lambda: 7, changes=lambda tid: Changes.of(Topic.CHECKLIST, tender_id=tid))
    assert seen[0].tender_id == 7


def test_invalid_input_goes_to_on_failure_with_its_fields(qapp: Any) -> None:
    ops, seen, prompts = _ops()
    failures: list[Failure] = []

    def refuse() -> None:
        raise InvalidInput({"siret": "Le SIRET doit compter 14 chiffres."})

    assert ops.run(refuse, changes=Changes.of(Topic.PARTNERS), on_failure=failures.append) is None
    assert failures[0].messages == {"siret": "Le SIRET doit compter 14 chiffres."}
    assert failures[0].text == "Le SIRET doit compter 14 chiffres."
    assert seen == [] and prompts.messages == []


def test_workspace_error_without_handler_is_shown_in_an_error_box(qapp: Any) -> None:
    ops, seen, prompts = _ops()

    def full_disk() -> None:
        raise WorkspaceError("Le disque est plein : libérez de la place puis réessayez.")

    ops.run(full_disk, changes=Changes.of(Topic.REFERENCES))
    assert prompts.messages == [
        ("error", "Opération impossible",
         "Le disque est plein : libérez de la place puis réessayez.")
    ]
    assert seen == []


def test_background_operation_reports_progress_then_success(qtbot: Any) -> None:
    ops, seen, _ = _ops()
    progress: list[int] = []
    results: list[str] = []

    def work(report: Any) -> str:
        report(50, "moitié")
        return "fait"

    op = ops.background(work, changes=Changes.of(Topic.MEMOIRE)).on_progress(
        lambda p, _t: progress.append(p)).success(results.append)
    op.start()
    qtbot.waitUntil(lambda: results == ["fait"], timeout=5000)
    assert progress == [50] and seen[0].topics == {Topic.MEMOIRE}
    assert not ops.running


def test_cancelled_background_operation_announces_nothing(qtbot: Any) -> None:
    ops, seen, _ = _ops()
    stopped: list[bool] = []

    def work(report: Any) -> str:
        report(10, "début")
        return "fini"

    op = ops.background(work, changes=Changes.of(Topic.MEMOIRE)).cancelled(
        lambda: stopped.append(True))
    op.cancel()
    op.start()
    qtbot.waitUntil(lambda: stopped == [True], timeout=5000)
    assert seen == []


def test_refresher_reloads_a_visible_widget_and_defers_a_hidden_one(qtbot: Any) -> None:
    bus = ChangeBus()
    widget = QWidget()
    qtbot.addWidget(widget)
    reloads: list[int] = []
    refresher = Refresher(widget, bus, (Topic.REFERENCES,), lambda: reloads.append(1))
    bus.announce(Changes.of(Topic.TENDERS))
    bus.announce(Changes.of(Topic.REFERENCES))
    assert refresher.stale and reloads == []  # hidden: waits to be shown
    widget.show()
    qtbot.waitUntil(lambda: reloads == [1], timeout=2000)
    bus.announce(Changes.of(Topic.REFERENCES, source=widget))  # its own change: ignored
    bus.announce(Changes.everything())
    qtbot.waitUntil(lambda: reloads == [1, 1], timeout=2000)


def test_theme_roles_are_the_only_colours(qapp: Any) -> None:
    label = QLabel("x")
    theme.set_role(label, "error")
    assert label.property("role") == "error"
    stylesheet = "\n".join(theme.rule(role) for role in theme.ROLES)
    assert '*[role="error"] { color: #b3261e; }' in stylesheet
    assert theme.color("confidential").name() == "#6a1b9a"
    with pytest.raises(ValueError, match="unknown role"):
        theme.set_role(label, "rouge")
