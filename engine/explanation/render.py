"""Render answers as indented text or as a Mermaid flowchart (JSON is the pydantic dump).

Only types are taken from `answer` (whose `Answer` renders itself through this module).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .answer import Answer, ProofNode, RuleAttempt, SourceRef, WhyNot


def _source_line(src: SourceRef) -> str:
    text = f"source: {src.title}"
    if src.date:
        text += f" ({src.date.isoformat()})"
    text += f"; holds {src.period}; {src.location}"
    if src.quote:
        text += f'\n    quote: "{src.quote}"'
    if src.note:
        text += f"\n    note: {src.note}"
    return text


def _proof_lines(node: ProofNode, indent: int, out: list[str]) -> None:
    pad = "  " * indent
    out.append(f"{pad}✓ {node.atom}: {node.sentence}")
    if node.rule is not None:
        out.append(f"{pad}  by rule {node.rule.id}, {node.rule.citation} ({node.rule.location})")
    for src in node.sources:
        out.extend(f"{pad}  {line}" for line in _source_line(src).splitlines())
    for src in node.disputed:
        out.append(f"{pad}  disputed by {src.title}: holds {src.period}")
    if node.note:
        out.append(f"{pad}  ({node.note})")
    for premise in node.premises:
        _proof_lines(premise, indent + 1, out)


def _attempt_lines(attempt: RuleAttempt, indent: int, out: list[str]) -> None:
    pad = "  " * indent
    out.append(f"{pad}rule {attempt.rule.id}, {attempt.rule.citation} ({attempt.rule.location})")
    if attempt.note:
        out.append(f"{pad}  {attempt.note}")
    for held in attempt.held:
        _proof_lines(held, indent + 1, out)
    if attempt.counter_proof is not None:
        _proof_lines(attempt.counter_proof, indent + 1, out)
    if attempt.failed is not None:
        _why_lines(attempt.failed, indent + 1, out)


def _why_lines(why: WhyNot, indent: int, out: list[str]) -> None:
    pad = "  " * indent
    out.append(f"{pad}✗ {why.atom}: {why.sentence}")
    if why.note:
        out.append(f"{pad}  ({why.note})")
    for text in why.instead:
        out.append(f"{pad}  instead: {text}")
    for src in why.held_at_other_dates:
        disputed = ", a disputed dating not used by the rules" if src.disputed else ""
        out.append(f"{pad}  holds {src.period} per {src.title} ({src.location}{disputed})")
    for attempt in why.attempts:
        _attempt_lines(attempt, indent + 1, out)


def render_text(answer: Answer) -> str:
    """The answer for a terminal: summary, then proofs or the why-not tree."""
    out = [answer.summary or ("Yes." if answer.holds else "No."), ""]
    for item in answer.answers:
        if item.proof is not None:
            out.append("Why:" if len(answer.answers) == 1 else f"Why {item.atom}:")
            _proof_lines(item.proof, 1, out)
            out.append("")
    if answer.why_not is not None:
        out.append("Why not:")
        _why_lines(answer.why_not, 1, out)
        out.append("")
    if answer.would_hold_if:
        out.append("Would hold if these facts were added:")
        out.extend("  - " + " and ".join(missing) for missing in answer.would_hold_if)
        out.append("")
    if answer.truncated:
        out.append("Cut short: " + "; ".join(answer.truncated))
    out.append(
        f"rules {answer.versions.rules}, facts {answer.versions.facts}, as of "
        f"{answer.as_of.isoformat()}, {answer.elapsed_ms:.1f} ms"
    )
    return "\n".join(out).rstrip() + "\n"


def _label(text: str) -> str:
    return '"' + text.replace('"', "#quot;") + '"'


class _Mermaid:
    def __init__(self) -> None:
        self.lines = ["flowchart TD"]
        self.count = 0

    def node(self, text: str, ok: bool) -> str:
        self.count += 1
        name = f"n{self.count}"
        shape = (f"[{_label(text)}]") if ok else (f"{{{{{_label(text)}}}}}")
        self.lines.append(f"  {name}{shape}")
        self.lines.append(f"  class {name} {'holds' if ok else 'fails'}")
        return name

    def edge(self, parent: str, child: str, label: str = "") -> None:
        arrow = f" -->|{_label(label)}| " if label else " --> "
        self.lines.append(f"  {parent}{arrow}{child}")

    def proof(self, node: ProofNode) -> str:
        name = self.node(f"{node.atom}\n{node.sentence}", True)
        label = node.rule.id if node.rule else ""
        for premise in node.premises:
            self.edge(name, self.proof(premise), label)
        for src in node.sources:
            self.edge(name, self.node(f"source: {src.title}", True))
        return name

    def why(self, why: WhyNot) -> str:
        name = self.node(f"{why.atom}\n{why.sentence}", False)
        for attempt in why.attempts:
            for held in attempt.held:
                self.edge(name, self.proof(held), attempt.rule.id)
            if attempt.failed is not None:
                self.edge(name, self.why(attempt.failed), attempt.rule.id)
        return name


def render_mermaid(answer: Answer) -> str:
    """A Mermaid flowchart of the proofs (green) or the why-not tree (red)."""
    chart = _Mermaid()
    for item in answer.answers:
        if item.proof is not None:
            chart.proof(item.proof)
    if answer.why_not is not None:
        chart.why(answer.why_not)
    chart.lines.append("  classDef holds fill:#e6f4ea,stroke:#1e8e3e")
    chart.lines.append("  classDef fails fill:#fce8e6,stroke:#d93025")
    return "\n".join(chart.lines) + "\n"
