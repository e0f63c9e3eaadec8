"""The `casus` command line: formats, scenarios, check, and exit code 2 on bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from casus.api.cli.main import app
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
SEED = "must_assist(russia, armenia, csto, karabakh_war_2020)"
runner = CliRunner()


def test_ask_text_explains_the_seed_case() -> None:
    result = runner.invoke(app, ["ask", SEED, "--as-of", "2020-10-07"])
    assert result.exit_code == 0
    assert result.stdout.startswith("No. As of 2020-10-07")
    assert "Why not:" in result.stdout
    assert "✗ territory_of(nagorno_karabakh, armenia)" in result.stdout
    assert 'quote: "the disputed Nagorno-Karabakh region' in result.stdout


def test_ask_with_assumptions_in_json() -> None:
    result = runner.invoke(
        app,
        [
            "ask", SEED, "--as-of", "2020-10-07", "--format", "json",
            "--assume", "hostilities_in(karabakh_war_2020, syunik)",
            "--assume", "requested_assistance(armenia, csto, karabakh_war_2020)",
        ],
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["holds"] is True
    assert data["answers"][0]["proof"]["rule"]["id"] == "csto.art4.assist"
    assert data["assume"][0] == "hostilities_in(karabakh_war_2020, syunik)"


def test_retract_and_mermaid() -> None:
    result = runner.invoke(
        app,
        ["ask", "party(armenia, csto)", "--as-of", "2020-10-07",
         "--retract", "party(armenia, csto)", "--format", "mermaid"],
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("flowchart TD")
    assert "party(armenia, csto)" in result.stdout and "class n1 fails" in result.stdout


def test_bad_query_exits_2_with_location_and_suggestions() -> None:
    result = runner.invoke(app, ["ask", "must_asist(russia, armenija, csto, E)"])
    assert result.exit_code == 2
    assert "<query>:1:1: unknown predicate must_asist (did you mean: must_assist" in result.stderr
    assert "<query>:1:20: unknown entity armenija in must_asist(russia, armenija, csto, E) " \
        "(did you mean: armenia" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_check_passes_on_the_bundled_kb() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0 and result.stdout.startswith("ok: ")


def test_check_reports_file_line_col_and_exits_2(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with (rules / "csto.dl").open("a", encoding="utf-8") as f:
        f.write('\n@rule broken "x"\nmust_consult(csto, E) :- target(E, V), not party(W, csto).\n')
    result = runner.invoke(app, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    assert "csto.dl:" in result.stderr and "unsafe variable W under 'not'" in result.stderr
    assert "Traceback" not in result.stderr


def test_each_interpretation_answers_side_by_side() -> None:
    scenario = [
        "armed_attack(e)", "border_incident(e)", "target(e, armenia)",
        "hostilities_in(e, gegharkunik)", "requested_assistance(armenia, csto, e)",
    ]
    args = ["ask", "must_assist(russia, armenia, csto, e)", "--as-of", "2021-07-03",
            "--each-interpretation"]
    for fact in scenario:
        args += ["--assume", fact]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0
    verdicts = {row["interpretation"]: row["answer"]["holds"] for row in json.loads(result.stdout)}
    assert verdicts[None] is True
    assert verdicts["border_incident_not_aggression"] is False
    assert set(verdicts) >= {"no_request_no_assistance", "force_between_members_excluded"}
    text = runner.invoke(app, args)
    assert "treaty text" in text.stdout and "border_incident_not_aggression" in text.stdout


def test_plain_install_runs_ask_without_the_server_packages() -> None:
    """The README's first command installs no `api` extra: `casus ask` must still run, and
    `casus serve` must say what to install (blocked imports stand in for missing packages)."""
    script = (
        "import sys\n"
        "for name in ('uvicorn', 'fastapi', 'pydantic_settings', 'trafilatura'):\n"
        "    sys.modules[name] = None\n"
        "from typer.testing import CliRunner\n"
        "from casus.api.cli.main import app\n"
        "r = CliRunner()\n"
        f"ask = r.invoke(app, ['ask', '{SEED}', '--as-of', '2020-10-07'])\n"
        "serve = r.invoke(app, ['serve'])\n"
        "print(ask.exit_code, ask.stdout.split('.')[0], serve.exit_code)\n"
        "print(serve.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    first, message = done.stdout.splitlines()[:2]
    assert first == "0 No 2"
    assert "pip install -e '.[api]'" in message
