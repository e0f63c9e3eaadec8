"""Settings come from CASUS_* environment variables; `casus serve` fails fast on a bad KB."""

from __future__ import annotations

from pathlib import Path

import pytest
from casus.api.cli.main import app as cli
from casus.api.service.app import create_app
from casus.api.service.settings import Settings
from fastapi.testclient import TestClient
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]


def test_limits_and_directories_from_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CASUS_MAX_ANSWERS", "7")
    monkeypatch.setenv("CASUS_TIME_BUDGET_S", "0.5")
    monkeypatch.setenv("CASUS_RULES", str(ROOT / "rules"))
    monkeypatch.setenv("CASUS_FACTS", str(ROOT / "facts"))
    settings = Settings()
    assert settings.rules == ROOT / "rules" and settings.facts == ROOT / "facts"
    limits = settings.limits()
    assert (limits.max_answers, limits.time_budget_s) == (7, 0.5)
    with TestClient(create_app()) as client:
        assert client.get("/v1/version").json()["limits"]["max_answers"] == 7


def test_invalid_setting_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASUS_MAX_ANSWERS", "0")
    with pytest.raises(ValueError, match="max_answers"):
        Settings()


def test_serve_reports_a_bad_knowledge_base_instead_of_starting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CASUS_RULES", str(tmp_path))  # serve sets it; restored afterwards
    result = CliRunner().invoke(cli, ["serve", "--rules", str(tmp_path), "--port", "1"])
    assert result.exit_code == 2
    assert "no rule files" in result.output
