"""-k expressions select cases like pytest's: words, and/or/not, parentheses."""

from __future__ import annotations

import pytest
from casus.engine.errors import CasusError
from casus.engine.language.keywords import keyword_matcher

NAMES = ["Russia must assist Armenia in Syunik", "No assistance over Karabakh", "Art. 2 consult"]


@pytest.mark.parametrize(
    ("expr", "selected"),
    [
        ("", NAMES),
        ("ARMENIA", NAMES[:1]),
        ("assist and not syunik", NAMES[1:2]),
        ("syunik or consult", [NAMES[0], NAMES[2]]),
        ("not (syunik or karabakh)", NAMES[2:]),
    ],
)
def test_selection(expr: str, selected: list[str]) -> None:
    matcher = keyword_matcher(expr)
    assert [n for n in NAMES if matcher(n)] == selected


@pytest.mark.parametrize("expr", ["a and", "(a or b", "a b", "or a", ")"])
def test_bad_expressions_are_located_errors(expr: str) -> None:
    with pytest.raises(CasusError) as exc:
        keyword_matcher(expr)
    assert exc.value.code == "bad-keyword-expression"
