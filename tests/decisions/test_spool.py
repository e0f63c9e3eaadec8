"""The spool: a killed process's journal is recovered into the database exactly once, a
live process's journal is left alone, and a line cut short is skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from casus.engine.decisions.spool import SUFFIX, Spool, recover
from casus.engine.decisions.store import DecisionStore, Filters

from tests.decisions.test_store import decision

ROOT = Path(__file__).parents[2]

KILLED = """
import os, signal, sys
from pathlib import Path
from casus.engine.decisions.spool import Spool
from tests.decisions.test_store import decision
spool = Spool(Path(sys.argv[1]), segment_records=4)
for m in range(10):
    assert spool.append(decision(m)) is not None
os.kill(os.getpid(), signal.SIGKILL)
"""


def spool_of_a_killed_process(folder: Path) -> None:
    """10 records journalled by a process then killed with SIGKILL (3 segments)."""
    done = subprocess.run([sys.executable, "-c", KILLED, str(folder)], cwd=ROOT, check=False)
    assert done.returncode == -9


def stored(store: DecisionStore) -> list[str]:
    return [d.id for d in store.each(Filters())]


def test_a_killed_process_spool_is_recovered_exactly_once(
    store: DecisionStore, tmp_path: Path
) -> None:
    folder = tmp_path / "spool"
    spool_of_a_killed_process(folder)
    left = sorted(folder.glob("*" + SUFFIX))
    assert len(left) == 3
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    assert recover(folder, store.add) == 10
    ids = stored(store)
    assert len(ids) == len(set(ids)) == 10
    assert list(folder.iterdir()) == []  # deleted once committed
    # a recovery that committed but died before deleting the files runs again: no duplicates
    shutil.rmtree(folder)
    shutil.copytree(copy, folder)
    assert recover(folder, store.add) == 10
    assert sorted(stored(store)) == sorted(ids)
    assert recover(folder, store.add) == 0


def test_a_live_process_spool_is_left_alone(store: DecisionStore, tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    assert spool.append(decision(0)) is not None
    assert recover(spool.folder, store.add) == 0  # its writer holds the segment's lock
    assert stored(store) == []
    spool.close()  # not committed: the segment stays for whoever starts next
    assert recover(spool.folder, store.add) == 1


def test_a_line_cut_short_is_skipped(
    store: DecisionStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spool = Spool(tmp_path / "spool")
    first, second, third = decision(0), decision(1), decision(2)
    assert spool.append(first) is not None
    write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: write(fd, data[:20]))  # disk full
    assert spool.append(second) is None
    monkeypatch.setattr(os, "write", write)
    assert spool.append(third) is not None  # in a new segment, after the cut line
    spool.close()
    assert recover(spool.folder, store.add) == 2
    assert sorted(stored(store)) == sorted([first.id, third.id])
