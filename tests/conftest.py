"""Shared fixtures (scenario cases are collected by engine.pytest_plugin, see pyproject)."""

from __future__ import annotations

import pytest

from engine.kb import KnowledgeBase
from engine.pytest_plugin import bundled_kb


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled knowledge base, loaded once."""
    return bundled_kb()
