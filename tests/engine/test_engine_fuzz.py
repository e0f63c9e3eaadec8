"""Fuzzing: any rule text, query, fact atom or facts file ends in a located CasusError
(or a successful parse), never in another exception."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from casus.engine.ask import ask
from casus.engine.errors import CasusError
from casus.engine.knowledge.facts import load_facts
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.language.check import check_program
from casus.engine.language.syntax import parse_ground_atom, parse_program, parse_query
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TOKENS = [
    "p", "q", "party", "armenia", "X", "Y", "_", "_X", "(", ")", ",", ".", ":-", "not", "!",
    "=", "!=", "<", "<=", ">", ">=", '"str"', '"', '\\"', "\\", "0", "-7", "12345678901234567890",
    "@rule", "csto.art4", ".input", ".decl", ".question", "true", "false", "from", "until",
    "2020-01-01", "2020-13-45", "0000-00-00", "%comment", "//c", "\n", " ", "\t", "?", ":", "é",
    "\x00", "{", "}", "[", "]", "Ω", "p(X)", "p(a, b).", "h(X) :- b(X).", "x: y",
]
token_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=200), token_soup)


def assert_located(exc: CasusError, file: str) -> None:
    """Every problem names the input it is about and a position in it when it has one."""
    assert exc.problems, "a CasusError without problems"
    for problem in exc.problems:
        assert problem.location.file == file, problem
        assert problem.location.line >= 0 and problem.location.col >= 0, problem
        assert problem.message and problem.code


def expect_parse_or_error(parse: Callable[[], Any], file: str) -> Any:
    try:
        return parse()
    except CasusError as exc:
        assert_located(exc, file)
        return None


@FUZZ
@given(any_text)
def test_rule_parser_and_checker_only_raise_located_errors(text: str) -> None:
    program = expect_parse_or_error(lambda: parse_program(text, "fuzz.dl"), "fuzz.dl")
    if program is not None:
        expect_parse_or_error(lambda: check_program(program, require_ids=False), "fuzz.dl")


@FUZZ
@given(any_text)
def test_query_parser_only_raises_located_errors(text: str) -> None:
    expect_parse_or_error(lambda: parse_query(text), "<query>")


@FUZZ
@given(any_text, st.integers(0, 5), st.integers(0, 5))
def test_fact_parser_only_raises_located_errors(text: str, line: int, col: int) -> None:
    atom = expect_parse_or_error(
        lambda: parse_ground_atom(text, "f.yaml", line_offset=line, col_offset=col), "f.yaml"
    )
    if atom is not None:
        assert atom.is_ground()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text, st.sampled_from(["2020-10-07", "1990-01-01"]))
def test_ask_only_raises_located_errors(kb: KnowledgeBase, text: str, as_of: str) -> None:
    """Questions go through our parser only: hostile text is an error, never executed."""
    try:
        ask(kb, text, dt.date.fromisoformat(as_of), explain="summary")
    except CasusError as exc:
        assert_located(exc, "<query>")


def test_python_in_a_query_is_not_executed(kb: KnowledgeBase, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for text in (f"__import__('pathlib').Path('{marker}').touch()",
                 f"party(X, csto) and open('{marker}', 'w')"):
        with pytest.raises(CasusError) as info:
            ask(kb, text, dt.date(2020, 10, 7))
        assert info.value.code == "syntax"
    assert not marker.exists()


def test_unknown_entity_lists_the_closest_known_ones(kb: KnowledgeBase) -> None:
    with pytest.raises(CasusError) as info:
        ask(kb, "must_assist(russia, armenai, csto, E)", dt.date(2020, 10, 7))
    problem = info.value.problems[0]
    assert problem.code == "unknown-entity" and "armenia" in problem.hints
    assert (problem.location.file, problem.location.line, problem.location.col) == (
        "<query>", 1, 21)


# -- the YAML fact loader --

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 3000), any_text,
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.sampled_from(["party(armenia, csto)", "party(armenia)", "party(narnia, csto)",
                     "must_assist(a, b, c, d)", "party(X, csto)", "moscow-times-2020-10-07",
                     "csto-history", "nosuchsource", "2020-01-01", "fighting is raging"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["source", "from", "x"]), inner,
                                                  max_size=3)), max_leaves=6)
KEYS = ["fact", "from", "until", "source", "quote", "note", "disputed", "junk"]
entries = st.dictionaries(st.sampled_from(KEYS), values, max_size=7)
documents = st.one_of(
    st.lists(entries, max_size=5).map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    st.lists(entries, max_size=5).map(lambda d: yaml.safe_dump(d, default_flow_style=True)),
    any_text,
    values.map(lambda v: yaml.safe_dump(v)),
)


@FUZZ
@given(st.one_of(documents.map(str.encode), st.binary(max_size=100)))
def test_fact_loader_only_raises_located_errors(kb: KnowledgeBase, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yaml"
        path.write_bytes(content)
        assert kb.entities is not None
        load = lambda: load_facts(path, kb.decls, kb.entities or {}, kb.sources, kb.texts)  # noqa: E731
        records = expect_parse_or_error(load, str(path))
        for record in records or []:
            assert kb.decls[record.pred].arity == len(record.args)


def test_an_impossible_yaml_date_is_a_located_error(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Regression: ruamel's ValueError for the year 0 escaped the loader."""
    path = tmp_path / "bad.yaml"
    path.write_text("- fact: party(armenia, csto)\n  from: 0000-01-01\n  source: csto-history\n")
    with pytest.raises(CasusError) as info:
        load_facts(path, kb.decls, kb.entities or {}, kb.sources, kb.texts)
    assert_located(info.value, str(path))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["entities.yaml", "sources.yaml", "csto.yaml", "new.yaml"]),
       st.one_of(documents.map(str.encode), st.binary(max_size=60)))
def test_knowledge_base_load_only_raises_located_errors(name: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        facts = Path(tmp) / "facts"
        shutil.copytree(ROOT / "facts", facts)
        (facts / name).write_bytes(content)
        try:
            KnowledgeBase.load(ROOT / "rules", facts)
        except CasusError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert problem.location.file.startswith(f"{facts.name}/"), problem  # in the KB
