"""`casus review` on every YAML layout: only the intended entries change, the file stays valid.

Each case also checks line endings, anchors and the comments outside the edited entries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from casus.api.cli.main import app
from casus.engine.errors import CasusError
from casus.engine.extraction.article import extract
from casus.engine.extraction.list_file import ListFile
from casus.engine.extraction.writer import review, write_facts
from casus.engine.knowledge.facts import load_entities
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from typer.testing import CliRunner

A = "party(armenia, csto)"  # unreviewed in every layout
B = "party(belarus, csto)"  # reviewed

LAYOUTS = {
    "block": f"- fact: {A}\n  source: s\n  reviewed: false\n- fact: {B}\n  source: s\n",
    "top list indented by 2": (
        f"  - fact: {A}\n    source: s\n    reviewed: false\n  - fact: {B}\n    source: s\n"
    ),
    "flow list": f'[{{fact: "{A}", source: s, reviewed: false}}, {{fact: "{B}", source: s}}]\n',
    "flow list over lines": (
        f'[\n  {{fact: "{A}", source: s, reviewed: false}},\n  {{fact: "{B}", source: s}},\n]\n'
    ),
    "flow entries": (
        f'- {{fact: "{A}", source: s, reviewed: false}}\n- {{fact: "{B}", source: s}}\n'
    ),
    "anchor aliased by a later disputed": (
        f"- fact: {A}\n  source: &src s\n  reviewed: false\n"
        f"- fact: {B}\n  source: t\n  disputed:\n  - source: *src\n"
    ),
    "anchored claim aliased later": (
        f"- fact: {A}\n  source: s\n  reviewed: false\n  also:\n  - &c {{source: t, quote: q}}\n"
        f"- fact: {B}\n  source: t\n  disputed:\n  - *c\n"
    ),
    "keep block quote, blank lines, comment": (
        f"- fact: {A}\n  source: s\n  reviewed: false\n  quote: |+\n    line one\n\n\n"
        f"# about belarus\n- fact: {B}\n  source: s\n"
    ),
    "crlf": (
        f"# head\r\n- fact: {A}\r\n  source: s\r\n  reviewed: false\r\n"
        f"# about belarus\r\n- fact: {B}\r\n  source: s\r\n"
    ),
    "comments between entries": (
        f"# head\n- fact: {A}  # eol\n  source: s\n  reviewed: false\n\n# about belarus\n\n"
        f"- fact: {B}\n  source: s\n# tail\n"
    ),
    "dash on its own line": f"-\n  fact: {A}\n  source: s\n  reviewed: false\n-\n  fact: {B}\n"
    "  source: s\n",
    "document markers": (
        f"%YAML 1.2\n---\n- fact: {A}\n  source: s\n  reviewed: false\n- fact: {B}\n"
        "  source: s\n...\n"
    ),
    "nested list indented": (
        f"- fact: {A}\n  source: s\n  reviewed: false\n  disputed:\n    - source: t\n"
        f"      from: 2000-01-01\n- fact: {B}\n  source: s\n"
    ),
    "no final newline": f"- fact: {A}\n  source: s\n  reviewed: false\n- fact: {B}\n  source: s",
}
# comments that are outside the entry review edits, so each must survive exactly once
KEPT_COMMENTS = ("# head", "# about belarus", "# tail")


def _load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def _expected(text: str, op: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = _load(text)
    if op == "reject":
        return entries[1:]
    entries[0].pop("reviewed")
    return entries


def _review(path: Path, op: str) -> Any:
    if op == "reject":
        return review(path, reject=[A])
    if op == "accept":
        return review(path, accept=[A])
    return review(path, accept_all=True)


@pytest.mark.parametrize("op", ["accept", "reject", "all"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_review_changes_only_the_intended_entry(tmp_path: Path, layout: str, op: str) -> None:
    text = LAYOUTS[layout]
    path = tmp_path / "facts.yaml"
    path.write_bytes(text.encode())
    done = _review(path, op)
    after = path.read_bytes().decode()
    assert _load(after) == _expected(text, op)
    assert (done.rejected if op == "reject" else done.accepted) == [A]
    if "\r\n" in text:
        assert after.count("\n") == after.count("\r\n")
    else:
        assert "\r" not in after
    for comment in KEPT_COMMENTS:
        assert after.count(comment) == text.count(comment), comment
    if op != "reject" and "&src" in text:
        assert "&src" in after and "*src" in after


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_extract_write_appends_to_every_layout(tmp_path: Path, layout: str) -> None:
    text = LAYOUTS[layout]
    path = tmp_path / "facts.yaml"
    path.write_bytes(text.encode())
    root = Path(__file__).resolve().parents[2]
    entities = load_entities(root / "facts" / "entities.yaml")
    found = extract("Kazakhstan is a member of the CSTO.", entities, published=None)
    assert write_facts(path, found.candidates, "s", entities).added == ["party(kazakhstan, csto)"]
    after = path.read_bytes().decode()
    *kept, new = _load(after)
    assert kept == _load(text)
    assert new["fact"] == "party(kazakhstan, csto)" and new["reviewed"] is False
    assert ("\r\n" in text) == ("\r\n" in after)
    for comment in KEPT_COMMENTS:
        assert after.count(comment) == text.count(comment), comment


def test_a_reject_that_matches_nothing_says_so_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(LAYOUTS["block"], encoding="utf-8")
    out = CliRunner().invoke(app, ["review", str(path), "--reject", B])
    assert out.exit_code == 1
    assert "rejected" not in out.stdout
    assert f"no unreviewed fact {B}" in out.stderr
    assert path.read_text(encoding="utf-8") == LAYOUTS["block"]


def test_an_edit_that_would_change_other_facts_writes_nothing(tmp_path: Path) -> None:
    # both entries share one `also` list: adding to it through one entry changes the other
    text = (
        f"- fact: {A}\n  source: s\n  reviewed: false\n  also: &l\n  - source: t\n"
        f"- fact: {B}\n  source: s\n  also: *l\n"
    )
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    listing = ListFile(path)
    listing.extend_list(0, "also", {"source": "u"})
    with pytest.raises(CasusError) as exc:
        listing.save()
    assert exc.value.code == "unsafe-write"
    assert path.read_text(encoding="utf-8") == text


# --- property: generated layouts -------------------------------------------------------

STATES = ["armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan"]


@st.composite
def layouts(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    """A facts file in a random layout, and the entries it holds."""
    states = draw(st.lists(st.sampled_from(STATES), min_size=1, max_size=6, unique=True))
    flow_list = draw(st.booleans())
    pad = "" if flow_list else draw(st.sampled_from(["", "  ", "    "]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    entries: list[dict[str, Any]] = []
    chunks: list[str] = []
    for i, state in enumerate(states):
        entry: dict[str, Any] = {"fact": f"party({state}, csto)", "source": "s"}
        if draw(st.booleans()):
            entry["reviewed"] = False
        block_quote = not flow_list and draw(st.booleans())
        if block_quote:
            entry["quote"] = "said so\n" + "\n" * draw(st.integers(0, 2))
        entries.append(entry)
        if flow_list or (draw(st.booleans()) and not block_quote):
            body = ", ".join(
                f'{k}: "{v}"' if k == "fact" else f"{k}: {str(v).lower()}"
                for k, v in entry.items()
            )
            chunks.append(("" if flow_list else f"{pad}- ") + "{" + body + "}")
            continue
        fact = draw(st.sampled_from([entry["fact"], f'"{entry["fact"]}"', f"'{entry['fact']}'"]))
        lines = [f"{pad}- fact: {fact}", f"{pad}  source: s"]
        if "reviewed" in entry:
            lines.append(f"{pad}  reviewed: false")
        if block_quote:
            lines.append(f"{pad}  quote: |+\n{pad}    said so" + "\n" * (len(entry["quote"]) - 8))
        if draw(st.booleans()):
            lines.append(f"# comment {i}")
        chunks.append("\n".join(lines))
    if flow_list:
        text = "[" + ", ".join(chunks) + "]\n"
    else:
        text = "".join(c + "\n" for c in chunks)
    return text.replace("\n", newline), entries


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts(), st.sampled_from(["accept", "reject", "all"]), st.randoms())
def test_review_on_generated_layouts(
    tmp_path_factory: pytest.TempPathFactory,
    layout: tuple[str, list[dict[str, Any]]],
    op: str,
    rnd: Any,
) -> None:
    text, entries = layout
    assert _load(text) == entries  # the generator writes what it claims
    unreviewed = [e["fact"] for e in entries if e.get("reviewed") is False]
    chosen = [f for f in unreviewed if rnd.random() < 0.5]
    path = tmp_path_factory.mktemp("layout") / "facts.yaml"
    path.write_bytes(text.encode())
    if op == "reject":
        done = review(path, reject=chosen)
        expected = [e for e in entries if e["fact"] not in chosen]
        assert done.rejected == chosen
    else:
        picked = unreviewed if op == "all" else chosen
        done = review(path, accept=[] if op == "all" else chosen, accept_all=op == "all")
        expected = [
            {k: v for k, v in e.items() if not (k == "reviewed" and e["fact"] in picked)}
            for e in entries
        ]
        assert done.accepted == picked
    after = path.read_bytes().decode()
    assert (_load(after) or []) == expected
    if "\r\n" in text:  # line endings kept
        assert after.count("\n") == after.count("\r\n")
    else:
        assert "\r" not in after
    for i in range(len(entries)):  # comments between entries stay, once each
        assert after.count(f"# comment {i}") == text.count(f"# comment {i}"), (text, after)
