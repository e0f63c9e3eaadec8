"""Edit a YAML file that holds a list of entries: locked, verified and atomic.

Edits go through ruamel's round-trip model. Unchanged entries keep their bytes; changed
ones are dumped again in place. The result is parsed back and must give exactly the
expected entries, else nothing is written: a wrong write is worse than none.
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

from ..errors import CasusError, Location
from ..knowledge.facts import read_yaml
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


class ListFile:
    """A YAML list of entries loaded for editing; `save` writes the edits or nothing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.target = target_of(path)
        exists = self.target.exists()
        data = read_yaml(self.target) if exists else None
        if data is not None and not isinstance(data, CommentedSeq):
            raise CasusError.single(
                "yaml-shape",
                "refusing to write: the file is not a list of entries",
                Location(str(path), 1, 1),
            )
        self.text = read_text(self.target) if exists else ""
        self.entries: CommentedSeq = data if data is not None else CommentedSeq()
        self.expected: list[Any] = _plain(self.entries)
        self.changed: set[int] = set()
        self.removed: set[int] = set()
        self.added: list[CommentedMap] = []

    def drop_key(self, index: int, key: str) -> None:
        """Remove one key of an entry."""
        del self.entries[index][key]
        del self.expected[index][key]
        self.changed.add(index)

    def extend_list(self, index: int, key: str, item: dict[str, Any]) -> None:
        """Append an item to a list-valued key of an entry, creating the list if needed."""
        entry = self.entries[index]
        entry.fa.set_block_style()
        entry.setdefault(key, CommentedSeq()).append(CommentedMap(item))
        self.expected[index].setdefault(key, []).append(copy.deepcopy(item))
        self.changed.add(index)

    def remove(self, index: int) -> None:
        """Remove an entry."""
        self.removed.add(index)

    def append(self, entry: dict[str, Any]) -> None:
        """Add an entry at the end."""
        self.added.append(CommentedMap(entry))

    @property
    def dirty(self) -> bool:
        return bool(self.changed or self.removed or self.added)

    def _wanted(self) -> list[Any]:
        kept = [e for i, e in enumerate(self.expected) if i not in self.removed]
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

    def _spliced(self) -> str | None:
        """The file with only the edited entries rewritten, if its list is in block style."""
        if not self.entries or self.entries.fa.flow_style():
            return None
        lines = re.findall(r"[^\n]*\n|[^\n]+$", self.text)  # as ruamel counts lines
        starts = [self.entries.lc.item(i)[0] for i in range(len(self.entries))]
        offset = self.entries.lc.item(0)[1] - 2
        if offset < 0:
            return None
        yaml = self._yaml(offset)
        out = lines[: starts[0]]
        for i, begin in enumerate(starts):
            span = lines[begin : starts[i + 1] if i + 1 < len(starts) else len(lines)]
            tail = span[_split_tail(span) :]
            if i in self.removed:  # keep its comments; blank lines before them may belong
                comments = [n for n, line in enumerate(tail) if line.strip()]  # to a `|+` block
                out += tail[comments[0] :] if comments else []
            elif i in self.changed:
                dumped = self._dump(CommentedSeq([self.entries[i]]), yaml).splitlines(True)
                if dumped[-1].rstrip() == "...":  # the end marker after a kept `|+` block
                    dumped.pop()
                out += dumped[: _split_tail(dumped)] + tail
            else:
                out += span
        text = "".join(out)
        if self.added:
            if text and not text.endswith("\n"):
                text += "\n"
            text += self._dump(CommentedSeq(self.added), yaml)
        return text

    def _whole(self) -> str:
        """The whole list dumped again (flow-style lists, and layouts splicing cannot keep)."""
        entries = CommentedSeq(e for i, e in enumerate(self.entries) if i not in self.removed)
        entries.extend(self.added)
        if self.entries.fa.flow_style():
            entries.fa.set_flow_style()
        entries.ca.comment = self.entries.ca.comment
        return self._dump(entries, self._yaml())

    def _loads_as_wanted(self, text: str, wanted: list[Any]) -> bool:
        try:
            loaded = YAML(typ="safe", pure=False).load(text)
        except (YAMLError, ValueError):
            return False
        return (loaded if loaded is not None else []) == wanted

    def save(self) -> None:
        """Write the edits (keeping line endings, comments and anchors), or raise and write
        nothing if the new text would not load as exactly the intended entries."""
        if not self.dirty:
            return
        wanted = self._wanted()
        newline = "\r\n" if "\r\n" in self.text else "\n"
        for render in (self._spliced, self._whole):
            text = render()
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
