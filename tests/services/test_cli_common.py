"""The helpers every sub-command prints and checks its output with."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from responder.commands.common import each_line, out_path, print_result, table
from responder.domain.common import InvalidInput


def test_print_result_prints_json_item_by_item_or_the_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    print_result(True, [1, 2], lambda n: {"n": n}, print, each=True)
    assert capsys.readouterr().out == '[\n  {\n    "n": 1\n  },\n  {\n    "n": 2\n  }\n]\n'
    print_result(False, [1, 2], lambda n: {"n": n}, table("Rien.", "N", lambda n: f"#{n}"))
    assert capsys.readouterr().out == "N\n#1\n#2\n"


def test_an_empty_listing_says_so_once_or_prints_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    table("Aucune consultation.", "N°  Objet", str)([])
    each_line(str, "  rien")([])
    each_line(str)([])
    assert capsys.readouterr().out == "Aucune consultation.\n  rien\n"


def test_out_path_gives_the_suffix_and_refuses_to_overwrite(tmp_path: Path) -> None:
    workspace = tmp_path / "espace.sqlite3"
    args = argparse.Namespace(out=tmp_path / "bilan.txt", force=False)
    assert out_path(args, workspace, ".docx") == tmp_path / "bilan.docx"
    (tmp_path / "bilan.docx").write_bytes(b"")
    with pytest.raises(InvalidInput) as refused:
        out_path(args, workspace, ".docx")
    assert "--out" in refused.value.messages
    args.force = True
    assert out_path(args, workspace, ".docx") == tmp_path / "bilan.docx"
