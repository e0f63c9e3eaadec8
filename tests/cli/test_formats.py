"""One spelling for machine output: every command that prints data takes `--format json`;
`casus extract --json` still works for one release, with a warning on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from casus.api.cli.main import app
from casus.engine.knowledge.kb import KnowledgeBase
from typer.testing import CliRunner

from tests.regress.minikb import MiniKb

ARTICLE = (
    "Kazakhstan is a member of the Collective Security Treaty Organization, which groups "
    "six former Soviet states.\n"
)


@pytest.mark.parametrize("command", ["ask", "check", "test", "diff", "extract", "review"])
def test_every_data_command_takes_format_json(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "--format" in result.stdout and "json" in result.stdout


def test_extract_json_is_a_deprecated_alias_of_format_json(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = ["extract", str(article), "--published", "2022-01-10"]
    new = CliRunner().invoke(app, [*args, "--format", "json"])
    old = CliRunner().invoke(app, [*args, "--json"])
    assert new.exit_code == old.exit_code == 0, new.output + old.output
    assert "deprecated" not in new.stderr
    assert "--json is deprecated" in old.stderr and "--format json" in old.stderr
    assert json.loads(old.stdout) == json.loads(new.stdout)
    facts = [c["fact"] for c in json.loads(new.stdout)[0]["candidates"]]
    assert "party(kazakhstan, csto)" in facts


def test_check_json_reports_counts_and_unverified_quotes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASUS_ARTICLES", str(tmp_path))  # no article texts here
    result = CliRunner().invoke(app, ["check", "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    kb = KnowledgeBase.load()
    assert (body["rules"], body["facts"]) == (len(kb.rules), kb.store.count)
    assert body["versions"] == {"rules": kb.rules_version, "facts": kb.facts_version}
    assert body["quotes_verified"] is False
    assert body["unverified_sources"] == kb.unverified_sources != []


def test_test_json_lists_each_case_and_why_it_failed(tmp_path: Path) -> None:
    root = MiniKb().write(tmp_path / "kb")
    cases = tmp_path / "scenarios" / "pact.yaml"
    cases.parent.mkdir()
    cases.write_text(
        "- {name: north helps, as_of: 2011-01-01, ask: 'must_help(north, south)', expect: yes}\n"
        "- {name: west helps, as_of: 2011-01-01, ask: 'must_help(west, south)', expect: yes}\n",
        encoding="utf-8",
    )
    kb_args = ["--rules", str(root / "rules"), "--facts", str(root / "facts")]
    CliRunner().invoke(app, ["test", str(cases), "--update", *kb_args])
    result = CliRunner().invoke(
        app, ["test", str(cases), "--format", "json", "--coverage", *kb_args]
    )
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert (body["passed"], body["failed"]) == (1, 1)
    outcome = {c["name"]: c for c in body["cases"]}
    assert outcome["north helps"]["passed"] and "report" not in outcome["north helps"]
    assert "expected yes" in outcome["west helps"]["report"].lower()
    assert body["coverage"]["never_fired"] == []


def test_review_json_lists_what_was_accepted_and_what_is_left(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text(
        "- fact: party(armenia, csto)\n  source: s\n  reviewed: false\n"
        "- fact: party(belarus, csto)\n  source: s\n  reviewed: false\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["review", str(target), "--accept", "party(armenia, csto)", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "accepted": ["party(armenia, csto)"],
        "rejected": [],
        "unreviewed": ["party(belarus, csto)"],
        "unmatched": [],
    }
