"""Schema migrations run forward from every released schema without losing a record.

Revision 0001 is the only released schema so far; when a release ships a newer one, add a
fixture written in it beside `decisions-0001.sqlite`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from casus.engine.decisions.store import DecisionStore, Filters, head_revision

from tests.decisions.old_schema import FIXTURE, ROWS, create_0001


def check_upgraded(store: DecisionStore) -> None:
    """All old records are there, unchanged, with the columns later revisions added."""
    assert store.revision() == head_revision()
    found = {d.id: d for d in store.each(Filters())}
    assert set(found) == {row["id"] for row in ROWS}
    for row in ROWS:
        decision = found[row["id"]]
        for name, value in row.items():
            assert getattr(decision, name) == value, name
        assert decision.predicate == row["query"].split("(")[0]
    assert [d.id for d in store.page(Filters(predicate="party"), 0, 10).items] == [ROWS[1]["id"]]


def test_the_released_sqlite_file_upgrades_to_the_newest_schema(tmp_path: Path) -> None:
    copy = tmp_path / "decisions.sqlite"
    shutil.copy(FIXTURE, copy)
    store = DecisionStore(f"sqlite:///{copy}")
    assert store.revision() == "0001"
    store.migrate()
    check_upgraded(store)
    store.close()


def test_the_released_schema_upgrades_on_both_backends(db_url: str) -> None:
    create_0001(db_url)
    store = DecisionStore(db_url)
    assert store.revision() == "0001"
    store.migrate()
    check_upgraded(store)
    store.close()
