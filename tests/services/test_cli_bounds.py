"""The command line refuses absurd numbers and dates with a French message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from responder.cli import main
from tests.helpers import new_session

HUGE = "99999999999999999999"


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "w.responder"
    session, _sid = new_session(path)
    session.close()
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["tender", "import", "f.json", "--structure", HUGE],
        ["tender", "show", HUGE],
        ["checklist", "show", HUGE],
        ["refs", "export", "--out", "x.csv", "--structure", HUGE],
        ["refs", "search", "jardin", "--limit", HUGE],
        ["refs", "search", "jardin", "--limit", "0"],
        ["vault", "list", "--structure", HUGE],
        ["vault", "list", "--structure", "-3"],
        ["deadlines", "ics", "--out", "x.ics", "--tender", HUGE],
    ],
)
def test_out_of_range_numbers_are_usage_errors_in_french(
    workspace: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main([*args, "--workspace", str(workspace)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "erreur" in err and "Traceback" not in err
    assert "trop grand" in err or "entre 1 et" in err or "commence à 1" in err


def test_a_reasonable_id_still_reaches_the_service(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tender", "show", "12", "--workspace", str(workspace)]) == 1
    assert "Aucune consultation n° 12" in capsys.readouterr().err


def test_tender_import_of_a_folder_is_a_french_error(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tender", "import", str(tmp_path), "--workspace", str(workspace)]) == 1
    assert "est un dossier" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value"),
    [("--published", "0001-01-01"), ("--start", "0001-01-01"), ("--published", "1899-12-31")],
)
def test_deadlines_plan_refuses_absurd_years_naming_the_option(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["deadlines", "plan", "--deadline", "2026-12-18T12:00", "--procedure", "aoo",
                 option, value])
    assert code == 1
    err = capsys.readouterr().err
    assert option in err and "entre 1900 et 2100" in err


def test_deadlines_plan_of_a_2018_notice_works(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["deadlines", "plan", "--deadline", "2018-02-15T12:00", "--procedure", "aoo",
                 "--published", "2018-01-01", "--start", "2018-01-02"])
    assert code == 0
    assert "Date limite de remise des offres" in capsys.readouterr().out
