"""Fixtures for the HTTP API: an app over the bundled knowledge base and a client for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from casus.api.service.app import create_app
from casus.api.service.settings import Settings
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi import FastAPI
from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def app(kb: KnowledgeBase) -> FastAPI:
    """The app over the bundled knowledge base with default settings."""
    return create_app(Settings(), kb)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c
