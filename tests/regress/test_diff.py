"""`casus diff`: conclusions added, removed or explained differently between two versions."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from casus.api.cli.main import app
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.regression.diff import change_dates, diff_versions
from typer.testing import CliRunner

from tests.regress.minikb import MiniKb

WEST_JOINS = (
    '- {fact: "party(west, pact)", from: 2012-01-01, until: 2015-01-01, source: pact-text}\n'
)


def _kb(root: Path) -> KnowledgeBase:
    return KnowledgeBase.load(root / "rules", root / "facts")


def _summary(kb_a: KnowledgeBase, kb_b: KnowledgeBase) -> list[tuple[str, str, str, str]]:
    def day(d: dt.date | None) -> str:
        return d.isoformat() if d else "-"

    return [(c.kind, c.atom, day(c.start), day(c.until)) for c in diff_versions(kb_a, kb_b).changes]


def test_dates_are_every_boundary_plus_one_before(tmp_path: Path, mini: MiniKb) -> None:
    kb_a = _kb(mini.write(tmp_path / "a"))
    kb_b = _kb(mini.write(tmp_path / "b", facts=mini.facts + WEST_JOINS))
    assert change_dates([kb_a, kb_b]) == [
        dt.date(1999, 12, 31),
        dt.date(2000, 1, 1),
        dt.date(2010, 1, 1),
        dt.date(2012, 1, 1),
        dt.date(2015, 1, 1),
    ]


def test_identical_files_are_not_evaluated(tmp_path: Path, mini: MiniKb) -> None:
    result = diff_versions(_kb(mini.write(tmp_path / "a")), _kb(mini.write(tmp_path / "b")))
    assert result.identical and result.queries == 0 and result.changes == []


def test_equal_conclusions_and_explanations_are_no_change(tmp_path: Path, mini: MiniKb) -> None:
    kb_a = _kb(mini.write(tmp_path / "a"))
    kb_b = _kb(mini.write(tmp_path / "b", facts="# a comment\n" + mini.facts))
    result = diff_versions(kb_a, kb_b)
    assert not result.identical and result.queries == 2 * 3 and result.explained == 1
    assert result.changes == []


def test_added_and_removed_conclusions_with_their_periods(tmp_path: Path, mini: MiniKb) -> None:
    kb_a = _kb(mini.write(tmp_path / "a"))
    kb_b = _kb(mini.write(tmp_path / "b", facts=mini.facts + WEST_JOINS))
    assert _summary(kb_a, kb_b) == [
        ("added", "must_help(west, south)", "2012-01-01", "2015-01-01"),
    ]
    assert _summary(kb_b, kb_a) == [
        ("removed", "must_help(west, south)", "2012-01-01", "2015-01-01"),
    ]
    change = diff_versions(kb_a, kb_b).changes[0]
    assert change.probe == dt.date(2012, 1, 1)
    assert not change.a.holds and "✗ party(west, pact)" in change.a.text
    assert change.b.holds and "by rule pact.help" in change.b.text


def test_a_different_proof_is_a_changed_conclusion(tmp_path: Path, mini: MiniKb) -> None:
    kb_a = _kb(mini.write(tmp_path / "a"))
    earlier = mini.facts.replace(
        'attacked(south)", from: 2010-01-01', 'attacked(south)", from: 2008-01-01'
    )
    kb_b = _kb(mini.write(tmp_path / "b", facts=earlier))
    assert _summary(kb_a, kb_b) == [
        ("added", "must_help(north, south)", "2008-01-01", "2010-01-01"),
        ("changed", "must_help(north, south)", "2010-01-01", "-"),
    ]
    fast = diff_versions(kb_a, kb_b, compare_explanations=False)
    assert [(c.kind, c.atom) for c in fast.changes] == [("added", "must_help(north, south)")]
    assert fast.explained == 0


def test_a_dated_rule_limits_its_conclusions(tmp_path: Path, mini: MiniKb) -> None:
    kb_a = _kb(mini.write(tmp_path / "a"))
    dated = mini.rules.replace('"Pact, Art. 1"', '"Pact, Art. 1" until 2020-01-01')
    kb_b = _kb(mini.write(tmp_path / "b", rules=dated))
    assert _summary(kb_a, kb_b) == [("removed", "must_help(north, south)", "2020-01-01", "-")]


def test_a_new_entity_cannot_be_asked_about_in_the_old_version(
    tmp_path: Path, mini: MiniKb
) -> None:
    kb_a = _kb(mini.write(tmp_path / "a"))
    east = '- {fact: "party(east, pact)", from: 2000-01-01, source: pact-text}\n'
    kb_b = _kb(
        mini.write(
            tmp_path / "b",
            facts=mini.facts + east,
            entities=mini.entities + "- {id: east, kind: state, label: East, iso: EA}\n",
        )
    )
    [change] = diff_versions(kb_a, kb_b).changes
    assert (change.kind, change.atom) == ("added", "must_help(east, south)")
    assert not change.a.holds and "unknown entity east" in change.a.text


def test_knowledge_bases_from_text_are_compared(mini: MiniKb) -> None:
    parties = "party(north, pact). party(south, pact).\n"
    kb_a = KnowledgeBase.from_text(mini.rules + parties)
    kb_b = KnowledgeBase.from_text(mini.rules + parties + "attacked(south).\n")
    result = diff_versions(kb_a, kb_b)
    assert result.dates == [dt.date.today()]
    assert [(c.kind, c.atom, c.start, c.until) for c in result.changes] == [
        ("added", "must_help(north, south)", None, None)
    ]


def test_a_question_whose_arity_changed_is_a_different_question(
    tmp_path: Path, mini: MiniKb
) -> None:
    kb_a = _kb(mini.write(tmp_path / "a"))
    wider = mini.rules.replace(
        "must_help(ally: state, victim: state)",
        "must_help(ally: state, victim: state, treaty: treaty)",
    )
    wider = wider.replace("must_help(A, V) :-", "must_help(A, V, pact) :-")
    kb_b = _kb(mini.write(tmp_path / "b", rules=wider))
    assert _summary(kb_a, kb_b) == [
        ("removed", "must_help(north, south)", "2010-01-01", "-"),
        ("added", "must_help(north, south, pact)", "2010-01-01", "-"),
    ]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, mini: MiniKb, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the small knowledge base in one commit; cwd is inside it."""
    root = mini.write(tmp_path / "repo")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "pact")
    monkeypatch.chdir(root / "rules")
    return root


