"""`casus test`: verdicts, golden explanations, -k, coverage and exit codes; the pytest plugin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from casus.api.cli.main import app
from typer.testing import CliRunner

from tests.regress.minikb import MiniKb

ROOT = Path(__file__).resolve().parents[2]
CASES = """\
- name: North must help South once South is attacked
  as_of: 2011-01-01
  ask: must_help(north, south)
  expect: yes
  because: [pact.help]
- name: West is no party, so it need not help
  as_of: 2011-01-01
  ask: must_help(west, south)
  expect: no
"""


def _setup(tmp_path: Path, mini: MiniKb, cases: str = CASES) -> tuple[Path, list[str]]:
    root = mini.write(tmp_path / "kb")
    case_file = tmp_path / "scenarios" / "pact.yaml"
    case_file.parent.mkdir()
    case_file.write_text(cases, encoding="utf-8")
    return case_file, ["--rules", str(root / "rules"), "--facts", str(root / "facts")]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["test", *args])
    return result.exit_code, result.output


def test_update_writes_goldens_then_runs_pass(tmp_path: Path, mini: MiniKb) -> None:
    case_file, kb = _setup(tmp_path, mini)
    code, output = _run(str(case_file), *kb)
    assert code == 1 and "no golden explanation" in output
    code, output = _run(str(case_file), "--update", *kb)
    assert code == 0, output
    golden = case_file.parent / "pact.golden" / "north-must-help-south-once-south-is-attacked.txt"
    assert golden.read_text(encoding="utf-8").startswith("Yes.")
    assert len(list(golden.parent.glob("*.txt"))) == 2
    code, output = _run(str(case_file.parent), *kb)
    assert code == 0 and "2 passed, 0 failed" in output


def test_a_changed_explanation_fails_with_a_diff(tmp_path: Path, mini: MiniKb) -> None:
    case_file, kb = _setup(tmp_path, mini)
    _run(str(case_file), "--update", *kb)
    mini.write(tmp_path / "kb", facts=mini.facts.replace("2010-01-01", "2009-06-01"))
    code, output = _run(str(case_file), *kb)
    assert code == 1
    assert "the explanation differs from" in output
    assert "-      source: The Pact; holds from 2010-01-01" in output
    assert "+      source: The Pact; holds from 2009-06-01" in output
    assert "0 passed, 2 failed" in output  # both explanations cite the attack


def test_a_wrong_verdict_shows_expected_actual_and_explanation(
    tmp_path: Path, mini: MiniKb
) -> None:
    case_file, kb = _setup(tmp_path, mini, CASES.replace("expect: no", "expect: yes"))
    code, output = _run(str(case_file), "-k", "west", "--update", *kb)
    assert code == 1
    assert "expected yes, got no" in output
    assert "Explanation:" in output and "✗ party(west, pact)" in output
    assert "0 passed, 1 failed" in output


def test_update_removes_goldens_of_renamed_cases(tmp_path: Path, mini: MiniKb) -> None:
    case_file, kb = _setup(tmp_path, mini)
    _run(str(case_file), "--update", *kb)
    case_file.write_text(CASES.replace("West is no party", "West is not a party"), "utf-8")
    code, output = _run(str(case_file), "--update", *kb)
    assert code == 0 and "removed stale golden" in output
    names = sorted(p.name for p in (case_file.parent / "pact.golden").glob("*.txt"))
    assert names == [
        "north-must-help-south-once-south-is-attacked.txt",
        "west-is-not-a-party-so-it-need-not-help.txt",
    ]


def test_coverage_and_fail_under(tmp_path: Path, mini: MiniKb) -> None:
    case_file, kb = _setup(tmp_path, mini)
    code, output = _run(str(case_file), "--update", "--coverage", *kb)
    assert code == 0
    assert "rule coverage 40.0% = 2/5 items covered" in output
    assert "rules never fired (0): none" in output
    code, output = _run(str(case_file), "--fail-under", "50", *kb)  # implies --coverage
    assert code == 1 and "below --fail-under 50.0%" in output


def test_bad_input_exits_2(tmp_path: Path, mini: MiniKb) -> None:
    case_file, kb = _setup(tmp_path, mini, CASES + CASES.split("- name:")[1].join(["- name:", ""]))
    code, output = _run(str(case_file), *kb)
    assert code == 2 and "already defined at" in output
    assert _run(str(tmp_path / "nowhere"), *kb)[0] == 2
    assert _run(str(case_file), "-k", "west and", *kb)[0] == 2
    assert _run(str(case_file), "-k", "nothing-matches", *kb)[0] == 2


def test_pytest_plugin_makes_each_case_an_item(tmp_path: Path, mini: MiniKb) -> None:
    case_file, _ = _setup(tmp_path, mini, CASES.replace("expect: no", "expect: yes"))
    bad = "- name: bad\n  as_of: 2011-01-01\n  ask: must_help(north, south)\n  expect: maybe\n"
    (case_file.parent / "bad.yaml").write_text(bad, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",  # hypothesis and friends: slow, unused here
        "CASUS_RULES": str(tmp_path / "kb" / "rules"),
        "CASUS_FACTS": str(tmp_path / "kb" / "facts"),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "casus.engine.regression.pytest_plugin",
            "-q",
            "-p",
            "no:cacheprovider",
            "--continue-on-collection-errors",
            str(case_file.parent),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "2 failed, 1 error" in done.stdout  # no goldens yet; one verdict is also wrong
    assert "bad.yaml:4:11: expect: Input should be 'yes' or 'no'" in done.stdout
    assert "pact.yaml:6:3: West is no party, so it need not help" in done.stdout
    assert "expected yes, got no" in done.stdout and "Explanation:" in done.stdout
    assert "no golden explanation" in done.stdout
