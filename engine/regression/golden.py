"""Golden explanations: each case's explanation as stable text, stored beside its case file.

A case file `tests/scenarios/x.yaml` keeps its goldens in `tests/scenarios/x.golden/`, one
`<slug of the case name>.txt` per case, so a reviewer reads a change in reasoning as a
plain diff of one small file. The text is `render_text` of the answer without what changes
for reasons other than the reasoning: timings, version hashes, line numbers of rules and
facts (an unrelated edit above a fact would otherwise rewrite every golden that cites it)
and the absolute part of file paths.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import CasusError, Location
from ..evaluation.scenario import Limits
from ..explanation.answer import Answer
from ..explanation.render import render_text

GOLDEN_SUFFIX = ".golden"
MAX_SLUG = 60
# Explanations compared as text (goldens, diffs) get a time budget so generous that the
# depth and size bounds, never the machine's speed, decide where they are cut short.
STABLE_LIMITS = Limits(time_budget_s=120.0)


def case_slug(name: str) -> str:
    """A file name for a case: lower-case words joined by '-', at most MAX_SLUG characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-") or "case"


def golden_dir(case_file: Path) -> Path:
    """Where the goldens of one case file live: `x.yaml` -> `x.golden/`."""
    return case_file.with_suffix(GOLDEN_SUFFIX)


def golden_paths(case_file: Path, names: list[str]) -> dict[str, Path]:
    """The golden file of each case name; two names with the same slug are an error."""
    paths: dict[str, Path] = {}
    seen: dict[str, str] = {}
    for name in names:
        slug = case_slug(name)
        if slug in seen:
            raise CasusError.single(
                "golden-name-clash",
                f"cases {seen[slug]!r} and {name!r} would share the golden file {slug}.txt; "
                "rename one",
                Location(str(case_file)),
            )
        seen[slug] = name
        paths[name] = golden_dir(case_file) / f"{slug}.txt"
    return paths


def stable_location(location: str) -> str:
    """`/tmp/x/rules/csto.dl:46` -> `rules/csto.dl`: the file within the knowledge base
    (relative paths are relative to the working directory, as the loader prints them)."""
    file = re.sub(r":\d+(:\d+)?$", "", location)
    if file.startswith("<"):  # <query>, <assume 1>: not a file
        return file
    return _kb_relative(file, Path.cwd())


@lru_cache(maxsize=4096)
def _kb_relative(file: str, cwd: Path) -> str:
    return "/".join((cwd / file).resolve().parts[-2:])


def _strip_locations(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: stable_location(v) if k == "location" and isinstance(v, str) else _strip_locations(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_strip_locations(v) for v in node]
    return node


def stable_text(answer: Answer) -> str:
    """The answer's text rendering without timings, versions, line numbers or absolute paths."""
    stable = Answer.model_validate(_strip_locations(answer.model_dump()))
    lines = render_text(stable).rstrip("\n").split("\n")
    if lines and lines[-1].startswith("rules "):  # "rules <hash>, facts <hash>, as of ..., N ms"
        lines.pop()
    return "\n".join(lines).rstrip() + "\n"


def text_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    """A unified diff of two texts, empty when they are equal."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name
        )
    )


def compare_golden(path: Path, text: str) -> str | None:
    """Why `text` does not match the golden file (missing or a diff), or None if it does."""
    if not path.exists():
        return f"no golden explanation at {path}; run `casus test --update` to write it"
    old = path.read_text(encoding="utf-8")
    if old == text:
        return None
    diff = text_diff(old, text, f"{path} (golden)", "actual")
    return f"the explanation differs from {path} (`casus test --update` accepts it):\n{diff}"


def write_golden(path: Path, text: str) -> bool:
    """Write a golden file if its content changes; True when it was written."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def stale_goldens(case_file: Path, current: list[Path]) -> list[Path]:
    """Golden files beside a case file that belong to no current case (renamed or removed)."""
    folder = golden_dir(case_file)
    if not folder.is_dir():
        return []
    keep = {p.resolve() for p in current}
    return sorted(p for p in folder.glob("*.txt") if p.resolve() not in keep)
