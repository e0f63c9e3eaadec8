"""Versions of the knowledge base to compare: the working tree, a directory, or a git revision.

A version is a directory holding `rules/` and `facts/`. A git revision is exported with
`git archive` into a temporary directory, so the working tree and its index are never touched.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from ..errors import CasusError, Location

KB_DIRS = ("rules", "facts")


@dataclass(frozen=True)
class Version:
    """A materialised version: its label for reports and the root holding rules/ and facts/."""

    label: str
    root: Path

    @property
    def rules(self) -> Path:
        return self.root / "rules"

    @property
    def facts(self) -> Path:
        return self.root / "facts"


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except OSError as exc:
        raise CasusError.single("git", f"cannot run git: {exc}", Location(str(repo))) from None


def repo_root(start: Path) -> Path:
    """The top of the git work tree containing `start`, or `start` itself outside git."""
    done = _git(start, "rev-parse", "--show-toplevel")
    return Path(done.stdout.decode().strip()) if done.returncode == 0 else start


def _export(repo: Path, rev: str, target: Path) -> str:
    """Write `rules/` and `facts/` of a revision into `target`; return the short commit id."""
    done = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done.returncode != 0:
        raise CasusError.single(
            "bad-revision",
            f"{rev!r} is neither a directory nor a git revision of {repo}",
            Location(rev),
        )
    commit = done.stdout.decode().strip()
    archive = _git(repo, "archive", "--format=tar", commit, *KB_DIRS)
    if archive.returncode != 0:
        message = archive.stderr.decode().strip() or "git archive failed"
        raise CasusError.single("bad-revision", f"{rev}: {message}", Location(rev))
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return commit[:12]


@contextmanager
def checkout(spec: str | None, repo: Path) -> Iterator[Version]:
    """The version named by `spec`: None for the working tree, a directory, or a git revision."""
    if spec is None:
        yield Version("working tree", repo)
        return
    path = Path(spec)
    if path.is_dir():
        yield Version(spec, path)
        return
    with tempfile.TemporaryDirectory(prefix="casus-diff-") as tmp:
        commit = _export(repo, spec, Path(tmp))
        yield Version(f"{spec} ({commit})", Path(tmp))
