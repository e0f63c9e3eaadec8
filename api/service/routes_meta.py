"""Service metadata: versions of the loaded knowledge base, limits, and a health check."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from casus.api.service import catalog, decisions
from casus.api.service.deps import KB, AppSettings
from casus.api.service.schemas import Health, LimitsOut, VersionOut
from casus.api.service.settings import Settings
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi import APIRouter, Request

router = APIRouter(tags=["service"])


def package_version() -> str:
    """The installed casus version ('unknown' when run from a source tree not installed)."""
    try:
        return version("casus")
    except PackageNotFoundError:
        return "unknown"


def version_info(kb: KnowledgeBase, settings: Settings) -> VersionOut:
    """The content hashes of the rules and facts in use, their sizes, and the limits."""
    return VersionOut(
        casus=package_version(),
        rules=kb.rules_version,
        facts=kb.facts_version,
        counts=catalog.counts(kb),
        limits=LimitsOut(**settings.model_dump(include=set(LimitsOut.model_fields))),
        writes=settings.allow_writes,
    )


@router.get("/healthz", response_model=Health, summary="Health check")
async def healthz(request: Request) -> Health:
    """Answers while the service is up (the knowledge base is loaded before it starts), with
    the state of this process's decision log (a failing database does not make it fail)."""
    return Health(decision_log=decisions.health(request.app.state.decision_writer))


@router.get("/v1/version", response_model=VersionOut, summary="Versions and limits")
async def service_version(kb: KB, settings: AppSettings) -> VersionOut:
    """The content hashes of the rules and facts in use, their sizes, and the limits."""
    return version_info(kb, settings)
