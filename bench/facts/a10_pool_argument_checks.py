"""What the pools themselves say about a bad worker count, and that a thread has no kill.

Claims in katas/q1/README.md (Hint 3), katas/q2/README.md (Hint 2) and
solutions/q2/ANSWER.md: ``Pool(True)`` quietly makes one worker; ``Pool(0)`` says
"Number of processes must be at least 1"; ``ThreadPoolExecutor(True)`` and
``ThreadPoolExecutor(2.5)`` are accepted and ``ThreadPoolExecutor(0)`` says
"max_workers must be greater than 0"; none of the messages names the caller's
argument. ``threading.Thread`` has no public ``kill``, ``terminate`` or ``stop``.

    python bench/facts/a10_pool_argument_checks.py

Measured 2026-12-08, 2-core Linux VM: the same on 3.10.13, 3.11.7, 3.12.1, 3.13.0,
3.14.10 and 3.15.2:
    Pool(True) accepted, 1 worker(s); Pool(0) ValueError: Number of processes must be at
    least 1; ThreadPoolExecutor(True) accepted; ThreadPoolExecutor(2.5) accepted;
    ThreadPoolExecutor(0) ValueError: max_workers must be greater than 0
    threading.Thread has none of kill/terminate/stop/cancel
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import sys
import threading
from collections.abc import Callable


def outcome(make: Callable[[], object]) -> str:
    try:
        made = make()
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    if isinstance(made, concurrent.futures.Executor):
        made.shutdown()
        return "accepted"
    pool = made
    workers = len(pool._pool)  # type: ignore[attr-defined]
    pool.close()  # type: ignore[attr-defined]
    pool.join()  # type: ignore[attr-defined]
    return f"accepted, {workers} worker(s)"


def main() -> None:
    fork = multiprocessing.get_context("fork")
    checks: dict[str, Callable[[], object]] = {
        "Pool(True)": lambda: fork.Pool(True),
        "Pool(0)": lambda: fork.Pool(0),
        "ThreadPoolExecutor(True)": lambda: concurrent.futures.ThreadPoolExecutor(True),
        "ThreadPoolExecutor(2.5)": lambda: concurrent.futures.ThreadPoolExecutor(2.5),  # type: ignore[call-overload]
        "ThreadPoolExecutor(0)": lambda: concurrent.futures.ThreadPoolExecutor(0),
    }
    print(f"Python {sys.version.split()[0]}: " + "; ".join(f"{name} {outcome(make)}" for name, make in checks.items()))
    public = [name for name in ("kill", "terminate", "stop", "cancel") if hasattr(threading.Thread, name)]
    print(f"  threading.Thread has {public or 'none'} of kill/terminate/stop/cancel")


if __name__ == "__main__":
    main()
