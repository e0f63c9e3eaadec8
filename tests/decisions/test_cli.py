"""`casus ask --log`, `casus decisions` and `casus replay`, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from casus.api.cli.main import app
from casus.engine.ask import ask
from casus.engine.decisions.record import Decision, utc_now
from casus.engine.decisions.store import DecisionStore
from casus.engine.knowledge.kb import KnowledgeBase, default_dirs
from casus.engine.regression.diff import change_dates
from casus.engine.regression.golden import STABLE_LIMITS, stable_text
from typer.testing import CliRunner, Result

from tests.api.support import SEED, SYUNIK

ARMENIA_JOINS = '- {fact: "party(armenia, csto)", from: 1994-04-20, source: csto-history}\n'
QUESTIONS: list[dict[str, Any]] = [
    {"query": SEED, "as_of": dt.date(2020, 10, 7), "assume": SYUNIK},  # holds; not without
    {"query": SEED, "as_of": dt.date(2020, 10, 7)},  # does not hold either way
    {"query": "party(X, csto)", "as_of": dt.date(2021, 1, 1)},  # loses one answer
]


def run(*args: str, db: str) -> Result:
    return CliRunner().invoke(app, [*args, "--database", db], catch_exceptions=False)


def log(store: DecisionStore, kb: KnowledgeBase, question: dict[str, Any],
        age: dt.timedelta = dt.timedelta(0)) -> Decision:
    decision = Decision.of(ask(kb, **question, explain="none"))
    decision = Decision(**{**decision.row(), "created_at": utc_now() - age})
    store.add([decision])
    return decision


@pytest.fixture
def without_armenia(tmp_path: Path) -> Path:
    """The bundled rules and facts, except that Armenia never joined the CSTO."""
    rules, facts = default_dirs()
    root = tmp_path / "changed"
    shutil.copytree(rules, root / "rules")
    shutil.copytree(facts, root / "facts")
    csto = root / "facts" / "csto.yaml"
    text = csto.read_text()
    assert ARMENIA_JOINS in text
    csto.write_text(text.replace(ARMENIA_JOINS, ""))
    return root


def test_ask_log_records_the_answer(store: DecisionStore) -> None:
    args = ["ask", SEED, "--as-of", "2020-10-07", "--assume", SYUNIK[0], "--assume", SYUNIK[1]]
    asked = CliRunner().invoke(
        app, [*args, "--log"], env={"CASUS_DATABASE_URL": store.url}, catch_exceptions=False
    )
    assert asked.exit_code == 0, asked.output
    listed = json.loads(run("decisions", "--format", "json", db=store.url).stdout)
    assert listed["total"] == 1
    decision = listed["items"][0]
    assert f"logged decision {decision['id']}" in asked.stderr
    assert (decision["query"], decision["assume"], decision["holds"]) == (SEED, SYUNIK, True)


def test_decisions_lists_filters_and_shows_one(store: DecisionStore, kb: KnowledgeBase) -> None:
    made = [log(store, kb, q) for q in QUESTIONS]
    listed = json.loads(run("decisions", "--verdict", "does-not-hold", "-f", "json",
                            db=store.url).stdout)
    assert [d["id"] for d in listed["items"]] == [made[1].id]
    listed = json.loads(run("decisions", "--predicate", "party", "-f", "json",
                            db=store.url).stdout)
    assert [d["id"] for d in listed["items"]] == [made[2].id]
    shown = json.loads(run("decisions", "show", made[0].id, "-f", "json", db=store.url).stdout)
    assert shown["explanation"]["holds"] is True and shown["explanation_note"] is None
    assert shown["explanation"]["summary"] == ask(kb, **QUESTIONS[0]).summary
    missing = run("decisions", "show", "nope", db=store.url)
    assert missing.exit_code == 2 and "no decision nope" in missing.stderr


def test_prune_deletes_decisions_older_than_the_age(
    store: DecisionStore, kb: KnowledgeBase
) -> None:
    old = log(store, kb, QUESTIONS[0], dt.timedelta(days=91))
    recent = log(store, kb, QUESTIONS[0], dt.timedelta(days=89))
    pruned = run("decisions", "prune", "--older-than", "90d", db=store.url)
    assert pruned.exit_code == 0 and "pruned 1 decisions" in pruned.stdout
    assert store.get(old.id) is None and store.get(recent.id) == recent
    bad = run("decisions", "prune", "--older-than", "ninety days", db=store.url)
    assert bad.exit_code == 2 and "not an age" in bad.output


def test_replay_reports_each_changed_decision_with_both_explanations(
    store: DecisionStore, kb: KnowledgeBase, without_armenia: Path
) -> None:
    what_if, unchanged, party = (log(store, kb, q) for q in QUESTIONS)
    next_day = QUESTIONS[0]["as_of"] + dt.timedelta(days=1)
    assert next_day not in change_dates([kb]), "pick a day in the same period"
    # the same question a day later: no fact or rule changes between, so it is asked once
    again = log(store, kb, {**QUESTIONS[0], "as_of": next_day})
    result = run("replay", "--against", str(without_armenia), "-f", "json", db=store.url)
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert (report["decisions"], report["questions"]) == (4, 3)
    changes = {c["decision"]["id"]: c for c in report["changes"]}
    assert set(changes) == {what_if.id, again.id, party.id}
    assert changes[again.id]["explained_as_of"] == "2020-10-07"
    assert changes[again.id]["a"] == changes[what_if.id]["a"]
    assert unchanged.id not in changes
    flipped = changes[what_if.id]
    assert flipped["verdict_changed"] is True
    assert flipped["removed"] == ["must_assist(russia, armenia, csto, karabakh_war_2020)"]
    assert flipped["a"] == {
        "holds": True,
        "explanation": stable_text(ask(kb, **QUESTIONS[0], limits=STABLE_LIMITS)),
    }
    changed_kb = KnowledgeBase.load(without_armenia / "rules", without_armenia / "facts")
    assert flipped["b"] == {
        "holds": False,
        "explanation": stable_text(ask(changed_kb, **QUESTIONS[0], limits=STABLE_LIMITS)),
    }
    answers = changes[party.id]
    assert answers["verdict_changed"] is False
    assert (answers["added"], answers["removed"]) == ([], ["party(armenia, csto)"])


def test_replay_selects_by_time_and_exits_0_when_nothing_changed(
    store: DecisionStore, kb: KnowledgeBase, without_armenia: Path
) -> None:
    log(store, kb, QUESTIONS[0], dt.timedelta(days=3))
    recent = log(store, kb, QUESTIONS[1])
    result = run("replay", "--against", str(without_armenia), "--since", "1d", db=store.url)
    assert result.exit_code == 0, result.output
    assert "replayed 1 decisions" in result.stdout and "0 changed" in result.stdout
    result = run("replay", "--against", str(without_armenia), "--until", "1d", db=store.url)
    assert result.exit_code == 1
    assert "verdict changed" in result.stdout and recent.id not in result.stdout


def test_a_decision_under_unknown_versions_is_replayed_from_its_log(
    store: DecisionStore, kb: KnowledgeBase, without_armenia: Path
) -> None:
    decision = log(store, kb, QUESTIONS[0])
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE decisions SET facts_version = 'gone'")
    report = json.loads(
        run("replay", "--against", str(without_armenia), "-f", "json", db=store.url).stdout
    )
    side = report["changes"][0]["a"]
    assert side["holds"] is True
    assert "facts gone are not at hand" in side["explanation"]
    assert decision.answers[0] in side["explanation"]
