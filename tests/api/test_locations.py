"""Locations in answers and errors name files relative to the knowledge base
(`facts/bilateral.yaml:12`), never by an absolute path of the server's machine."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from casus.api.service.app import create_app
from casus.api.service.settings import Settings
from casus.engine.errors import CasusError
from casus.engine.knowledge.kb import KnowledgeBase, default_dirs
from fastapi.testclient import TestClient


@pytest.fixture
def copied(tmp_path: Path) -> tuple[Path, Path]:
    """The bundled knowledge base copied to a folder outside the working directory."""
    rules, facts = default_dirs()
    shutil.copytree(rules, tmp_path / "rules", ignore=shutil.ignore_patterns("__*"))
    shutil.copytree(facts, tmp_path / "facts", ignore=shutil.ignore_patterns("__*"))
    return tmp_path / "rules", tmp_path / "facts"


def test_answers_locate_rules_and_facts_inside_the_knowledge_base(
    copied: tuple[Path, Path],
) -> None:
    client = TestClient(create_app(Settings(), KnowledgeBase.load(*copied)))
    fact = client.get("/v1/facts", params={"predicate": "party", "limit": 1}).json()["items"][0]
    rule = client.get("/v1/rules").json()[0]
    assert re.fullmatch(r"facts/[\w-]+\.yaml:\d+", fact["location"]), fact["location"]
    assert re.fullmatch(r"rules/[\w-]+\.dl:\d+", rule["location"]), rule["location"]
    assert str(copied[0].parent) not in fact["location"] + rule["location"]


def test_load_errors_locate_files_inside_the_knowledge_base(copied: tuple[Path, Path]) -> None:
    rules, facts = copied
    bilateral = facts / "bilateral.yaml"
    text = bilateral.read_text(encoding="utf-8")
    bilateral.write_text(text.replace("source: ", "source: no-such-source-", 1), encoding="utf-8")
    with pytest.raises(CasusError) as exc:
        KnowledgeBase.load(rules, facts)
    problem = exc.value.problems[0]
    assert problem.location.file == "facts/bilateral.yaml"
    assert str(facts) not in str(exc.value)
