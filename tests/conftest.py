"""Shared fixtures, and collection of YAML scenario cases as pytest items."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from engine.cases import LoadedCase, load_cases, run_case
from engine.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def bundled_kb() -> KnowledgeBase:
    return KnowledgeBase.load(ROOT / "rules", ROOT / "facts")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled knowledge base, loaded once."""
    return bundled_kb()


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and file_path.parent.name == "scenarios":
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        for loaded in load_cases(self.path):
            yield CaseItem.from_parent(self, name=loaded.case.name, loaded=loaded)


class CaseFailed(Exception):
    pass


class CaseItem(pytest.Item):
    def __init__(self, *, loaded: LoadedCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.loaded = loaded

    def runtest(self) -> None:
        result = run_case(bundled_kb(), self.loaded.case)
        if not result.passed:
            summary = result.answer.summary if result.answer else ""
            raise CaseFailed("\n".join([*result.failures, "", summary]))

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            return f"{self.loaded.location}: {self.name}\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.loaded.location.line - 1, self.name
