"""Who a sentence is reported from."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .base import Sentence, token_matcher

if TYPE_CHECKING:
    from spacy.matcher import Matcher

_REPORT: dict[str, Any] = {
    "LOWER": {
        "IN": [
            "said",
            "says",
            "say",
            "told",
            "stated",
            "claimed",
            "claims",
            "alleged",
            "insisted",
            "added",
            "announced",
            "reported",
        ]
    }
}
_SOURCE: dict[str, Any] = {"ENT_TYPE": "state"}
# 'Yerevan said', 'Armenia's defence ministry said', 'said Baku', 'according to (the) Baku'
_SPEAKER: dict[str, list[list[dict[str, Any]]]] = {
    "speaker": [
        [
            _SOURCE,
            {"ORTH": {"IN": ["'s", "’s"]}, "OP": "?"},
            {"IS_ALPHA": True, "ENT_TYPE": "", "OP": "{0,3}"},
            _REPORT,
        ],
        [_REPORT, {"LOWER": {"IN": ["the", "a"]}, "OP": "?"}, _SOURCE],
        [{"LOWER": "according"}, {"LOWER": "to"}, {"IS_ALPHA": True, "OP": "?"}, _SOURCE],
    ]
}


@lru_cache(maxsize=1)
def _speaker() -> Matcher:
    return token_matcher(_SPEAKER)


def speaker(sentence: Sentence) -> str | None:
    """The state a sentence is reported from ('Yerevan said', 'according to Baku'), if any."""
    for span in _speaker()(sentence.tokens, as_spans=True):
        for token in span:
            mention = sentence.at(token.i) if token.ent_type_ else None
            if mention and mention.form in ("name", "person"):
                return mention.entity
    return None
