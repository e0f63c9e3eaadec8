"""Load generator for the HTTP API (a benchmark, not a test).

Mixes base and what-if questions, all with full explanations, against `casus serve` on
127.0.0.1 (started here with 1 and 2 workers, or a running one given with --url), at 1, 8
and 32 concurrent keep-alive clients. Every answer is compared with the one the same
request got alone; prints throughput, p50/p99 latency, errors, wrong answers, and the CPU
time per request of the server processes (when started here) and of this generator: on a
shared machine CPU per request is the stable figure, throughput and latency are not.

    python bench/api_load.py                      # start servers with 1 and 2 workers
    python bench/api_load.py --url http://127.0.0.1:8000 --clients 8 --seconds 10
    # decision log off, on SQLite, on PostgreSQL (each a fresh log), 8 clients, 2 workers:
    python bench/api_load.py --workers 2 --clients 8 --logs off,sqlite,postgresql \
        --database-url postgresql://casus:casus@127.0.0.1/casus_bench
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SEED = "must_assist(russia, armenia, csto, karabakh_war_2020)"
SYUNIK = [
    "hostilities_in(karabakh_war_2020, syunik)",
    "requested_assistance(armenia, csto, karabakh_war_2020)",
]
DRILL = [
    "armed_attack(drill_2030)",
    "target(drill_2030, kazakhstan)",
    "hostilities_in(drill_2030, almaty_region)",
    "territory_of(almaty_region, kazakhstan)",
    "requested_assistance(kazakhstan, csto, drill_2030)",
]
# (weight, body): one base question in four, the rest what-if scenarios; all explained fully
MIX: list[tuple[int, dict[str, object]]] = [
    (3, {"query": SEED}),
    (1, {"query": "must_consult(csto, karabakh_war_2020)"}),
    (4, {"query": SEED, "assume": SYUNIK}),
    (2, {"query": SEED, "assume": SYUNIK, "retract": ["party(russia, csto)"]}),
    (2, {"query": "must_assist(russia, kazakhstan, csto, drill_2030)", "assume": DRILL}),
    (2, {"query": "casus_foederis(csto, drill_2030)", "assume": DRILL[:4]}),
    (1, {"query": "must_assist(A, armenia, csto, E)", "assume": SYUNIK}),
    (1, {"query": "party(armenia, csto)", "retract": ["party(armenia, csto)"]}),
]
ELAPSED = b',"elapsed_ms":'


def request_bytes(host: str, body: dict[str, object]) -> bytes:
    payload = json.dumps({"as_of": "2020-10-07", "explain": "full", **body}).encode()
    head = (
        f"POST /v1/ask HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


def stable(body: bytes) -> bytes:
    """The answer without its evaluation time (the last field), for comparison."""
    cut = body.rfind(ELAPSED)
    return body if cut < 0 else body[:cut]


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes
) -> tuple[int, bytes]:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(v) for k, _, v in (line.partition(":") for line in lines[1:])
                  if k.lower() == "content-length")
    return status, await reader.readexactly(length)


@dataclass
class Cell:
    """The results of one load level."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    wrong: int = 0
    wall: float = 0.0
    server_cpu: float | None = None  # CPU seconds the server processes used
    client_cpu: float = 0.0  # CPU seconds this load generator used


async def client(
    url: str, requests: list[bytes], expected: list[bytes], picks: list[int], stop: float,
    cell: Cell,
) -> None:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        for i in picks:
            if time.perf_counter() >= stop:
                break
            started = time.perf_counter()
            try:
                status, body = await exchange(reader, writer, requests[i])
            except (OSError, asyncio.IncompleteReadError, ValueError):
                cell.errors += 1
                reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
                continue
            cell.latencies.append(time.perf_counter() - started)
            if status != 200:
                cell.errors += 1
            elif stable(body) != expected[i]:
                cell.wrong += 1
    finally:
        writer.close()


async def expected_answers(url: str, requests: list[bytes]) -> list[bytes]:
    """Each request made alone, one after another."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    out = []
    for raw in requests:
        status, body = await exchange(reader, writer, raw)
        if status != 200:
            raise SystemExit(f"request failed alone ({status}): {body[:300]!r}")
        out.append(stable(body))
    writer.close()
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and all its descendants (Linux /proc)."""
    total = 0.0
    todo = [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError):
            continue
    return total


