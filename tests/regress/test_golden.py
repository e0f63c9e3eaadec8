"""Golden explanations: stable text, file naming, comparison and stale files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from casus.engine.ask import ask
from casus.engine.errors import CasusError
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.regression.golden import (
    case_slug,
    compare_golden,
    golden_paths,
    stable_location,
    stable_text,
    stale_goldens,
    write_golden,
)

from tests.regress.minikb import MiniKb


def _text(root: Path) -> str:
    kb = KnowledgeBase.load(root / "rules", root / "facts")
    return stable_text(ask(kb, "must_help(north, south)", dt.date(2011, 1, 1)))


def test_stable_text_drops_timing_versions_and_line_numbers(tmp_path: Path, mini: MiniKb) -> None:
    root = mini.write(tmp_path / "kb")
    kb = KnowledgeBase.load(root / "rules", root / "facts")
    answer = ask(kb, "must_help(north, south)", dt.date(2011, 1, 1))
    text = stable_text(answer)
    assert text.startswith("Yes.")
    assert "by rule pact.help, Pact, Art. 1 (rules/pact.dl)" in text
    assert "facts/pact.yaml\n" in text
    assert kb.rules_version not in text and " ms" not in text
    assert str(tmp_path) not in text


def test_stable_text_ignores_where_the_kb_lives_and_moved_lines(
    tmp_path: Path, mini: MiniKb
) -> None:
    first = mini.write(tmp_path / "one")
    moved = mini.write(tmp_path / "two", facts="# a comment moves every fact down\n\n" + mini.facts)
    assert _text(first) == _text(moved)


def test_stable_text_shows_a_changed_source(tmp_path: Path, mini: MiniKb) -> None:
    first = mini.write(tmp_path / "one")
    dated = mini.write(tmp_path / "two", facts=mini.facts.replace("2010-01-01", "2009-06-01"))
    assert _text(first) != _text(dated)


def test_stable_location() -> None:
    assert stable_location("/tmp/x/rules/csto.dl:46") == "rules/csto.dl"
    assert stable_location("facts/csto.yaml:4:3") == "facts/csto.yaml"
    assert stable_location("<assume 1>:1:5") == "<assume 1>"


def test_stable_location_of_a_path_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rules").mkdir()
    monkeypatch.chdir(tmp_path / "rules")
    assert stable_location("csto.dl:46") == "rules/csto.dl"


def test_golden_paths_one_file_per_case_and_clashes_rejected(tmp_path: Path) -> None:
    case_file = tmp_path / "seed.yaml"
    paths = golden_paths(case_file, ["Russia must assist?", "Art. 2 applies"])
    assert paths["Russia must assist?"] == tmp_path / "seed.golden" / "russia-must-assist.txt"
    assert case_slug("x" * 200) == "x" * 60
    with pytest.raises(CasusError) as exc:
        golden_paths(case_file, ["Russia: must assist", "russia must assist!"])
    assert exc.value.code == "golden-name-clash"


def test_compare_write_and_stale(tmp_path: Path) -> None:
    path = tmp_path / "c.golden" / "a.txt"
    missing = compare_golden(path, "Yes.\n")
    assert missing is not None and "casus test --update" in missing
    assert write_golden(path, "Yes.\nby rule a\n")
    assert not write_golden(path, "Yes.\nby rule a\n")
    assert compare_golden(path, "Yes.\nby rule a\n") is None
    changed = compare_golden(path, "Yes.\nby rule b\n")
    assert changed is not None and "-by rule a\n+by rule b" in changed
    old = tmp_path / "c.golden" / "old.txt"
    old.write_text("x", encoding="utf-8")
    assert stale_goldens(tmp_path / "c.yaml", [path]) == [old]
