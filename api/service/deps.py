"""Request dependencies: the knowledge base and settings a running app was created with."""

from __future__ import annotations

from typing import Annotated

from casus.api.service.settings import Settings
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi import Depends, Request


async def get_kb(request: Request) -> KnowledgeBase:
    """The app's knowledge base (loaded once at startup; never changed by requests)."""
    kb: KnowledgeBase = request.app.state.kb
    return kb


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


KB = Annotated[KnowledgeBase, Depends(get_kb)]
AppSettings = Annotated[Settings, Depends(get_settings)]
