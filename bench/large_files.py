"""Time and peak memory of `casus check` and `casus review --all` on large valid facts files.

    python -m bench.large_files --check-mb 0.95 50 --review-mb 0.95 4 --repeat 3

Each size gets a generated, valid facts file (party facts with dated sources) in a temporary
copy of the bundled knowledge base; every command runs in a fresh process, measured with
wait4 (wall and CPU seconds, peak RSS;
CPU time is the steadier figure on a shared machine). Prints one JSON line per run and the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATES = ["armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan"]


def write_facts(path: Path, size_bytes: int, unreviewed: bool) -> None:
    """Valid facts entries, about 150 bytes each, up to `size_bytes`; written as generated,
    so that this process stays small (a child's peak RSS starts at its parent's)."""
    total, n = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while total < size_bytes:
            state = STATES[n % len(STATES)]
            entry = (
                f"# entry {n}\n- fact: party({state}, csto)\n  from: {1994 + n % 20}-04-20\n"
                f"  until: {2020 + n % 5}-01-01\n  source: csto-history\n  note: generated {n}\n"
            )
            if unreviewed:
                entry += "  reviewed: false\n"
            out.write(entry)
            total += len(entry)
            n += 1


def measure(args: list[str], cwd: Path) -> dict[str, object]:
    """Run one casus command in a fresh process: exit code, wall seconds, peak RSS in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "casus", *args], cwd=cwd,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    return {
        "exit": os.waitstatus_to_exitcode(status),
        "seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "message": stderr.strip().splitlines()[0][:160] if stderr.strip() else "",
    }


def run(kind: str, size_mb: float, repeat: int) -> dict[str, object]:
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            facts = Path(tmp) / "facts"
            shutil.copytree(ROOT / "facts", facts)
            big = facts / "big.yaml"
            write_facts(big, int(size_mb * 1_000_000), kind == "review")
            if kind == "check":
                args = ["check", "--rules", str(ROOT / "rules"), "--facts", str(facts)]
            else:
                args = ["review", str(big), "--all"]
            size = big.stat().st_size
            result = measure(args, Path(tmp))
            result.update(kind=kind, size_mb=size_mb, bytes=size)
            print(json.dumps(result), flush=True)
            runs.append(result)
    return {
        "kind": kind,
        "size_mb": size_mb,
        "median_seconds": statistics.median(float(str(r["seconds"])) for r in runs),
        "median_cpu_seconds": statistics.median(float(str(r["cpu_seconds"])) for r in runs),
        "median_peak_mb": statistics.median(float(str(r["peak_mb"])) for r in runs),
        "exit": sorted({r["exit"] for r in runs}, key=str),
        "message": runs[0]["message"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check-mb", type=float, nargs="*", default=[0.95, 50.0])
    parser.add_argument("--review-mb", type=float, nargs="*", default=[0.95, 4.0])
    parser.add_argument("--repeat", type=int, default=3)
    opts = parser.parse_args()
    summary = [run("check", mb, opts.repeat) for mb in opts.check_mb]
    summary += [run("review", mb, opts.repeat) for mb in opts.review_mb]
    print(json.dumps({"medians": summary}, indent=2))


if __name__ == "__main__":
    main()
