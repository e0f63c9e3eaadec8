"""The casebook: every recorded real case answered under the treaty text and under each named
interpretation that touches the treaty, next to what the allies actually did.

A case is a (treaty, event) pair with at least one outcome record (`.record` predicates in
rules/outcomes.dl). It is asked as of the day of its first recorded outcome, when the allies
had to decide. Its questions, and what "predicts" means:

- `must_assist(A, V, T, E)` (anyone obliged to assist anyone) is compared with whether the
  allies assisted: `assisted(T, E)` is recorded.
- `must_consult(T, E)`, for treaties with a consultation clause, is compared with whether
  they consulted: `consulted`, `fact_finding` or `assisted` is recorded for (T, E).

A reading (the text, or the text with one interpretation selected) predicts a case when the
verdict of every question equals what happened. Records are never premises of rules, so a
verdict cannot see the outcome it is compared with.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, Field

from ..ask import ExplainLevel, ask
from ..errors import CasusError, Location
from ..evaluation.scenario import Limits
from ..explanation.answer import Answer, SourceRef
from ..explanation.citations import source_ref
from ..explanation.sentences import Sentences
from ..knowledge.kb import KnowledgeBase
from ..knowledge.store import FactRecord
from ..language.ast import Atom, Const, Negation, Rule
from ..language.check import suggest
from .compare import interpretation_names

ASSIST_QUESTION = "must_assist"
CONSULT_QUESTION = "must_consult"
ASSIST_EVIDENCE = ("assisted",)
CONSULT_EVIDENCE = ("consulted", "fact_finding", "assisted")
OUTCOMES = ("assisted", "consulted", "fact_finding", "declined", "no_action")
TEXT = "text"

DEFINITION = (
    "A case is a treaty and an event with a recorded outcome, asked as of the day of its first "
    "recorded outcome. must_assist(A, V, T, E) is compared with assisted(T, E); "
    "must_consult(T, E) (where the treaty has a consultation clause) with consulted, "
    "fact_finding or assisted. A reading predicts a case when every verdict equals what "
    "happened (Yes where the allies acted, No where they did not)."
)


class RecordOut(BaseModel):
    """One dated fact with its source: an event fact, or a record of what happened."""

    kind: str = Field(description="the predicate: target, invoked, assisted, consulted, ...")
    atom: str
    sentence: str
    date: dt.date | None = None
    sources: list[SourceRef]


class Verdict(BaseModel):
    """A question's verdict under one reading, and whether the allies did what it says."""

    question: str
    holds: bool
    happened: bool = Field(description="what the allies did, by the records (see definition)")
    matches: bool
    answer: Answer | None = Field(default=None, description="the answer with its explanation")


class Reading(BaseModel):
    """The treaty text, or the text under one named interpretation."""

    interpretation: str | None = Field(description="null for the treaty text")
    verdicts: list[Verdict]
    predicts: bool


class CaseReport(BaseModel):
    """One real case: its questions, the verdict under every reading, and what happened."""

    id: str
    treaty: str
    treaty_label: str
    event: str
    event_label: str
    as_of: dt.date
    questions: list[str]
    invoked: list[RecordOut]
    outcomes: list[RecordOut]
    affirmed: list[RecordOut]
    event_facts: list[RecordOut] = Field(
        description="the base facts about the event in force on the case's date, each with its "
        "source: what every verdict below was reached on"
    )
    readings: list[Reading]
    predicted_by: list[str] = Field(description="'text' and the interpretations that predict it")
    sources: list[SourceRef] = Field(description="the sources of every fact about the event")


class Figures(BaseModel):
    """How often the text, and the best single interpretation, predict what the allies did."""

    cases: int
    text_predicts: int
    text_by_question: dict[str, str] = Field(
        description="per question: how many of the cases that raise it the text gets right"
    )
    by_interpretation: dict[str, int] = Field(
        description="cases predicted with the interpretation selected (the text where it "
        "does not apply)"
    )
    best_interpretation: str | None
    best_predicts: int
    unexplained: list[str] = Field(description="ids of cases that no reading predicts")


class Casebook(BaseModel):
    """Every case and the overall figures."""

    definition: str = DEFINITION
    cases: list[CaseReport]
    figures: Figures


def case_id(treaty: str, event: str) -> str:
    return f"{treaty}.{event}"


