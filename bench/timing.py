"""Timings from inside daphne for the chat benchmark: where a room message spends its time.

``bench/asgi.py`` installs these when BENCH_TIMINGS names a file. Each wrapped call appends
``<label> <seconds>`` to it (one short line per message per step, a few microseconds).
Functions are wrapped by name at start-up: the project's files stay untouched, and a step
that no longer exists under that name is simply not timed.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO

# (module, attribute path, label). The consumer's ``store`` covers the wait for the one
# database thread plus ``room_send``; ``room_send`` covers checks, screening, the write and
# the broadcast (``send_now``, run on commit from the database thread).
STEPS = [
    ("chat.consumers", "RoomConsumer.store", "store"),
    ("chat.services", "room_send", "room_send"),
    ("chat.services", "_rate_check", "rate_check"),
    ("chat.services", "message_verdict", "screening"),
    ("chat.services", "_store", "insert"),
    ("cybersquad.broadcast", "send_now", "broadcast"),
]


def install(path: str) -> list[str]:
    """Wrap the steps above; returns the labels that could be wrapped."""
    out: TextIO = open(path, "a", buffering=1)  # open for the process' life
    lock = threading.Lock()

    def record(label: str, started: float) -> None:
        line = f"{label} {time.perf_counter() - started:.6f}\n"
        with lock:
            out.write(line)

    installed = []
    for module_name, attribute, label in STEPS:
        owner: Any = importlib.import_module(module_name)
        *parents, name = attribute.split(".")
        for parent in parents:
            owner = getattr(owner, parent, None)
        original = getattr(owner, name, None) if owner is not None else None
        if original is None:
            continue
        setattr(owner, name, _timed(original, label, record))
        installed.append(label)
    return installed


def _timed(original: Callable, label: str, record: Callable[[str, float], None]) -> Callable:
    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                record(label, started)

        return timed_async

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            record(label, started)

    return timed
