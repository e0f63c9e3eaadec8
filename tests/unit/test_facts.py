"""Fact files: YAML positions in errors, entity and source checks, quotes, dates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from casus.engine.errors import CasusError
from casus.engine.knowledge.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kb_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A copy of the bundled knowledge base that a test may break; its article in facts/articles."""
    monkeypatch.delenv("CASUS_ARTICLES", raising=False)
    rules = tmp_path / "rules"
    facts = tmp_path / "facts"
    shutil.copytree(ROOT / "rules", rules)
    facts.mkdir()
    for name in ("entities.yaml", "sources.yaml", "csto.yaml"):
        shutil.copy(ROOT / "facts" / name, facts / name)
    (facts / "articles").mkdir()
    article = facts / "articles" / "article.txt"
    article.write_text("Fighting broke out on Sept. 27 in the region.\n", encoding="utf-8")
    with (facts / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write("- {id: test-article, kind: news, title: Test, text: article.txt}\n")
    return rules, facts


def load_problems(rules: Path, facts: Path, body: str) -> list[tuple[str, str, int, int, str]]:
    (facts / "extra.yaml").write_text(body, encoding="utf-8")
    try:
        KnowledgeBase.load(rules, facts)
    except CasusError as exc:
        return [
            (p.code, Path(p.location.file).name, p.location.line, p.location.col, p.message)
            for p in exc.problems
        ]
    return []


def test_valid_fact_loads_with_dates_and_quote(kb_dirs: tuple[Path, Path]) -> None:
    rules, facts = kb_dirs
    body = (
        "- fact: event(karabakh_war_2020)\n  from: 2020-09-27\n  source: test-article\n"
        "  quote: \"Fighting broke out\n    on Sept. 27\"\n"
    )
    assert load_problems(rules, facts, body) == []
    kb = KnowledgeBase.load(rules, facts)
    (record,) = kb.store.records("event", ("karabakh_war_2020",))
    assert record.valid_from is not None and record.valid_from.isoformat() == "2020-09-27"
    assert record.loc.line == 1


def test_unknown_entity_points_at_the_argument_with_suggestion(kb_dirs: tuple[Path, Path]) -> None:
    rules, facts = kb_dirs
    found = load_problems(rules, facts, "- fact: party(armenija, csto)\n  source: test-article\n")
    assert found == [("unknown-entity", "extra.yaml", 1, 15, "unknown entity armenija in "
                      "party(armenija, csto)")]


def test_quote_must_occur_in_the_source_text(kb_dirs: tuple[Path, Path]) -> None:
    rules, facts = kb_dirs
    body = "- fact: event(karabakh_war_2020)\n  source: test-article\n  quote: never said\n"
    found = load_problems(rules, facts, body)
    assert [(f[0], f[2], f[3]) for f in found] == [("quote-not-found", 3, 10)]


def test_articles_folder_is_configurable_and_missing_texts_are_reported(
    kb_dirs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules, facts = kb_dirs
    body = "- fact: event(karabakh_war_2020)\n  source: test-article\n  quote: never said\n"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("CASUS_ARTICLES", str(elsewhere))
    assert load_problems(rules, facts, body) == []  # text absent: not verified, not failed
    kb = KnowledgeBase.load(rules, facts)
    assert "test-article" in kb.unverified_sources
    (facts / "articles" / "article.txt").rename(elsewhere / "article.txt")
    assert [p[0] for p in load_problems(rules, facts, body)] == ["quote-not-found"]


def test_source_text_outside_the_articles_folder_is_never_read(
    kb_dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    """`text: ../../secret` cannot confirm a quote from a file outside the articles folder."""
    rules, facts = kb_dirs
    (tmp_path / "secret.txt").write_text("root:x:0:0\n", encoding="utf-8")
    with (facts / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write("- {id: escape, kind: news, title: Escape, text: ../../secret.txt}\n")
    (facts / "extra.yaml").write_text(
        "- fact: event(karabakh_war_2020)\n  source: escape\n  quote: root:x:0:0\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase.load(rules, facts)
    assert kb.texts["escape"] is None
    assert "escape" in kb.unverified_sources


def test_unknown_source_bad_dates_and_unknown_key(kb_dirs: tuple[Path, Path]) -> None:
    rules, facts = kb_dirs
    body = (
        "- fact: event(karabakh_war_2020)\n  source: test-articel\n"
        "- fact: event(karabakh_war_2020)\n  source: test-article\n"
        "  from: 2020-01-02\n  until: 2020-01-01\n"
        "- fact: event(karabakh_war_2020)\n  source: test-article\n  form: 2020-01-01\n"
    )
    found = load_problems(rules, facts, body)
    assert [(f[0], f[2]) for f in found] == [("unknown-source", 2), ("bad-dates", 6),
                                             ("invalid", 9)]


def test_yaml_syntax_error_and_bad_fact_text_are_located(kb_dirs: tuple[Path, Path]) -> None:
    rules, facts = kb_dirs
    assert load_problems(rules, facts, "- fact: [unclosed\n")[0][:3] == ("yaml", "extra.yaml", 2)
    found = load_problems(rules, facts, "- fact: party(armenia csto)\n  source: test-article\n")
    assert found[0][:4] == ("syntax", "extra.yaml", 1, 23)


def test_fact_for_derived_predicate_and_wrong_arity(kb_dirs: tuple[Path, Path]) -> None:
    rules, facts = kb_dirs
    body = (
        "- fact: casus_foederis(csto, karabakh_war_2020)\n  source: test-article\n"
        "- fact: party(armenia)\n  source: test-article\n"
    )
    assert [f[0] for f in load_problems(rules, facts, body)] == ["fact-for-derived", "wrong-arity"]


def test_split_flow_fact_gets_a_helpful_message(kb_dirs: tuple[Path, Path]) -> None:
    rules, facts = kb_dirs
    found = load_problems(rules, facts, "- {fact: party(armenia, csto), source: test-article}\n")
    assert "quote the fact" in found[0][4]


def test_state_without_iso_code_is_rejected(kb_dirs: tuple[Path, Path]) -> None:
    rules, facts = kb_dirs
    with (facts / "entities.yaml").open("a", encoding="utf-8") as f:
        f.write("- {id: atlantis, kind: state, label: Atlantis}\n")
    with pytest.raises(CasusError) as info:
        KnowledgeBase.load(rules, facts)
    assert info.value.code == "missing-iso"


def test_interpretation_naming_an_unknown_treaty_is_rejected(kb_dirs: tuple[Path, Path]) -> None:
    """An interpretation's `treaties` must be treaty entities; the nearest one is offered."""
    rules, facts = kb_dirs
    with (facts / "entities.yaml").open("a", encoding="utf-8") as f:
        f.write("- {id: wide_reading, kind: interpretation, label: Wide, treaties: [cst0]}\n")
    with pytest.raises(CasusError) as info:
        KnowledgeBase.load(rules, facts)
    problem = info.value.problems[0]
    assert problem.code == "unknown-treaty"
    assert "cst0" in problem.message and problem.hints == ("csto",)
