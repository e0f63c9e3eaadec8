"""The blank English spaCy pipeline the extractor reads tokens and sentences with.

`spacy.blank("en")` is spaCy's rule-based English tokenizer (its exceptions keep 'Sept.',
'Gen.' and 'U.S.' whole) and the rule-based `sentencizer`: no trained model, nothing
downloaded. Building it takes a few tenths of a second, so it is built once per process, on
first use (the API's extraction workers build it when they start).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """spaCy's blank English pipeline with the rule-based sentencizer, built once."""
    import spacy  # imported here: a second of start-up that only extraction pays

    nlp = spacy.blank("en")
    # 'the U.S.-Japan treaty': a hyphen after an abbreviation's period joins two names
    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=\.)[-–—](?=[A-Z])"]
    tokenizer: Any = nlp.tokenizer  # spacy.tokenizer is compiled and ships no type stub
    tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    nlp.add_pipe("sentencizer")
    return nlp


def tokens(text: str) -> Doc:
    """`text` tokenised and split into sentences."""
    return pipeline()(text)


def stretch(doc: Doc, start: int, end: int) -> Span:
    """The tokens of `doc` that characters [start, end) fall in."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:  # only for an empty or out-of-range stretch
        raise ValueError(f"no tokens at characters {start}-{end}")
    return span
