"""Render an answer as HTML for Jupyter: verdict, summary, and the proof or why-not tree as
nested collapsible lists with each fact's sources. Every text is escaped."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .answer import Answer, ProofNode, RuleAttempt, RuleRef, SourceRef, WhyNot

_STYLE = (
    "<style>.casus-answer details>ul{margin:0.2em 0 0.2em 1.2em;padding:0}"
    ".casus-answer li{list-style:none}.casus-answer .yes{color:#1e8e3e}"
    ".casus-answer .no{color:#d93025}.casus-answer .meta{color:#666;font-size:0.9em}</style>"
)


def _rule(rule: RuleRef) -> str:
    valid = f", in force {escape(rule.valid)}" if rule.valid else ""
    return (
        f'<div class="meta">by rule <code>{escape(rule.id)}</code>, {escape(rule.citation)}'
        f" ({escape(rule.location)}{valid})</div>"
    )


def _source(src: SourceRef, prefix: str = "source") -> str:
    title = escape(src.title)
    if src.url and src.url.startswith(("https://", "http://")):
        title = f'<a href="{escape(src.url, quote=True)}">{title}</a>'
    parts = [f"{prefix}: {title}"]
    if src.publisher:
        parts.append(escape(src.publisher))
    if src.date:
        parts.append(src.date.isoformat())
    parts.append(f"holds {escape(src.period)}")
    parts.append(escape(src.location))
    text = "; ".join(parts)
    if src.quote:
        text += f"<br><q>{escape(src.quote)}</q>"
    if src.note:
        text += f"<br>note: {escape(src.note)}"
    return f'<div class="meta">{text}</div>'


def _item(mark: str, atom: str, sentence: str, body: list[str], children: list[str]) -> str:
    """One tree node: collapsible when it has anything beneath its headline."""
    head = f"{mark} <code>{escape(atom)}</code>: {escape(sentence)}"
    if not body and not children:
        return f"<li>{head}</li>"
    inner = "".join(body) + (f"<ul>{''.join(children)}</ul>" if children else "")
    return f"<li><details><summary>{head}</summary>{inner}</details></li>"


def _proof(node: ProofNode) -> str:
    body = [_rule(node.rule)] if node.rule else []
    body += [_source(src) for src in node.sources]
    body += [_source(src, "disputed by") for src in node.disputed]
    if node.note:
        body.append(f'<div class="meta">({escape(node.note)})</div>')
    return _item("✓", node.atom, node.sentence, body, [_proof(p) for p in node.premises])


def _attempt(attempt: RuleAttempt) -> str:
    children = [_proof(held) for held in attempt.held]
    if attempt.counter_proof is not None:
        children.append(_proof(attempt.counter_proof))
    if attempt.failed is not None:
        children.append(_why(attempt.failed))
    note = f'<div class="meta">{escape(attempt.note)}</div>' if attempt.note else ""
    head = (
        f"rule <code>{escape(attempt.rule.id)}</code>, {escape(attempt.rule.citation)}"
        f' <span class="meta">({escape(attempt.rule.location)})</span>'
    )
    return f"<li><details open><summary>{head}</summary>{note}<ul>{''.join(children)}</ul>" \
        "</details></li>"


def _why(why: WhyNot) -> str:
    body = [f'<div class="meta">({escape(why.note)})</div>'] if why.note else []
    body += [f'<div class="meta">instead: {escape(text)}</div>' for text in why.instead]
    body += [_source(src, "holds at another date per") for src in why.held_at_other_dates]
    return _item("✗", why.atom, why.sentence, body, [_attempt(a) for a in why.attempts])


def render_html(answer: Answer) -> str:
    """The answer as a self-contained HTML fragment (Jupyter shows it for `Answer`)."""
    verdict = '<strong class="yes">Yes.</strong>' if answer.holds else \
        '<strong class="no">No.</strong>'
    scenario = [f"assume <code>{escape(a)}</code>" for a in answer.assume]
    scenario += [f"retract <code>{escape(r)}</code>" for r in answer.retract]
    scenario += [f"interpretation <code>{escape(i)}</code>" for i in answer.interpretations]
    out = [
        _STYLE,
        '<div class="casus-answer">',
        f"<p>{verdict} <code>{escape(answer.query)}</code> as of {answer.as_of.isoformat()}"
        + (f' <span class="meta">({"; ".join(scenario)})</span>' if scenario else "")
        + "</p>",
    ]
    if answer.summary:
        out.append(f"<p>{escape(answer.summary)}</p>")
    proofs = [item for item in answer.answers if item.proof is not None]
    for item in proofs:
        title = "Why" if len(answer.answers) == 1 else f"Why <code>{escape(item.atom)}</code>"
        assert item.proof is not None
        out.append(f"<details><summary>{title}</summary><ul>{_proof(item.proof)}</ul></details>")
    if answer.why_not is not None:
        out.append(f"<details><summary>Why not</summary><ul>{_why(answer.why_not)}</ul></details>")
    if answer.would_hold_if:
        sets = "".join(
            "<li>" + " and ".join(f"<code>{escape(a)}</code>" for a in missing) + "</li>"
            for missing in answer.would_hold_if
        )
        out.append(f"<p>Would hold if these facts were added:</p><ul>{sets}</ul>")
    if answer.truncated:
        out.append(f'<p class="meta">Cut short: {escape("; ".join(answer.truncated))}</p>')
    out.append(
        f'<p class="meta">rules {escape(answer.versions.rules)}, facts '
        f"{escape(answer.versions.facts)}</p></div>"
    )
    return "".join(out)
