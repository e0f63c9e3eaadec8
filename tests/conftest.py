"""Shared fixtures (scenario cases are collected by casus.engine.regression.pytest_plugin).

The seed articles live outside the project, in shared/ beside the checkout; where they are
present, the tests verify quotes against them (CASUS_ARTICLES), as a maintainer's `casus
check` would. Decision logs are written to a scratch CASUS_DATA_DIR.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.regression.pytest_plugin import bundled_kb

ROOT = Path(__file__).resolve().parents[1]
SHARED_ARTICLES = ROOT.parent / "shared" / "articles"


def pytest_configure(config: pytest.Config) -> None:
    """Point CASUS_ARTICLES at the shared seed articles when they are on this machine."""
    if "CASUS_ARTICLES" not in os.environ and SHARED_ARTICLES.is_dir():
        os.environ["CASUS_ARTICLES"] = str(SHARED_ARTICLES)
    # the decision log of apps and commands under test goes to a scratch folder, never the
    # user's own data folder
    if "CASUS_DATA_DIR" not in os.environ:
        os.environ["CASUS_DATA_DIR"] = tempfile.mkdtemp(prefix="casus-test-data-")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled knowledge base, loaded once."""
    return bundled_kb()
