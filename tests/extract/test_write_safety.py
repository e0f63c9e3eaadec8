"""Writing facts files: concurrent writers lose nothing; mode, symlinks and durability kept."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from casus.engine.errors import CasusError
from casus.engine.extraction.writer import review
from ruamel.yaml import YAML

WRITER = """
import sys
from pathlib import Path
from casus.engine.extraction.article import Candidate
from casus.engine.extraction.writer import review, write_facts
from casus.engine.knowledge.facts import Entity

path, worker, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for k in range(count):
    if worker.startswith("accept"):
        review(path, accept=[f"event(old_{worker[-1]}_{k})"])
        continue
    name = f"new_{worker}_{k}"
    fact = Candidate(fact=f"event({name})", predicate="event", args=[name], holds=True,
                     quote="q", span=(0, 1), confidence=1.0, pattern="test")
    write_facts(path, [fact], "s", {name: Entity(id=name, kind="event", label=name)})
"""


def _entries(path: Path) -> dict[str, dict[str, object]]:
    return {e["fact"]: e for e in YAML(typ="safe", pure=True).load(path.read_text("utf-8"))}


def test_concurrent_writers_and_reviewers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    old = [f"event(old_{r}_{k})" for r in "ab" for k in range(3)]
    path.write_text(
        "".join(f"- fact: {f}\n  source: s\n  reviewed: false\n" for f in old), encoding="utf-8"
    )
    workers = [str(w) for w in range(4)] + ["accept_a", "accept_b"]
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), w, "3"]) for w in workers
    ]
    assert [p.wait(timeout=300) for p in procs] == [0] * len(procs)
    entries = _entries(path)
    added = {f"event(new_{w}_{k})" for w in range(4) for k in range(3)}
    assert added <= set(entries)
    assert all(entries[f]["source"] == "s" and entries[f]["reviewed"] is False for f in added)
    assert set(old) <= set(entries)
    assert all("reviewed" not in entries[f] for f in old)  # every acceptance landed
    assert len(entries) == len(old) + len(added)


UNREVIEWED = "- fact: party(armenia, csto)\n  source: s\n  reviewed: false\n"


def test_a_rewritten_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(UNREVIEWED, encoding="utf-8")
    path.chmod(0o640)
    review(path, accept_all=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "reviewed" not in path.read_text(encoding="utf-8")


def test_temp_files_of_a_killed_writer_are_removed_at_the_next_write(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(UNREVIEWED, encoding="utf-8")
    stale = tmp_path / ".facts.yaml.k1ll3d.tmp"
    stale.write_text("half a file", encoding="utf-8")
    review(path, accept_all=True)
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


def test_a_symlinked_file_is_written_through_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "kb" / "facts.yaml"
    real.parent.mkdir()
    real.write_text(UNREVIEWED, encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    review(link, accept_all=True)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "reviewed" not in real.read_text(encoding="utf-8")


def test_the_file_and_its_folder_are_flushed_around_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(UNREVIEWED, encoding="utf-8")
    steps: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        steps.append("fsync dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        steps.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    review(path, accept_all=True)
    assert steps == ["fsync file", "rename", "fsync dir"]


def test_review_refuses_a_file_over_the_size_limit_and_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    text = UNREVIEWED + "# padding\n" * 120_000  # 1.2 MB
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CasusError) as exc:
        review(path, accept_all=True)
    assert exc.value.code == "too-large"
    assert str(exc.value).startswith(f"{path}:1:1: file too large")
    assert path.read_text(encoding="utf-8") == text
