"""The house-style limits of docs/design.md, measured by scripts/arch_metrics.py, hold on the
tree: a change that breaks one fails here instead of waiting for someone to run the script."""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _arch_metrics() -> ModuleType:
    script = ROOT / "scripts" / "arch_metrics.py"
    spec = importlib.util.spec_from_file_location("arch_metrics", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


metrics = _arch_metrics()


def test_every_limit_of_the_design_notes_holds() -> None:
    assert metrics.broken_limits() == []


def test_the_qt_free_share_is_measured_on_real_test_functions() -> None:
    free, total = metrics.test_counts()
    assert 0 < free < total
    assert metrics.qt_free_share() == 100 * free / total


def test_a_test_that_checks_nothing_is_found(tmp_path: Path) -> None:
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "helpers.py").write_text(textwrap.dedent('''
        def expect_saved(path):
            assert path.exists()

        def new_session(path):
            session = open(path)
            assert session
            return session

        class FakePrompts:
            def expect_done(self):
                assert not self.waiting
    '''), encoding="utf-8")
    (tests / "test_sample.py").write_text(textwrap.dedent('''
        import pytest
        from .helpers import expect_saved, new_session

        def _local_check(x):
            expect_saved(x)

        def test_asserts(): assert 1 + 1 == 2
        def test_raises():
            with pytest.raises(ValueError):
                int("x")
        def test_waits(qtbot): qtbot.waitUntil(lambda: True)
        def test_imported_check(tmp_path): expect_saved(tmp_path)
        def test_local_check_through_a_helper(tmp_path): _local_check(tmp_path)
        def test_fake_check(ctx): ctx.prompts.expect_done()
        def test_subprocess_checked(): subprocess.run(["true"], check=True)

        def test_only_builds(tmp_path):
            session = new_session(tmp_path)
            session.close()

        def test_only_runs(): int("3")
        def test_only_sleeps(qtbot): qtbot.wait(10)
    '''), encoding="utf-8")
    assert metrics.silent_tests(tests) == [
        "tests/test_sample.py::test_only_builds",
        "tests/test_sample.py::test_only_runs",
        "tests/test_sample.py::test_only_sleeps",
    ]
