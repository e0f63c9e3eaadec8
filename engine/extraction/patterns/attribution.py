"""Who a sentence is reported from."""

from __future__ import annotations

import re

from .base import (
    MENTION,
    REPORT_VERB,
    Sentence,
)

_SPEAKER = re.compile(
    rf"(?:(?P<s>{MENTION})(?:'s)?(?:\s+[A-Za-z]+){{0,3}}\s+{REPORT_VERB}\b|"
    rf"{REPORT_VERB}\s+(?:(?:the|a)\s+)?(?P<s2>{MENTION})|according\s+to\s+(?:\w+\s+)?(?P<s3>{MENTION}))",
)


def speaker(sentence: Sentence) -> str | None:
    """The state a sentence is reported from ('Yerevan said', 'according to Baku'), if any."""
    for match in _SPEAKER.finditer(sentence.frame):
        marker = match.group("s") or match.group("s2") or match.group("s3")
        mention = sentence.one(marker)
        if mention.kind == "state" and mention.form in ("name", "person"):
            return mention.entity
    return None