def find_cases(kb: KnowledgeBase) -> dict[str, tuple[str, str, dt.date]]:
    """(treaty, event, as_of) of every case, by id, ordered by date."""
    first: dict[tuple[str, str], dt.date] = {}
    for pred in OUTCOMES:
        for record in kb.store.by_pred.get(pred, []):
            treaty, event = (str(v) for v in record.args)
            day = record.valid_from or dt.date.min
            first[(treaty, event)] = min(day, first.get((treaty, event), day))
    ordered = sorted(first.items(), key=lambda item: (item[1], item[0]))
    return {case_id(t, e): (t, e, day) for (t, e), day in ordered}


def _compatible(head: Atom, call: Atom) -> bool:
    """A rule head can answer a call unless they name different constants somewhere."""
    return all(
        not (isinstance(h, Const) and isinstance(c, Const) and h.value != c.value)
        for h, c in zip(head.args, call.args, strict=False)
    )


def interpretations_for(kb: KnowledgeBase, treaty: str) -> list[str]:
    """The named interpretations some rule of `treaty` depends on, through the rules it calls
    (a rule of the treaty names it in its head)."""
    by_head: dict[str, list[Rule]] = defaultdict(list)
    for rule in kb.rules:
        by_head[rule.head.pred].append(rule)
    stack = [
        r for r in kb.rules if any(isinstance(a, Const) and a.value == treaty for a in r.head.args)
    ]
    seen = {r.id for r in stack}
    found: set[str] = set()
    while stack:
        rule = stack.pop()
        for lit in rule.body:
            atom = lit.atom if isinstance(lit, Negation) else lit
            if not isinstance(atom, Atom):
                continue
            if atom.pred == "interpretation" and isinstance(atom.args[0], Const):
                found.add(str(atom.args[0].value))
            for callee in by_head.get(atom.pred, []):
                if callee.id not in seen and _compatible(callee.head, atom):
                    seen.add(callee.id)
                    stack.append(callee)
    known = set(interpretation_names(kb))
    return sorted(found & known)


def has_consultation_clause(kb: KnowledgeBase, treaty: str) -> bool:
    return any(
        r.head.pred == CONSULT_QUESTION
        and isinstance(r.head.args[0], Const)
        and r.head.args[0].value == treaty
        for r in kb.rules
    )


def _records(kb: KnowledgeBase, pred: str, treaty: str, event: str) -> list[FactRecord]:
    return [
        r for r in kb.store.by_pred.get(pred, []) if treaty in r.args and event in r.args
    ]


def _record_out(kb: KnowledgeBase, sentences: Sentences, record: FactRecord) -> RecordOut:
    atom = Atom(record.pred, tuple(Const(v) for v in record.args))
    return RecordOut(
        kind=record.pred,
        atom=str(atom),
        sentence=sentences.atom(atom),
        date=record.valid_from,
        sources=[source_ref(kb, record, f"{record.loc.file}:{record.loc.line}")],
    )


def _event_sources(kb: KnowledgeBase, event: str) -> list[SourceRef]:
    """One reference per source of any fact that names the event."""
    refs: dict[str, SourceRef] = {}
    for records in kb.store.by_pred.values():
        for record in records:
            if event in record.args and record.source not in refs:
                refs[record.source] = source_ref(
                    kb, record, f"{record.loc.file}:{record.loc.line}"
                )
    return sorted(refs.values(), key=lambda s: (s.date or dt.date.min, s.id))


def _event_facts(kb: KnowledgeBase, event: str, as_of: dt.date) -> list[FactRecord]:
    """Base facts naming the event (not records of what happened) in force on `as_of`."""
    day = as_of.toordinal()
    return [
        r
        for pred, records in kb.store.by_pred.items()
        if pred in kb.decls and not kb.decls[pred].record
        for r in records
        if event in r.args and r.valid_on(day)
    ]


def _happened(kb: KnowledgeBase, treaty: str, event: str, question: str) -> bool:
    evidence = ASSIST_EVIDENCE if question.startswith(ASSIST_QUESTION) else CONSULT_EVIDENCE
    return any(_records(kb, pred, treaty, event) for pred in evidence)


def questions_for(kb: KnowledgeBase, treaty: str, event: str) -> list[str]:
    """The questions a case raises: the obligation to assist, and consultation if the treaty
    has such a clause."""
    asked = [f"{ASSIST_QUESTION}(A, V, {treaty}, {event})"]
    if has_consultation_clause(kb, treaty):
        asked.append(f"{CONSULT_QUESTION}({treaty}, {event})")
    return asked


