"""Run several uvicorn worker processes, each with its own SO_REUSEPORT listening socket.

uvicorn's own `--workers` shares one socket: the first idle worker to wake accepts a whole
burst of connections, and keep-alive pins them there (measured: one worker did 90% of the
work under 8 and 32 clients). With one socket per worker the kernel spreads new
connections across the workers instead.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import signal
import socket
import sys
from types import FrameType

import uvicorn

APP = "casus.api.service.app:create_app"
# Idle keep-alive connections close after this many seconds (a stalled body is cut off by
# the app's BodyLimit middleware, as uvicorn has no body-read timeout).
TIMEOUTS = {"timeout_keep_alive": 5, "timeout_graceful_shutdown": 10}
log = logging.getLogger("casus.serve")


def can_reuse_port() -> bool:
    """Whether this platform balances connections over SO_REUSEPORT sockets (Linux)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listen(host: str, port: int) -> socket.socket:
    """A listening socket that other processes may bind to the same address too."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.set_inheritable(True)
    return sock


def _worker(host: str, port: int, log_level: str) -> None:
    """One worker process: its own socket, one uvicorn server with the app factory."""
    config = uvicorn.Config(APP, factory=True, log_level=log_level, **TIMEOUTS)
    uvicorn.Server(config).run(sockets=[listen(host, port)])


def run_workers(host: str, port: int, workers: int, log_level: str) -> int:
    """Start `workers` processes and wait; SIGINT/SIGTERM stops them all. Returns the exit
    status: 0 after a requested stop, 1 if a worker died on its own."""
    context = multiprocessing.get_context("spawn")
    procs = [
        context.Process(target=_worker, args=(host, port, log_level), name=f"casus-worker-{i}")
        for i in range(workers)
    ]
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for proc in procs:
            if proc.is_alive():
                proc.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for proc in procs:
        proc.start()
    print(f"casus: {workers} workers on http://{host}:{port} (docs at /docs)", flush=True)
    multiprocessing.connection.wait([p.sentinel for p in procs])
    if not stopping:
        log.error("a worker exited unexpectedly; stopping the others")
        stop(signal.SIGTERM, None)
    for proc in procs:
        proc.join()
    return 0 if stopping else 1
