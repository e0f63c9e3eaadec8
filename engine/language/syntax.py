"""Parse rule files, queries and fact atoms with lark into the AST of `engine.ast`."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from ..errors import CasusError, Location
from .ast import (
    Atom,
    Comparison,
    Const,
    Decl,
    Literal,
    Negation,
    Param,
    Program,
    ProgramFact,
    Rule,
    Var,
)

_TERMINAL_NAMES = {
    "NAME": "a name",
    "VAR": "a variable",
    "ANON": "_",
    "STRING": "a quoted string",
    "INT": "an integer",
    "RULE_ID": "a rule id",
    "DATE": "a date (YYYY-MM-DD)",
    "DECL_KIND": ".input, .record, .decl or .question",
    "CMP_OP": "a comparison (=, !=, <, <=, >, >=)",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "DOT": "'.'",
    "COLON": "':'",
    "IF": "':-'",
    "QMARK": "'?'",
    "BANG": "'!'",
    "NOT": "not",
    "TRUE": "true",
    "FALSE": "false",
    "FROM": "from",
    "UNTIL": "until",
    "RULE": "@rule",
    "$END": "end of input",
}


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = resources.files(__package__).joinpath("datalog.lark").read_text(encoding="utf-8")
    return Lark(
        grammar,
        parser="lalr",
        start=["start", "query", "ground"],
        propagate_positions=True,
        maybe_placeholders=True,
    )


def _unquote(token: str) -> str:
    """Decode a double-quoted string token with backslash escapes."""
    body = token[1:-1]
    out: list[str] = []
    chars = iter(body)
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    for c in chars:
        if c == "\\":
            nxt = next(chars, "")
            out.append(escapes.get(nxt, nxt))
        else:
            out.append(c)
    return "".join(out)


MAX_INT_DIGITS = 18  # integers are counts and years; longer ones are mistakes


class _Build(Transformer[Token, Any]):
    """Turn the lark tree into AST objects, keeping locations."""

    def __init__(self, file: str, line_offset: int = 0, col_offset: int = 0) -> None:
        super().__init__()
        self.file = file
        self.line_offset = line_offset
        self.col_offset = col_offset
        self._anon = itertools.count()

    def loc(self, line: int | None, col: int | None) -> Location:
        line = line or 1
        col = col or 1
        if line == 1:
            col += self.col_offset
        return Location(self.file, line + self.line_offset, col)

    def tok_loc(self, tok: Token) -> Location:
        return self.loc(tok.line, tok.column)

    def var(self, items: list[Token]) -> Var:
        return Var(str(items[0]), self.tok_loc(items[0]))

    def anon(self, items: list[Token]) -> Var:
        return Var(f"_{next(self._anon)}", self.tok_loc(items[0]))

    def name(self, items: list[Token]) -> Const:
        return Const(str(items[0]), self.tok_loc(items[0]))

    def string(self, items: list[Token]) -> Const:
        return Const(_unquote(str(items[0])), self.tok_loc(items[0]))

    def int(self, items: list[Token]) -> Const:
        if len(items[0].lstrip("-")) > MAX_INT_DIGITS:
            raise CasusError.single(
                "syntax", f"integer longer than {MAX_INT_DIGITS} digits", self.tok_loc(items[0])
            )
        return Const(int(str(items[0])), self.tok_loc(items[0]))

    def atom(self, items: list[Any]) -> Atom:
        name_tok: Token = items[0]
        args = tuple(t for t in items[1:] if t is not None)
        return Atom(str(name_tok), args, self.tok_loc(name_tok))

    def atom0(self, items: list[Any]) -> Atom:
        return Atom(str(items[0]), (), self.tok_loc(items[0]))

    def negation(self, items: list[Any]) -> Negation:
        return Negation(items[0])

    @v_args(meta=True)
    def comparison(self, meta: Any, items: list[Any]) -> Comparison:
        left, op, right = items
        return Comparison(str(op), left, right, self.loc(meta.line, meta.column))

    def body(self, items: list[Literal]) -> tuple[Literal, ...]:
        return tuple(items)

    def param(self, items: list[Token | None]) -> Param:
        name = str(items[0])
        kind = str(items[1]) if items[1] is not None else name
        return Param(name, kind)

    def query(self, items: list[Any]) -> Atom:
        atom: Atom = items[0]
        return atom

    def ground(self, items: list[Any]) -> Atom:
        atom: Atom = items[0]
        return atom


def _date(tok: Token | None, build: _Build) -> dt.date | None:
    if tok is None:
        return None
    try:
        return dt.date.fromisoformat(str(tok))
    except ValueError:
        raise CasusError.single(
            "syntax", f"'{tok}' is not a valid date", build.tok_loc(tok)
        ) from None


def _syntax_error(exc: UnexpectedInput, build: _Build, text: str) -> CasusError:
    loc = build.loc(getattr(exc, "line", 1), getattr(exc, "column", 1))
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        char = text[pos] if 0 <= pos < len(text) else "?"
        message = f"unexpected character {char!r}"
    elif isinstance(exc, UnexpectedToken):
        tok = exc.token
        if tok.type == "$END":
            message = "unexpected end of input"
            lines = text.split("\n")
            loc = build.loc(len(lines), len(lines[-1]) + 1)
        else:
            message = f"unexpected {str(tok)!r}"
            loc = build.tok_loc(tok)
        expected = sorted({_TERMINAL_NAMES.get(e, repr(e)) for e in exc.expected})
        if expected:
            message += "; expected " + " or ".join(expected[:6])
    elif isinstance(exc, UnexpectedEOF):
        message = "unexpected end of input"
    else:  # pragma: no cover - lark has no other UnexpectedInput kinds
        message = "syntax error"
    return CasusError.single("syntax", message, loc)


def _build(build: _Build, tree: Tree[Token]) -> Any:
    """Transform a tree into AST objects; a CasusError raised on the way is passed through."""
    try:
        return build.transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, CasusError):
            raise exc.orig_exc from None
        raise


def _parse_tree(text: str, start: str, build: _Build) -> Tree[Token]:
    try:
        return _parser().parse(text, start=start)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, build, text) from None


def _comment_above(lines: list[str], line: int) -> str:
    """The block of `%` comment lines directly above 1-based `line` (the rule's source text)."""
    out: list[str] = []
    i = line - 2
    while i >= 0 and lines[i].lstrip().startswith(("%", "//")):
        out.append(lines[i].lstrip().lstrip("%/").strip())
        i -= 1
    return "\n".join(reversed(out))


def parse_program(text: str, file: str = "<rules>") -> Program:
    """Parse one rule file. Raises CasusError with file:line:col on any syntax error."""
    build = _Build(file)
    tree = _parse_tree(text, "start", build)
    program = Program()
    lines = text.splitlines()
    errors: list[CasusError] = []
    for item in tree.children:
        if not isinstance(item, Tree):
            continue
        try:
            _add_item(program, item, build, lines, errors)
        except CasusError as exc:
            errors.append(exc)
    if errors:
        raise CasusError([p for e in errors for p in e.problems])
    return program


def _tree(node: Token | Tree[Token]) -> Tree[Token]:
    assert isinstance(node, Tree)
    return node


def _add_item(
    program: Program, item: Tree[Token], build: _Build, lines: list[str], errors: list[CasusError]
) -> None:
    if item.data == "decl":
        kind_tok, name_tok, *rest = item.children
        params = tuple(_build(build, p) for p in rest[:-2] if isinstance(p, Tree))
        true_tok, false_tok = rest[-2], rest[-1]
        assert isinstance(kind_tok, Token) and isinstance(name_tok, Token)
        decl = Decl(
            kind=str(kind_tok)[1:],
            name=str(name_tok),
            params=params,
            true_text=_unquote(str(true_tok)),
            false_text=_unquote(str(false_tok)),
            loc=build.tok_loc(name_tok),
            doc=_comment_above(lines, kind_tok.line or 1),
        )
        if decl.name in program.decls:
            first = program.decls[decl.name].loc
            errors.append(
                CasusError.single(
                    "duplicate-decl",
                    f"predicate {decl.name} is already declared at {first}",
                    decl.loc,
                )
            )
            return
        program.decls[decl.name] = decl
    elif item.data == "fact":
        atom = _build(build, _tree(item.children[0]))
        program.facts.append(ProgramFact(atom))
    elif item.data == "rule":
        meta, head_tree, body_tree = item.children
        head: Atom = _build(build, _tree(head_tree))
        body: tuple[Literal, ...] = _build(build, _tree(body_tree))
        start_line = item.meta.line
        end_line = item.meta.end_line
        text = "\n".join(lines[start_line - 1 : end_line])
        rule_id, citation, valid_from, valid_until = "", "", None, None
        if isinstance(meta, Tree):
            id_tok, cite_tok, from_tok, until_tok = meta.children
            rule_id = str(id_tok)
            citation = _unquote(str(cite_tok))
            valid_from = _date(from_tok if isinstance(from_tok, Token) else None, build)
            valid_until = _date(until_tok if isinstance(until_tok, Token) else None, build)
        program.rules.append(
            Rule(
                id=rule_id,
                citation=citation,
                head=head,
                body=body,
                loc=head.loc,
                valid_from=valid_from,
                valid_until=valid_until,
                text=text,
                comment=_comment_above(lines, start_line),
            )
        )


# A string literal (skipped) or the start of a comment.
_COMMENT_START = re.compile(r'"(?:[^"\\\n]|\\.)*"|(%|//)')


def _no_comment(text: str, build: _Build) -> None:
    """Refuse a comment in a question or scenario fact: all of its text must be the atom."""
    for match in _COMMENT_START.finditer(text):
        if match.group(1):
            line = text.count("\n", 0, match.start()) + 1
            col = match.start() - text.rfind("\n", 0, match.start())
            raise CasusError.single(
                "syntax",
                f"unexpected {match.group(1)!r}: nothing may follow the atom, not even a comment",
                build.loc(line, col),
            )


@lru_cache(maxsize=4096)
def parse_query(text: str, file: str = "<query>") -> Atom:
    """Parse a question such as `must_assist(A, armenia, csto, E)` (cached: atoms are
    immutable, and the same questions and scenario facts recur across requests)."""
    build = _Build(file)
    _no_comment(text, build)
    tree = _parse_tree(text, "query", build)
    atom: Atom = _build(build, tree)
    return atom


_SIMPLE_ATOM = re.compile(r"([a-z][A-Za-z0-9_]*)\(([a-z][A-Za-z0-9_]*(?:, [a-z][A-Za-z0-9_]*)*)\)")


def _simple_ground_atom(text: str, file: str, line_offset: int, col_offset: int) -> Atom | None:
    """The common fact `pred(name, name)` written on one line without extra spaces, built
    without the parser (the generated world files hold thousands of them); None otherwise."""
    match = _SIMPLE_ATOM.fullmatch(text)
    if match is None or "not" in match.group(2).split(", "):
        return None
    line = 1 + line_offset
    args = []
    col = match.start(2) + 1 + col_offset
    for name in match.group(2).split(", "):
        args.append(Const(name, Location(file, line, col)))
        col += len(name) + 2
    return Atom(match.group(1), tuple(args), Location(file, line, 1 + col_offset))


def parse_ground_atom(
    text: str, file: str = "<fact>", line_offset: int = 0, col_offset: int = 0
) -> Atom:
    """Parse a fact such as `party(armenia, csto)`; it must contain no variables."""
    simple = _simple_ground_atom(text, file, line_offset, col_offset)
    if simple is not None:
        return simple
    build = _Build(file, line_offset, col_offset)
    tree = _parse_tree(text, "ground", build)
    atom: Atom = _build(build, tree)
    for arg in atom.args:
        if isinstance(arg, Var):
            raise CasusError.single(
                "not-ground",
                f"a fact cannot contain the variable {arg}; write a constant",
                atom.loc,
            )
    return atom


@lru_cache(maxsize=4096)
def parse_scenario_atom(
    text: str, file: str = "<fact>", line_offset: int = 0, col_offset: int = 0
) -> Atom:
    """A fact assumed or retracted with a question: a ground atom with nothing after it
    (cached: scenario facts recur across requests; fact files are parsed once)."""
    _no_comment(text, _Build(file, line_offset, col_offset))
    return parse_ground_atom(text, file, line_offset, col_offset)