class _Known:
    """What every case of one casebook run shares: the cases, and each treaty's
    interpretations (computed once per treaty)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.cases = find_cases(kb)
        self._names: dict[str, list[str]] = {}

    def interpretations(self, treaty: str) -> list[str]:
        if treaty not in self._names:
            self._names[treaty] = interpretations_for(self.kb, treaty)
        return self._names[treaty]


def answer_case(
    kb: KnowledgeBase,
    ident: str,
    explain: ExplainLevel = "none",
    limits: Limits | None = None,
    known: _Known | None = None,
) -> CaseReport:
    """One case under the text and every interpretation that touches its treaty."""
    known = known or _Known(kb)
    cases = known.cases
    if ident not in cases:
        raise CasusError.single(
            "unknown-case", f"unknown case {ident}", Location("<case>"), suggest(ident, cases)
        )
    treaty, event, as_of = cases[ident]
    sentences = Sentences(kb.decls, kb.entities)
    asked = questions_for(kb, treaty, event)
    happened = {q: _happened(kb, treaty, event, q) for q in asked}
    readings: list[Reading] = []
    for name in [None, *known.interpretations(treaty)]:
        level: ExplainLevel = explain if name is None or explain == "none" else "summary"
        verdicts = []
        for question in asked:
            answer = ask(kb, question, as_of, (), (), [name] if name else [], level, limits)
            verdicts.append(
                Verdict(
                    question=question,
                    holds=answer.holds,
                    happened=happened[question],
                    matches=answer.holds == happened[question],
                    answer=answer if explain != "none" else None,
                )
            )
        predicts = all(v.matches for v in verdicts)
        readings.append(Reading(interpretation=name, verdicts=verdicts, predicts=predicts))

    def records(*preds: str) -> list[RecordOut]:
        found = [r for p in preds for r in _records(kb, p, treaty, event)]
        found.sort(key=lambda r: (r.valid_from or dt.date.min, r.pred))
        return [_record_out(kb, sentences, r) for r in found]

    return CaseReport(
        id=ident,
        treaty=treaty,
        treaty_label=sentences.value(treaty),
        event=event,
        event_label=sentences.value(event),
        as_of=as_of,
        questions=asked,
        invoked=records("invoked"),
        outcomes=records(*OUTCOMES),
        affirmed=records("affirmed"),
        event_facts=[_record_out(kb, sentences, r) for r in _event_facts(kb, event, as_of)],
        readings=readings,
        predicted_by=[r.interpretation or TEXT for r in readings if r.predicts],
        sources=_event_sources(kb, event),
    )


def figures(kb: KnowledgeBase, reports: Iterable[CaseReport]) -> Figures:
    """The text's score, each interpretation's score (the text where it does not apply), the
    best single interpretation and the cases no reading predicts."""
    reports = list(reports)
    names = interpretation_names(kb)
    text = sum(1 for r in reports if TEXT in r.predicted_by)
    by_name: dict[str, int] = {}
    for name in names:
        score = 0
        for report in reports:
            reading = next((x for x in report.readings if x.interpretation == name), None)
            score += (reading.predicts if reading else TEXT in report.predicted_by)
        by_name[name] = score
    best = max(names, key=lambda n: (by_name[n], -names.index(n)), default=None)
    right: dict[str, list[bool]] = defaultdict(list)
    for report in reports:
        for verdict in report.readings[0].verdicts:
            right[verdict.question.split("(")[0]].append(verdict.matches)
    return Figures(
        cases=len(reports),
        text_predicts=text,
        text_by_question={q: f"{sum(m)} of {len(m)}" for q, m in sorted(right.items())},
        by_interpretation=by_name,
        best_interpretation=best,
        best_predicts=by_name[best] if best else 0,
        unexplained=[r.id for r in reports if not r.predicted_by],
    )


def casebook(
    kb: KnowledgeBase,
    treaty: str | None = None,
    explain: ExplainLevel = "none",
    limits: Limits | None = None,
) -> Casebook:
    """Every case (of one treaty, if given) and the overall figures."""
    known = _Known(kb)
    cases = known.cases
    if treaty is not None:
        treaties = sorted({t for t, _, _ in cases.values()})
        if treaty not in treaties:
            raise CasusError.single(
                "unknown-treaty",
                f"no cases for treaty {treaty}",
                Location("<treaty>"),
                suggest(treaty, treaties),
            )
    reports = [
        answer_case(kb, ident, explain, limits, known)
        for ident, (t, _, _) in cases.items()
        if treaty is None or t == treaty
    ]
    return Casebook(cases=reports, figures=figures(kb, reports))
