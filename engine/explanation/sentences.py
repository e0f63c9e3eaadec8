"""Plain-English sentences for atoms, from the templates in each predicate declaration."""

from __future__ import annotations

import re

from ..knowledge.facts import Entity
from ..language.ast import Atom, Comparison, Const, Decl, Value, render_value

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_CMP_WORDS = {
    "=": "equals",
    "!=": "differs from",
    "<": "is less than",
    "<=": "is at most",
    ">": "is greater than",
    ">=": "is at least",
}


class Sentences:
    """Renders atoms as sentences, naming entities by their labels."""

    def __init__(self, decls: dict[str, Decl], entities: dict[str, Entity] | None) -> None:
        self.decls = decls
        self.entities = entities or {}

    def value(self, value: Value) -> str:
        entity = self.entities.get(value) if isinstance(value, str) else None
        return entity.label if entity else render_value(value)

    def atom(self, atom: Atom, holds: bool = True) -> str:
        decl = self.decls.get(atom.pred)
        if decl is None:
            return str(atom)
        words: dict[str, str] = {}
        for param, arg in zip(decl.params, atom.args, strict=False):
            words[param.name] = (
                self.value(arg.value) if isinstance(arg, Const) else f"some {param.kind}"
            )
        template = decl.true_text if holds else decl.false_text
        return _PLACEHOLDER.sub(lambda m: words.get(m.group(1), m.group(0)), template)

    def comparison(self, comp: Comparison, holds: bool = True) -> str:
        left = self.value(comp.left.value) if isinstance(comp.left, Const) else str(comp.left)
        right = self.value(comp.right.value) if isinstance(comp.right, Const) else str(comp.right)
        verb = _CMP_WORDS[comp.op]
        text = f"{left} {verb} {right}"
        return text if holds else f"it is not the case that {text}"
