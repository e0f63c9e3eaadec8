"""Fixtures for the regression-testing tools."""

from __future__ import annotations

import pytest

from tests.regress.minikb import MiniKb


@pytest.fixture
def mini() -> MiniKb:
    """The small knowledge base: North and South are parties to the Pact; South is attacked
    from 2010."""
    return MiniKb()
