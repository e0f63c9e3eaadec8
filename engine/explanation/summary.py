"""The one-paragraph plain-English summary on top of every answer."""

from __future__ import annotations

from ..language.ast import Atom
from .answer import Answer, ProofNode, RuleAttempt, WhyNot
from .sentences import Sentences


def _deepest_failure(why: WhyNot) -> tuple[list[RuleAttempt], WhyNot]:
    """Follow the first failing premise down to where the chain of reasons ends."""
    chain: list[RuleAttempt] = []
    node = why
    while node.attempts:
        attempt = next((a for a in node.attempts if a.failed is not None), None)
        if attempt is None or attempt.failed is None:
            break
        chain.append(attempt)
        node = attempt.failed
    return chain, node


def _proof_reason(proof: ProofNode) -> str:
    if proof.rule is None:
        return ""
    facts = [p.sentence for p in proof.premises if p.kind in ("fact", "assumed", "negation")]
    reason = f" This follows from {proof.rule.citation} (rule {proof.rule.id})"
    if facts:
        reason += ": " + "; ".join(facts[:6])
    return reason + "."


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def summarize(answer: Answer, goal: Atom, sentences: Sentences) -> str:
    """Yes/No, the goal as a sentence, and the main reason in the terms of the rules."""
    date = answer.as_of.isoformat()
    scenario = ""
    if answer.assume or answer.retract or answer.interpretations:
        scenario = " in this scenario"
    if answer.holds:
        if goal.is_ground():
            text = f"Yes. As of {date}{scenario}, {sentences.atom(goal)}."
            if answer.answers and answer.answers[0].proof is not None:
                text += _proof_reason(answer.answers[0].proof)
            return text
        found = "; ".join(item.atom for item in answer.answers[:5])
        more = len(answer.answers) - 5
        tail = f" and {more} more" if more > 0 else ""
        return f"Yes: {len(answer.answers)} answer(s) as of {date}{scenario}: {found}{tail}."
    text = f"No. As of {date}{scenario}, {sentences.atom(goal, holds=False)}."
    if answer.why_not is not None:
        chain, last = _deepest_failure(answer.why_not)
        if chain:
            first = chain[0]
            text += f" Under {first.rule.citation} (rule {first.rule.id})"
            held: list[str] = []
            for attempt in chain:
                for h in attempt.held:
                    if h.kind in ("fact", "assumed") and h.sentence not in held:
                        held.append(h.sentence)
            if held:
                text += ", " + "; ".join(held[:5])
            text += f", but {last.sentence}"
            if last.instead:
                text += " (instead: " + "; ".join(last.instead) + ")"
            text += "."
        else:
            notes = [a.note for a in answer.why_not.attempts if a.note]
            if notes:
                text += " " + _cap(notes[0]) + "."
            elif last.kind == "retracted":
                text += " The scenario retracts this fact."
            elif last.instead:
                text += " Instead: " + "; ".join(last.instead) + "."
        if last.held_at_other_dates:
            periods = ", ".join(
                s.period + (" (disputed)" if s.disputed else "")
                for s in last.held_at_other_dates[:3]
            )
            text += f" That fact holds at other dates ({periods})."
    if answer.would_hold_if and answer.would_hold_if != [[str(goal)]]:
        smallest = answer.would_hold_if[0]
        text += " It would hold if " + " and ".join(smallest) + "."
    return text
