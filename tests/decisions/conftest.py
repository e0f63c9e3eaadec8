"""The decision-log tests run on SQLite and on a real PostgreSQL server.

PostgreSQL is reached through CASUS_TEST_DATABASE_URL (`.ci/run` starts one and sets it);
without it those tests skip, unless CASUS_REQUIRE_POSTGRES is set (CI), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from casus.engine.decisions.store import DecisionStore
from sqlalchemy import text

FIXTURES = Path(__file__).parent / "fixtures"
BACKENDS = ("sqlite", "postgresql")


def postgres_url() -> str:
    url = os.environ.get("CASUS_TEST_DATABASE_URL")
    if not url:
        if os.environ.get("CASUS_REQUIRE_POSTGRES"):
            pytest.fail("CASUS_REQUIRE_POSTGRES is set but CASUS_TEST_DATABASE_URL is not")
        pytest.skip("no PostgreSQL server (set CASUS_TEST_DATABASE_URL)")
    return url


def empty_postgres(url: str) -> str:
    """The test database with no decision log in it."""
    store = DecisionStore(url)
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS decisions, alembic_version"))
    store.close()
    return url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'decisions.sqlite'}"
    return empty_postgres(postgres_url())


@pytest.fixture
def store(db_url: str) -> Iterator[DecisionStore]:
    """A migrated, empty decision log on each backend."""
    store = DecisionStore(db_url)
    store.migrate()
    yield store
    store.close()
