"""The decision store on SQLite and PostgreSQL: records round-trip, filters, order, prune."""

from __future__ import annotations

import dataclasses
import datetime as dt

from casus.engine.decisions.record import Decision, new_id
from casus.engine.decisions.store import DecisionStore, Filters, head_revision

T0 = dt.datetime(2026, 3, 1, 12, 0)


def decision(minutes: int, query: str = "must_assist(russia, armenia, csto, E)",
             holds: bool = True, rules: str = "r1", facts: str = "f1") -> Decision:
    return Decision(
        id=new_id(),
        created_at=T0 + dt.timedelta(minutes=minutes),
        query=query,
        as_of=dt.date(2020, 10, 7),
        assume=["hostilities_in(karabakh_war_2020, syunik)"],
        retract=["party(russia, csto)"],
        interpretations=["broad"],
        holds=holds,
        answers=["must_assist(russia, armenia, csto, karabakh_war_2020)"] if holds else [],
        rules_version=rules,
        facts_version=facts,
        elapsed_ms=4.5,
    )


def test_migrate_brings_an_empty_database_to_the_newest_schema(store: DecisionStore) -> None:
    assert store.revision() == head_revision()
    store.migrate()  # a second run finds nothing to do and keeps the schema
    assert store.revision() == head_revision()


def test_a_decision_reads_back_as_written(store: DecisionStore) -> None:
    written = decision(0)
    store.add([written])
    assert store.get(written.id) == written
    assert store.get(new_id()) is None


def test_pages_are_newest_first_with_the_total(store: DecisionStore) -> None:
    made = [decision(m) for m in range(7)]
    store.add(made)
    page = store.page(Filters(), offset=2, limit=3)
    assert page.total == 7
    assert [d.id for d in page.items] == [d.id for d in reversed(made)][2:5]


def test_filters_select_by_time_predicate_verdict_and_versions(store: DecisionStore) -> None:
    early = decision(0, "party(X0, csto)", holds=True)
    no = decision(10, holds=False)
    other_rules = decision(20, rules="r2")
    late = decision(30, facts="f2")
    store.add([early, no, other_rules, late])

    def ids(filters: Filters) -> set[str]:
        return {d.id for d in store.page(filters, 0, 100).items}

    window = Filters(since=T0 + dt.timedelta(minutes=10), until=T0 + dt.timedelta(minutes=30))
    assert ids(window) == {no.id, other_rules.id}  # since inclusive, until exclusive
    assert ids(Filters(predicate="party")) == {early.id}
    assert ids(Filters(holds=False)) == {no.id}
    assert ids(Filters(rules_version="r2")) == {other_rules.id}
    assert ids(Filters(facts_version="f2", holds=True)) == {late.id}
    assert ids(Filters(predicate="must_assist", rules_version="r1", facts_version="f1")) == {
        no.id
    }


def test_each_reads_every_match_oldest_first_in_chunks(store: DecisionStore) -> None:
    made = [decision(m) for m in range(25)]
    store.add(list(reversed(made)))
    assert [d.id for d in store.each(Filters(), chunk=4)] == [d.id for d in made]


def test_prune_deletes_only_older_decisions(store: DecisionStore) -> None:
    old, recent = decision(0), decision(60)
    store.add([old, recent])
    assert store.prune(T0 + dt.timedelta(minutes=30)) == 1
    assert store.get(old.id) is None
    assert store.get(recent.id) == recent


def test_the_predicate_is_taken_from_the_query() -> None:
    assert decision(0, "casus_foederis(csto, E)").predicate == "casus_foederis"
    assert dataclasses.replace(decision(0), predicate="").predicate == "must_assist"