async def run_level(
    url: str, clients: int, seconds: float, warmup: float, pid: int | None
) -> Cell:
    host = urlsplit(url).netloc
    requests = [request_bytes(host, body) for _, body in MIX]
    weights = [w for w, _ in MIX]
    expected = await expected_answers(url, requests)
    rng = random.Random(clients)
    cell = Cell()
    for duration in (warmup, seconds):  # the first round only warms the server up
        cell = Cell()
        picks = [rng.choices(range(len(MIX)), weights, k=20_000) for _ in range(clients)]
        stop = time.perf_counter() + duration
        started = time.perf_counter()
        client_cpu = time.process_time()
        server_cpu = cpu_seconds(pid) if pid else None
        await asyncio.gather(*(client(url, requests, expected, p, stop, cell) for p in picks))
        cell.wall = time.perf_counter() - started
        cell.client_cpu = time.process_time() - client_cpu
        if pid and server_cpu is not None:
            cell.server_cpu = cpu_seconds(pid) - server_cpu
    return cell


def quantile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def log_env(log: str, database_url: str | None) -> Iterator[dict[str, str]]:
    """The server's environment for a decision log: off, sqlite (a fresh file) or
    postgresql (`database_url`, emptied first), each with a fresh data folder for the spool."""
    env = {k: v for k, v in os.environ.items() if k != "CASUS_DATABASE_URL"}
    if log == "off":
        yield {**env, "CASUS_DECISION_LOG": "off"}
    elif log == "sqlite":
        with tempfile.TemporaryDirectory(prefix="casus-bench-log-") as folder:
            yield {**env, "CASUS_DECISION_LOG": "on", "CASUS_DATA_DIR": folder}
    elif log == "postgresql" and database_url:
        from casus.engine.decisions.schema import metadata
        from casus.engine.decisions.store import DecisionStore

        store = DecisionStore(database_url)
        with store.engine.begin() as connection:
            metadata.drop_all(connection)
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        store.close()
        with tempfile.TemporaryDirectory(prefix="casus-bench-spool-") as folder:
            yield {**env, "CASUS_DECISION_LOG": "on", "CASUS_DATABASE_URL": database_url,
                   "CASUS_DATA_DIR": folder}
    else:
        raise SystemExit(f"--logs: {log!r} is not off, sqlite or postgresql (with --database-url)")


@contextmanager
def server(workers: int, env: dict[str, str] | None = None) -> Iterator[tuple[str, int | None]]:
    """`casus serve` on a free local port with the given number of workers: (url, pid)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "casus", "serve", "--port", str(port),
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("server did not start") from None
                time.sleep(0.2)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextmanager
def target(
    url: str | None, workers: int, env: dict[str, str] | None = None
) -> Iterator[tuple[str, int | None]]:
    """The given server, or one started here: (url, pid if started here)."""
    if url:
        yield url, None
    else:
        with server(workers, env) as started:
            yield started


def report(log: str, workers: str, clients: int, cell: Cell) -> str:
    lat = sorted(cell.latencies)
    ms = [1000 * quantile(lat, q) for q in (0.5, 0.99)] if lat else [0.0, 0.0]
    per = 1000 / max(len(lat), 1)
    server = f"{cell.server_cpu * per:>7.2f}" if cell.server_cpu is not None else "      -"
    return (
        f"| {log:>10} | {workers:>7} | {clients:>7} | {len(lat):>8} | {len(lat) / cell.wall:>7.0f} "
        f"| {ms[0]:>6.1f} | {ms[1]:>6.1f} | {cell.errors:>6} | {cell.wrong:>5} "
        f"| {server} | {cell.client_cpu * per:>7.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start one per worker count)")
    parser.add_argument("--workers", default="1,2", help="worker counts to start")
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients per level")
    parser.add_argument("--seconds", type=float, default=8.0, help="measured time per level")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured time per level")
    parser.add_argument("--logs", default="default",
                        help="decision logs to compare: off, sqlite, postgresql "
                        "(default: as the environment says)")
    parser.add_argument("--database-url", help="the PostgreSQL database for --logs postgresql")
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]
    what_if = sum(w for w, b in MIX if b.get("assume") or b.get("retract"))
    print(f"mix: {len(MIX)} questions, {what_if}/{sum(w for w, _ in MIX)} what-if, "
          f"explain=full; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print("|        log | workers | clients | requests |   req/s | p50 ms | p99 ms | errors "
          "| wrong | srv CPU ms/req | gen CPU ms/req |")
    print("|-----------:|--------:|--------:|---------:|--------:|-------:|-------:|-------:"
          "|------:|-------:|-------:|")
    for log in args.logs.split(","):
        for workers in ["given"] if args.url else args.workers.split(","):
            with (
                log_env(log, args.database_url) if log != "default" else nullcontext(None) as env,
                target(args.url, 0 if args.url else int(workers), env) as (base, pid),
            ):
                for clients in levels:
                    cell = asyncio.run(run_level(base, clients, args.seconds, args.warmup, pid))
                    print(report(log, workers, clients, cell), flush=True)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
