"""Bounds on what casus reads: regular files only, a size limit, and YAML depth and aliases.

Rule and fact files come from users; a hostile or broken one must give a located error,
never a crash (ruamel's C composer recurses without limit), a hang (/dev/zero) or an
alias bomb that expands without end.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    Event,
    MappingEndEvent,
    NodeEvent,
    SequenceEndEvent,
)

from ..errors import CasusError, Location

MAX_FILE_BYTES = 1_000_000
"""Largest rule or fact file casus reads (about 6,000 facts; the largest bundled file has
20 KB): checking and reviewing such a file takes seconds. Split larger ones."""
MAX_DEPTH = 100
"""Deepest nesting of YAML lists and mappings; facts need five levels at most."""
ALIAS_SLACK = 10_000
"""Aliases may add at most the document's own number of values plus this many."""


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes, else a located error."""
    where = Location(str(path), 1, 1)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the open
    except OSError as exc:
        raise CasusError.single("unreadable", f"cannot read file: {exc.strerror}", where) \
            from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise CasusError.single(
            "not-a-file", "not a regular file (a directory, device or pipe)", where
        )
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise CasusError.single(
            "too-large",
            f"file too large: more than {limit:,} bytes; split it into smaller files",
            where,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise CasusError.single(
            "encoding",
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            Location(str(path), data.count(b"\n", 0, exc.start) + 1, exc.start - line_start + 1),
        ) from None


_EVENTS = YAML(typ="safe", pure=False)


def _error(path: Path, event: Event, code: str, message: str) -> CasusError:
    mark = event.start_mark
    return CasusError.single(code, message, Location(str(path), mark.line + 1, mark.column + 1))


def check_yaml_bounds(text: str, path: Path) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH, aliases to their own container, and aliases
    that expand the document beyond its size plus ALIAS_SLACK values (a "billion laughs").

    Runs on the parser's event stream, which libyaml produces without recursion, before any
    composer (recursive in C and in Python) sees the text.
    """
    open_nodes: list[list[str | int | None]] = []  # [anchor, expanded size so far]
    sizes: dict[str, int] = {}
    written = 0
    for event in _EVENTS.parse(text):
        if isinstance(event, CollectionStartEvent):
            if len(open_nodes) >= MAX_DEPTH:
                raise _error(path, event, "too-deep", f"nested deeper than {MAX_DEPTH} levels")
            open_nodes.append([event.anchor, 1])
            continue
        if isinstance(event, (SequenceEndEvent, MappingEndEvent)):
            anchor, size = open_nodes.pop()
            assert isinstance(size, int)
        elif isinstance(event, AliasEvent):
            if any(node[0] == event.anchor for node in open_nodes):
                raise _error(
                    path, event, "alias-cycle", f"alias *{event.anchor} refers to a node "
                    "that contains it"
                )
            anchor, size = None, sizes.get(str(event.anchor), 1)
        elif isinstance(event, NodeEvent):  # a scalar
            anchor, size = event.anchor, 1
            written += 1
        else:
            continue
        if isinstance(event, (SequenceEndEvent, MappingEndEvent)):
            written += 1
        if anchor is not None:
            sizes[str(anchor)] = size
        if open_nodes:
            total = open_nodes[-1][1]
            assert isinstance(total, int)
            open_nodes[-1][1] = total + size
            if total + size > 2 * written + ALIAS_SLACK:
                raise _error(
                    path, event, "alias-bomb",
                    "aliases expand to far more values than the file holds",
                )


def read_yaml_text(path: Path) -> str:
    """The text of a YAML file, checked against every bound above (YAML syntax errors are
    left to the loader, which reports them with their position)."""
    text = read_text(path)
    try:
        check_yaml_bounds(text, path)
    except YAMLError:
        pass
    return text
