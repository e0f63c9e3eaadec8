"""Near-duplicate detection: word shingles and Jaccard similarity between article texts."""

from __future__ import annotations

import re

SHINGLE = 5  # words per shingle
THRESHOLD = 0.5  # Jaccard similarity from which two texts are versions of one article


def shingles(text: str, k: int = SHINGLE) -> set[tuple[str, ...]]:
    """The k-word windows of the lower-cased words (punctuation and wrapping ignored)."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))
    return {tuple(words[i : i + k]) for i in range(max(len(words) - k + 1, 1))}


def similarity(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """Jaccard similarity of two shingle sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def duplicate_of(texts: list[str], threshold: float = THRESHOLD) -> list[tuple[int, float] | None]:
    """For each text, the earlier text it nearly duplicates (index, similarity), or None."""
    sets = [shingles(t) for t in texts]
    out: list[tuple[int, float] | None] = []
    for i, current in enumerate(sets):
        best: tuple[int, float] | None = None
        for j in range(i):
            if out[j] is not None:
                continue
            score = similarity(current, sets[j])
            if score >= threshold and (best is None or score > best[1]):
                best = (j, score)
        out.append(best)
    return out
