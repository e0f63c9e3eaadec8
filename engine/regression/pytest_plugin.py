"""pytest plugin: every YAML file under a `scenarios/` directory is a file of case items.

Each case is its own test item; it fails when the verdict, the answers or the cited rules
differ from the case, or when its explanation differs from its golden file. Enabled for this
repository by `-p casus.engine.regression.pytest_plugin` in pyproject's pytest options.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from ..errors import CasusError
from ..knowledge.kb import KnowledgeBase
from .cases import LoadedCase, check_case, load_cases
from .golden import GOLDEN_SUFFIX

SCENARIO_DIR = "scenarios"


@lru_cache(maxsize=1)
def bundled_kb() -> KnowledgeBase:
    """The knowledge base the cases run against (the bundled one, or CASUS_RULES/CASUS_FACTS)."""
    return KnowledgeBase.load()


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Collect YAML files below a `scenarios/` directory (golden folders excluded)."""
    if (
        file_path.suffix == ".yaml"
        and SCENARIO_DIR in file_path.parts
        and not any(part.endswith(GOLDEN_SUFFIX) for part in file_path.parts)
    ):
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    """A YAML case file."""

    def collect(self) -> Iterator[pytest.Item]:
        for loaded in load_cases(self.path):
            yield CaseItem.from_parent(self, name=loaded.case.name, loaded=loaded)

    def repr_failure(self, excinfo: Any) -> Any:  # type: ignore[override]  # as pytest's own
        """A bad case file is reported as its located problems, not a traceback."""
        if isinstance(excinfo.value, CasusError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class CaseFailed(Exception):
    """A case's answer or explanation differs from what it expects."""


class CaseItem(pytest.Item):
    """One scenario case."""

    def __init__(self, *, loaded: LoadedCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.loaded = loaded

    def runtest(self) -> None:
        try:
            kb = bundled_kb()
        except CasusError as exc:
            raise CaseFailed(f"the knowledge base does not load:\n{exc}") from None
        result = check_case(kb, self.loaded)
        if not result.passed:
            raise CaseFailed(result.report())

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            return f"{self.loaded.location}: {self.name}\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.loaded.location.line - 1, self.name
