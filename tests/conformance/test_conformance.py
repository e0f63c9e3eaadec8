"""Run the public `datalog-conformance` suite against the casus engine through the adapter.

Cases outside the casus language are skipped with the reason. Files over MAX_BYTES (the
LUBM and hmmer benchmarks, 3-17 MB of facts) and cases with more than MAX_FACTS facts are
skipped in CI; set CASUS_CONFORMANCE_ALL=1 to run them too. Files are read with libyaml
(the suite's own discovery uses pure-Python YAML and takes minutes on the large files).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from datalog_conformance.plugin import _load_multi_case_file, get_tests_dir
from datalog_conformance.runner import YamlTestRunner
from datalog_conformance.schema import TestCase as ConformanceCase

from tests.conformance.conformance_adapter import CasusEvaluator, unsupported_reason

MAX_FACTS = 20_000
MAX_BYTES = 2_000_000
RUN_ALL = os.environ.get("CASUS_CONFORMANCE_ALL") == "1"
KNOWN_FAILURES = {
    "crepe_underscore_in_goal": "the suite names this error 'safety_violations'; casus reports "
    "`_` in a head as `unsafe`, which the adapter names unbound_variable/SafetyViolationError",
}


def _facts(case: ConformanceCase) -> int:
    facts = case.program.facts if case.program else case.theory.facts if case.theory else {}
    return sum(len(rows) for rows in facts.values())


def _cases(path: Path) -> list[ConformanceCase]:
    """The cases of one suite file, parsed the way the suite's discovery does."""
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    if raw is None:
        return []
    if isinstance(raw, dict) and "tests" in raw:
        return list(_load_multi_case_file(raw, path))
    return [ConformanceCase.from_dict(raw)]


def _params() -> list[object]:
    params: list[object] = []
    root = get_tests_dir()
    for path in sorted(root.rglob("*.yaml")):
        name = path.relative_to(root).with_suffix("").as_posix()
        size = path.stat().st_size
        if size > MAX_BYTES and not RUN_ALL:
            reason = f"{size // 1_000_000} MB file: too slow for CI (CASUS_CONFORMANCE_ALL=1)"
            skip = pytest.mark.skip(reason=reason)
            params.append(pytest.param(None, id=f"{name}::*", marks=skip))
            continue
        params += _file_params(root, path)
    return params


def _file_params(root: Path, path: Path) -> list[object]:
    params: list[object] = []
    for case in _cases(path):
        marks: list[pytest.MarkDecorator] = []
        reason = unsupported_reason(case)
        if reason is None and not RUN_ALL and _facts(case) > MAX_FACTS:
            reason = f"more than {MAX_FACTS} facts: too slow for CI (CASUS_CONFORMANCE_ALL=1)"
        if reason is not None:
            marks.append(pytest.mark.skip(reason=reason))
        elif case.name in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[case.name], strict=True))
        case_id = f"{path.relative_to(root).with_suffix('').as_posix()}::{case.name}"
        params.append(pytest.param(case, id=case_id, marks=marks))
    return params


@pytest.mark.parametrize("conformance_case", _params())
def test_conformance(conformance_case: ConformanceCase) -> None:
    YamlTestRunner(CasusEvaluator()).run_test_case(conformance_case)
