"""Edit a YAML file that holds a list of entries: locked, verified and atomic.

Removing entries or keys cuts their lines at the parser's positions, and new entries are
appended; other edits, and layouts where cutting lines does not give the intended entries,
go through ruamel's round-trip model (unchanged entries keep their bytes, changed ones are
dumped again in place). Every result is parsed back and must give exactly the intended
entries, else nothing is written: a wrong write is worse than none.
"""

from __future__ import annotations

import copy
import io
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import CasusError, Location
from ..knowledge.facts import compose_yaml, read_yaml
from ..knowledge.limits import read_text

LOCK_TIMEOUT = 60.0  # seconds to wait for another writer of the same file


def target_of(path: Path) -> Path:
    """The file a write lands in: a symlink is written through to its target."""
    return path.resolve() if path.is_symlink() else path


def _lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


@contextmanager
def locked(paths: Iterable[Path]) -> Iterator[None]:
    """Hold the write lock of every file (in one global order, so writers cannot deadlock)."""
    targets = sorted({target_of(p).absolute() for p in paths})
    with ExitStack() as stack:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(_lock_path(target)), timeout=LOCK_TIMEOUT)
            try:
                stack.enter_context(lock)
            except Timeout:
                raise CasusError.single(
                    "busy", f"another writer has held this file for {LOCK_TIMEOUT:.0f} s",
                    Location(str(target), 1, 1),
                ) from None
        yield


