"""`casus check` on hostile or broken files: exit 2 with file:line:col, within seconds.

Each case runs the real command in a subprocess, so a segfault, a traceback or a hang
shows as what it is.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from casus.engine.knowledge.facts import Source, source_text

ROOT = Path(__file__).resolve().parents[2]


def _deep_flow(depth: int) -> str:
    return "- fact: party(armenia, csto)\n  source: " + "[" * depth + "]" * depth + "\n"


def _billion_laughs() -> str:
    lines = ['- fact: party(armenia, csto)\n  source: s\n  note: &l0 "lol"']
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"- &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def _facts_file(text: str | bytes) -> Callable[[Path, Path], Path]:
    def make(rules: Path, facts: Path) -> Path:
        path = facts / "bad.yaml"
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return path

    return make


def _rules_file(data: bytes) -> Callable[[Path, Path], Path]:
    def make(rules: Path, facts: Path) -> Path:
        path = rules / "bad.dl"
        path.write_bytes(data)
        return path

    return make


def _rules_dir(rules: Path, facts: Path) -> Path:
    path = rules / "x.dl"
    path.mkdir()
    return path


def _dev_zero(rules: Path, facts: Path) -> Path:
    path = facts / "zero.yaml"
    path.symlink_to("/dev/zero")
    return path


def _too_large(rules: Path, facts: Path) -> Path:
    path = facts / "big.yaml"
    entry = "- fact: party(armenia, csto)\n  source: csto-history\n  note: " + "x" * 1000 + "\n"
    path.write_text(entry * 5000, encoding="utf-8")  # 5 MB
    return path


CASES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "yaml nested 30,000 deep": (_facts_file(_deep_flow(30_000)), "nested deeper than"),
    "yaml nested 15,000 deep": (_facts_file(_deep_flow(15_000)), "nested deeper than"),
    "self-referencing alias": (
        _facts_file("- fact: party(armenia, csto)\n  source: &a [*a]\n"), "refers to a node"
    ),
    "billion laughs": (_facts_file(_billion_laughs()), "aliases expand"),
    "5,000-digit integer in yaml": (
        _facts_file("- fact: party(armenia, csto)\n  source: " + "9" * 5000 + "\n"), "",
    ),
    "latin-1 facts file": (_facts_file(b"- fact: party(armenia, csto)\n  note: caf\xe9\n"),
                           "not UTF-8"),
    "binary rule file": (_rules_file(b"\x7fELF\x02\x01\x01\x00\xff\xfe"), "not UTF-8"),
    "latin-1 rule file": (_rules_file(b"% caf\xe9\n"), "not UTF-8"),
    "5,000-digit integer in rules": (_rules_file(b"q(" + b"9" * 5000 + b")."), "integer"),
    "directory named x.dl": (_rules_dir, "not a regular file"),
    "facts file linked to /dev/zero": (_dev_zero, "not a regular file"),
    "facts file over the size limit": (_too_large, "too large"),
}


@pytest.fixture()
def kb_copy(tmp_path: Path) -> tuple[Path, Path]:
    rules, facts = tmp_path / "rules", tmp_path / "facts"
    shutil.copytree(ROOT / "rules", rules)
    shutil.copytree(ROOT / "facts", facts)
    return rules, facts


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_reports_a_bad_file_with_its_location(
    kb_copy: tuple[Path, Path], case: str
) -> None:
    rules, facts = kb_copy
    make, message = CASES[case]
    bad = make(rules, facts)
    run = subprocess.run(
        [sys.executable, "-m", "casus", "check", "--rules", str(rules), "--facts", str(facts)],
        capture_output=True, text=True, timeout=120, cwd=kb_copy[0].parent,
        env={**os.environ, "PYTHONFAULTHANDLER": ""},
    )
    assert run.returncode == 2, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    located = re.search(rf"(^|\n)[^\n]*{re.escape(bad.name)}:(\d+):(\d+): ([^\n]+)", run.stderr)
    assert located, run.stderr[-2000:]
    assert message in located.group(4)


def test_source_texts_are_read_only_from_regular_files_in_the_articles_folder(
    tmp_path: Path,
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "ok.txt").write_text("Armenia asked for help.", encoding="utf-8")
    (articles / "random.txt").symlink_to("/dev/urandom")
    (articles / "fifo.txt").unlink(missing_ok=True)
    os.mkfifo(articles / "fifo.txt")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")

    def text(name: str) -> str | None:
        return source_text(articles, Source(id="s", title="t", text=name))

    assert text("ok.txt") == "Armenia asked for help."
    for name in ("/dev/urandom", "random.txt", "fifo.txt", "../secret.txt", str(outside),
                 "/etc/passwd"):
        assert text(name) is None, name