def _diff(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["diff", *args])
    return result.exit_code, result.output


def test_cli_head_against_working_tree(repo: Path, mini: MiniKb) -> None:
    assert _diff()[0] == 0
    mini.write(repo, facts=mini.facts + WEST_JOINS)
    code, output = _diff("--format", "json")
    assert code == 1
    body = json.loads(output)
    assert body["b"] == "working tree" and body["a"].startswith("HEAD (")
    assert [(c["kind"], c["atom"], c["from"], c["until"]) for c in body["changes"]] == [
        ("added", "must_help(west, south)", "2012-01-01", "2015-01-01")
    ]
    assert body["changes"][0]["b"]["holds"] is True
    code, output = _diff()
    assert (
        code == 1 and "+ added must_help(west, south)  from 2012-01-01 until 2015-01-01" in output
    )


def test_cli_revisions_and_directories(repo: Path, mini: MiniKb, tmp_path: Path) -> None:
    other = mini.write(tmp_path / "other", facts=mini.facts + WEST_JOINS)
    assert _diff("HEAD", "HEAD")[0] == 0
    code, output = _diff("HEAD", str(other), "--format", "json")
    assert code == 1 and json.loads(output)["changes"][0]["kind"] == "added"


def test_cli_bad_input_exits_2(repo: Path, mini: MiniKb) -> None:
    code, output = _diff("no-such-revision")
    assert code == 2 and "neither a directory nor a git revision" in output
    mini.write(repo, facts=mini.facts + '- {fact: "party(nobody, pact)", source: pact-text}\n')
    assert _diff()[0] == 2