def _plain(value: Any) -> Any:
    """Round-trip values as plain lists, dicts and scalars (aliases become copies)."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _split_tail(lines: list[str]) -> int:
    """Where the blank and comment lines that end `lines` begin (they belong between entries)."""
    end = len(lines)
    while end > 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _last(node: Node) -> Node:
    """The node whose end is where a node's text ends (block collections end at their
    last child; the parser puts their own end at the next token)."""
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return node


Edit = tuple[str, int, str, dict[str, Any] | None]  # (kind, entry index, key, item)


class ListFile:
    """A YAML list of entries read for editing: `entries` holds them as plain values (the
    edits apply to it at once); `save` writes the edits, or nothing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.target = target_of(path)
        exists = self.target.exists()
        self.root = compose_yaml(self.target) if exists else None
        if self.root is not None and not isinstance(self.root, SequenceNode):
            raise CasusError.single(
                "yaml-shape",
                "refusing to write: the file is not a list of entries",
                Location(str(path), 1, 1),
            )
        self.text = read_text(self.target) if exists else ""
        self.entries: list[Any] = (
            _plain(YAML(typ="safe", pure=False).load(self.text)) if self.root else []
        )
        self.edits: list[Edit] = []
        self.removed: set[int] = set()
        self.added: list[dict[str, Any]] = []

    def drop_key(self, index: int, key: str) -> None:
        """Remove one key of an entry."""
        del self.entries[index][key]
        self.edits.append(("drop", index, key, None))

    def extend_list(self, index: int, key: str, item: dict[str, Any]) -> None:
        """Append an item to a list-valued key of an entry, creating the list if needed."""
        self.entries[index].setdefault(key, []).append(copy.deepcopy(item))
        self.edits.append(("extend", index, key, item))

    def remove(self, index: int) -> None:
        """Remove an entry."""
        self.removed.add(index)

    def append(self, entry: dict[str, Any]) -> None:
        """Add an entry at the end."""
        self.added.append(entry)

    def _wanted(self) -> list[Any]:
        kept = [e for i, e in enumerate(self.entries) if i not in self.removed]
        return kept + [_plain(e) for e in self.added]

    def _yaml(self, offset: int = 0) -> YAML:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096
        yaml.indent(mapping=2, sequence=2 + offset, offset=offset)
        return yaml

    def _dump(self, data: Any, yaml: YAML) -> str:
        buffer = io.StringIO()
        yaml.dump(data, buffer)
        return buffer.getvalue()

    def _appended(self, text: str, offset: int) -> str:
        if not self.added:
            return text
        if text and not text.endswith("\n"):
            text += "\n"
        return text + self._dump(CommentedSeq(self.added), self._yaml(offset))

    # -- 1. cut and append text at the parser's positions (fast: no round-trip load) --

    def _cut(self) -> str | None:
        """The file with removed entries and dropped keys cut out at their exact positions
        and new entries appended; None where that cannot be done by cutting lines."""
        text = self.text
        if self.root is None:
            return self._appended(text, 0)
        root = self.root
        assert isinstance(root, SequenceNode)
        if root.flow_style or any(kind != "drop" for kind, *_ in self.edits):
            return None
        starts = [0] + [m.end() for m in re.finditer("\n", text)]

        def at(mark: Any) -> int:
            return int(starts[mark.line] + mark.column) if mark.line < len(starts) else len(text)

        def line_start(index: int) -> int | None:
            begin = text.rfind("\n", 0, index) + 1
            return begin if not text[begin:index].strip() else None

        def line_end(node: Node) -> int | None:
            end = at(node.end_mark)
            if node.end_mark.column == 0 and end > 0:  # a block scalar ends at a line start
                return end
            stop = text.find("\n", end)
            stop = len(text) if stop < 0 else stop + 1
            rest = text[end:stop].strip()
            return stop if not rest or rest.startswith("#") else None

        def entry_start(item: Node) -> int | None:  # the start of the line of its dash
            dash = text.rfind("-", 0, at(item.start_mark))
            if dash < 0 or text[dash + 1 : at(item.start_mark)].strip():
                return None
            return line_start(dash)

        def past_blank_lines(index: int) -> int:  # which a `|+` block above would take in
            while (stop := text.find("\n", index)) >= 0 and not text[index:stop].strip():
                index = stop + 1
            return index

        items: list[Node] = root.value
        first = entry_start(items[0]) if items else 0
        if first is None:
            return None
        offset = text.rfind("-", 0, at(items[0].start_mark)) - first if items else 0
        cuts: list[tuple[int | None, int | None]] = []
        for i in sorted(self.removed):
            end = line_end(_last(items[i]))
            cuts.append((entry_start(items[i]), None if end is None else past_blank_lines(end)))
        for _, i, key, _ in self.edits:
            entry = items[i]
            pairs = [(k, v) for k, v in entry.value if isinstance(k, ScalarNode) and k.value == key]
            if not isinstance(entry, MappingNode) or entry.flow_style or len(entry.value) < 2 \
                    or len(pairs) != 1:
                return None
            cuts.append((line_start(at(pairs[0][0].start_mark)), line_end(_last(pairs[0][1]))))
        out = text
        for begin, end in sorted(cuts, key=lambda cut: -(cut[0] or 0)):
            if begin is None or end is None:
                return None
            out = out[:begin] + out[end:]
        return self._appended(out, offset)

    # -- 2. and 3. through ruamel's round-trip model (slower; keeps comments and anchors) --

    def _model(self) -> CommentedSeq:
        data = read_yaml(self.target) if self.root is not None else None
        entries: CommentedSeq = data if isinstance(data, CommentedSeq) else CommentedSeq()
        for kind, i, key, item in self.edits:
            if kind == "drop":
                del entries[i][key]
            else:
                entries[i].fa.set_block_style()
                entries[i].setdefault(key, CommentedSeq()).append(CommentedMap(item or {}))
        return entries

    def _spliced(self, entries: CommentedSeq) -> str | None:
        """The file with only the edited entries dumped again, if its list is in block style."""
        if not entries or entries.fa.flow_style():
            return None
        lines = re.findall(r"[^\n]*\n|[^\n]+$", self.text)  # as ruamel counts lines
        starts = [entries.lc.item(i)[0] for i in range(len(entries))]
        offset = entries.lc.item(0)[1] - 2
        if offset < 0:
            return None
        yaml = self._yaml(offset)
        changed = {i for _, i, _, _ in self.edits}
        out = lines[: starts[0]]
        for i, begin in enumerate(starts):
            span = lines[begin : starts[i + 1] if i + 1 < len(starts) else len(lines)]
            tail = span[_split_tail(span) :]
            if i in self.removed:  # keep its comments; blank lines before them may belong
                comments = [n for n, line in enumerate(tail) if line.strip()]  # to a `|+` block
                out += tail[comments[0] :] if comments else []
            elif i in changed:
                dumped = self._dump(CommentedSeq([entries[i]]), yaml).splitlines(True)
                if dumped[-1].rstrip() == "...":  # the end marker after a kept `|+` block
                    dumped.pop()
                out += dumped[: _split_tail(dumped)] + tail
            else:
                out += span
        return self._appended("".join(out), offset)

    def _whole(self, entries: CommentedSeq) -> str:
        """The whole list dumped again (flow-style lists, and layouts splicing cannot keep)."""
        kept = CommentedSeq(e for i, e in enumerate(entries) if i not in self.removed)
        kept.extend(self.added)
        if entries.fa.flow_style():
            kept.fa.set_flow_style()
        kept.ca.comment = entries.ca.comment
        return self._dump(kept, self._yaml())

    def _loads_as_wanted(self, text: str, wanted: list[Any]) -> bool:
        try:
            loaded = YAML(typ="safe", pure=False).load(text)
        except (YAMLError, ValueError):
            return False
        return (loaded if loaded is not None else []) == wanted

    def _renderings(self) -> Iterator[str | None]:
        yield self._cut()
        entries = self._model()
        yield self._spliced(entries)
        yield self._whole(entries)

    def save(self) -> None:
        """Write the edits (keeping line endings, comments and anchors), or raise and write
        nothing if the new text would not load as exactly the intended entries."""
        if not (self.edits or self.removed or self.added):
            return
        wanted = self._wanted()
        newline = "\r\n" if "\r\n" in self.text else "\n"
        for text in self._renderings():
            if text is None:
                continue
            text = text.replace("\r\n", "\n").replace("\n", newline)
            if self._loads_as_wanted(text, wanted):
                replace_atomic(self.target, text)
                return
        raise CasusError.single(
            "unsafe-write",
            "refusing to write: the edited file would not load as the intended facts "
            "(a layout casus cannot edit safely); edit it by hand",
            Location(str(self.path), 1, 1),
        )


def _remove_stale_temps(target: Path) -> None:
    """Delete temporary files a killed writer left (callers hold the file's lock)."""
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def replace_atomic(target: Path, text: str) -> None:
    """Write text to a temporary file beside `target`, flush it to disk, rename it over
    `target` and flush the folder: a crash leaves the old file or the new, never a mix.
    The file keeps its permission bits (a new one gets the umask's)."""
    _remove_stale_temps(target)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if target.exists():
            os.fchmod(fd, stat.S_IMODE(target.stat().st_mode))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
