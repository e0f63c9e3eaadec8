"""`-k` selection of cases: words matched case-insensitively, combined with and/or/not/()."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import CasusError, Location

Matcher = Callable[[str], bool]
_TOKEN = re.compile(r"\s*(\(|\)|[^\s()]+)")


def _error(expr: str, message: str) -> CasusError:
    return CasusError.single("bad-keyword-expression", f"-k {expr!r}: {message}", Location("<-k>"))


def keyword_matcher(expr: str) -> Matcher:
    """Compile e.g. `armenia and not syunik` into a test on a case's name (pytest's -k style)."""
    tokens = _TOKEN.findall(expr)
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> str:
        nonlocal pos
        token = peek()
        if token is None:
            raise _error(expr, "unexpected end")
        pos += 1
        return token

    def disjunction() -> Matcher:
        parts = [conjunction()]
        while peek() == "or":
            take()
            parts.append(conjunction())
        return lambda text: any(p(text) for p in parts)

    def conjunction() -> Matcher:
        parts = [negation()]
        while peek() == "and":
            take()
            parts.append(negation())
        return lambda text: all(p(text) for p in parts)

    def negation() -> Matcher:
        token = take()
        if token == "not":
            inner = negation()
            return lambda text: not inner(text)
        if token == "(":
            inner = disjunction()
            if take() != ")":
                raise _error(expr, "missing ')'")
            return inner
        if token in (")", "and", "or"):
            raise _error(expr, f"unexpected {token!r}")
        word = token.lower()
        return lambda text: word in text.lower()

    if not tokens:
        return lambda text: True
    matcher = disjunction()
    if pos != len(tokens):
        raise _error(expr, f"unexpected {tokens[pos]!r}")
    return matcher
