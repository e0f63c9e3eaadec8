"""Normalise article text (wrapping, quotes, captions, link lines) keeping a map to the original."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .dates import is_date_line

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CHAR_MAP = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "\u00a0": " "}

_LINK_LINE = re.compile(
    r"^\s*(?:https?://\S+|www\.\S+"
    r"|(?:related(?: article)?|read (?:more|also)|see also|source|more on this|watch)\s*:.*)\s*$",
    re.IGNORECASE,
)
# A photo credit closing a caption: a bare domain ("Kremlin.ru"), an agency photo credit,
# or an explicit "Photo:" / "Caption:" label.
_CREDIT = re.compile(
    r"(?:\s[\w-]+\.(?:ru|com|org|net|am|az|gov|kz|by|kg|tj|uz)\.?"
    r"|\((?:photo|image)[^)]*\)|(?:AP|AFP|Reuters|EPA|TASS|Getty Images|Sputnik)(?: Photo)?"
    r"|photo\s*:\s*[^.]*)\s*$",
    re.IGNORECASE,
)
_CAPTION_LABEL = re.compile(r"^\s*(?:photo|caption|image|pictured)\s*:", re.IGNORECASE)
_QUOTES = {'"', "'", "("}


@dataclass(frozen=True)
class Span:
    """A stretch of normalised text: [start, end) in the normalised string."""

    start: int
    end: int


@dataclass
class Document:
    """An article's normalised text with, per character, its offset in the original text."""

    original: str
    text: str
    offsets: list[int]
    paragraphs: list[Span]
    skipped: list[tuple[Span, str]] = field(default_factory=list)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The [start, end) character span in the original text of normalised text[start:end]."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def sentences(self, tokens: Doc) -> list[Span]:
        """Sentences of the body paragraphs (captions and link lines left out): spaCy's
        sentencizer over `tokens` (this text, tokenised), cut at paragraph ends too."""
        from spacy.attrs import SENT_START

        text = self.text  # the text `tokens` holds (Doc.text would rebuild it)
        firsts = (tokens.to_array(SENT_START) == 1).nonzero()[0]  # an array: no Token objects
        starts = [c for c in (_start(tokens[int(i)]) for i in firsts) if _cut(text, c)]
        out: list[Span] = []
        for para in self.paragraphs:
            first = bisect.bisect_right(starts, para.start)
            last = bisect.bisect_left(starts, para.end)
            cuts = [para.start, *starts[first:last], para.end]
            for begin, end in itertools.pairwise(cuts):
                while begin < end and self.text[begin].isspace():
                    begin += 1
                while end > begin and self.text[end - 1].isspace():
                    end -= 1
                if begin < end:
                    out.append(Span(begin, end))
        return out


def _cut(text: str, cut: int) -> bool:
    """Whether the sentencizer's cut at character `cut` stands: after a space ('Censor.NET'
    is one name) and before no lower-case word ('an attack . . . against')."""
    return cut == 0 or (text[cut - 1].isspace() and not text[cut : cut + 1].islower())


def _start(token: Token) -> int:
    """Where a sentence opening at `token` starts: at an opening quote the sentencizer left
    on the sentence before ('... the signing. "Today ...')."""
    if token.i < 2:
        return token.idx
    quote = token.doc[token.i - 1]
    if quote.text in _QUOTES and not quote.whitespace_ and token.doc[token.i - 2].whitespace_:
        return quote.idx
    return token.idx


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line of `text` with the offset where it starts."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Paragraphs: runs of non-blank lines; link lines always stand alone."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for start, line in _lines(text):
        if not line.strip() or _LINK_LINE.match(line):
            if current:
                blocks.append(current)
            current = []
            if line.strip():
                blocks.append([(start, line)])
            continue
        current.append((start, line))
    if current:
        blocks.append(current)
    return blocks


def _is_caption(block_text: str) -> bool:
    """A photo caption: labelled as one, or a leading paragraph closed by a photo credit."""
    if _CAPTION_LABEL.match(block_text):
        return True
    return bool(_CREDIT.search(block_text)) and len(block_text) < 400


def _is_title(line: str) -> bool:
    """A headline: one short line that does not end like a sentence."""
    return len(line) < 160 and not re.search(r"[.:;,]$", line.strip())


def normalize(original: str) -> Document:
    """Join hard-wrapped lines, straighten quotes, set captions and link lines aside."""
    raw = original.replace("\r", " ").replace("\u00ad", "\x00")
    words = set(re.findall(r"[A-Za-z]+", raw))
    chars: list[str] = []
    offsets: list[int] = []
    paragraphs: list[Span] = []
    skipped: list[tuple[Span, str]] = []
    first_body = True
    for block in _blocks(raw):
        if chars:
            chars += ["\n", "\n"]
            offsets += [offsets[-1] + 1, offsets[-1] + 1]
        begin = len(chars)
        for n, (start, line) in enumerate(block):
            lead = len(line) - len(line.lstrip())
            body = line.strip()
            if n and chars:
                prev = "".join(chars[-30:])
                hyphen = prev.endswith("-")  # only then may the line break split a word
                head = hyphen and re.match(r"[A-Za-z]+", body)
                tail = hyphen and re.search(r"([A-Za-z]+)-$", prev)
                joined = tail and head and (tail.group(1) + head.group(0)) in words
                if joined:
                    chars.pop()
                    offsets.pop()
                elif not prev.endswith("-"):
                    chars.append(" ")
                    offsets.append(start - 1)
            for i, ch in enumerate(body):
                if ch == "\x00":
                    continue
                chars.append(_CHAR_MAP.get(ch, ch))
                offsets.append(start + lead + i)
        span = Span(begin, len(chars))
        block_text = "".join(chars[begin:])
        if _LINK_LINE.match(block_text):
            skipped.append((span, "link line"))
        elif first_body and _is_caption(block_text):
            skipped.append((span, "caption"))
        elif len(block_text) < 60 and is_date_line(block_text):
            skipped.append((span, "date line"))
        elif (
            first_body
            and len(block) == 1
            and _is_title(block_text)
            and not any(r == "title" for _, r in skipped)
        ):
            skipped.append((span, "title"))
        else:
            paragraphs.append(span)
            first_body = False
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return Document(original, "".join(chars), offsets, paragraphs, skipped)
