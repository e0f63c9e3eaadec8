"""The parsed form of rules, facts and queries: plain immutable data."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..errors import Location

Value = str | int


@dataclass(frozen=True)
class Var:
    """A logic variable; anonymous `_` variables get unique generated names."""

    name: str
    loc: Location = field(default=Location("<none>"), compare=False, hash=False)

    @property
    def anonymous(self) -> bool:
        return self.name.startswith("_")

    def __str__(self) -> str:
        return "_" if self.anonymous else self.name


@dataclass(frozen=True)
class Const:
    """A constant: an identifier or string (both symbols) or an integer."""

    value: Value
    loc: Location = field(default=Location("<none>"), compare=False, hash=False)

    def __str__(self) -> str:
        return render_value(self.value)


Term = Var | Const


def render_value(value: Value) -> str:
    """Print a value as Datalog source: bare identifiers, quoted strings, integers."""
    if isinstance(value, int):
        return str(value)
    if is_identifier(value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


_IDENTIFIER = re.compile(r"[a-z][A-Za-z0-9_]*")


def is_identifier(text: str) -> bool:
    """True for a lower-case Datalog identifier such as `nagorno_karabakh`."""
    return _IDENTIFIER.fullmatch(text) is not None


@dataclass(frozen=True)
class Atom:
    """A predicate applied to terms, e.g. `party(armenia, csto)`."""

    pred: str
    args: tuple[Term, ...]
    loc: Location = field(default=Location("<none>"), compare=False, hash=False)

    @property
    def arity(self) -> int:
        return len(self.args)

    @property
    def key(self) -> str:
        return f"{self.pred}/{self.arity}"

    def is_ground(self) -> bool:
        return all(isinstance(a, Const) for a in self.args)

    def values(self) -> tuple[Value, ...]:
        """The constant values of a ground atom."""
        return tuple(a.value for a in self.args if isinstance(a, Const))

    def variables(self) -> list[Var]:
        return [a for a in self.args if isinstance(a, Var)]

    def __str__(self) -> str:
        return f"{self.pred}({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True)
class Negation:
    """`not atom`: holds when no instance of the atom holds."""

    atom: Atom

    @property
    def loc(self) -> Location:
        return self.atom.loc

    def __str__(self) -> str:
        return f"not {self.atom}"


@dataclass(frozen=True)
class Comparison:
    """`left op right` with op one of = != < <= > >=."""

    op: str
    left: Term
    right: Term
    loc: Location = field(default=Location("<none>"), compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


Literal = Atom | Negation | Comparison


def literal_vars(lit: Literal) -> list[Var]:
    """The variables a body literal mentions, in order."""
    if isinstance(lit, Atom):
        return lit.variables()
    if isinstance(lit, Negation):
        return lit.atom.variables()
    return [t for t in (lit.left, lit.right) if isinstance(t, Var)]


@dataclass(frozen=True)
class Param:
    """A declared argument: its name (used in sentences) and the kind of entity."""

    name: str
    kind: str


@dataclass(frozen=True)
class Decl:
    """A predicate declaration with argument names and sentences for true and false."""

    kind: str  # "input" (base facts), "record" (what happened: facts no rule may use),
    # "decl" (derived) or "question" (derived, asked)
    name: str
    params: tuple[Param, ...]
    true_text: str
    false_text: str
    loc: Location
    doc: str = ""

    @property
    def arity(self) -> int:
        return len(self.params)

    @property
    def key(self) -> str:
        return f"{self.name}/{self.arity}"

    @property
    def derived(self) -> bool:
        return self.kind not in ("input", "record")

    @property
    def record(self) -> bool:
        """A record of what actually happened (a clause invoked, an outcome): compared with
        the verdicts by the casebook, never a premise of a rule."""
        return self.kind == "record"


@dataclass(frozen=True)
class Rule:
    """A rule with its stable id, citation and optional validity window."""

    id: str
    citation: str
    head: Atom
    body: tuple[Literal, ...]
    loc: Location
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    text: str = ""
    comment: str = ""

    def active_on(self, day: dt.date) -> bool:
        """Whether the rule is in force on `day` (from inclusive, until exclusive)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_until is not None and day >= self.valid_until)

    @property
    def dated(self) -> bool:
        return self.valid_from is not None or self.valid_until is not None


@dataclass(frozen=True)
class ProgramFact:
    """A ground fact written in a rule file (`p(a, b).`)."""

    atom: Atom


@dataclass
class Program:
    """Everything parsed from the rule files: declarations, rules and inline facts."""

    decls: dict[str, Decl] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    facts: list[ProgramFact] = field(default_factory=list)
