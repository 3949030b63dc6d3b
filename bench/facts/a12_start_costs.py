"""What it costs to start and join one process per start method, and one thread.

Claims in katas/q1/README.md ("Start-up is not free"), solutions/q1/ANSWER.md,
solutions/q2/ANSWER.md (the table) and solutions/q3/ANSWER.md: a ``fork`` start and
join costs a few milliseconds, a ``forkserver`` one more once its server runs (its first
start also starts the server), a ``spawn`` one tens of milliseconds; a thread about a
tenth of a millisecond. Checks the 3.10-3.13 figures the files quote and adds 3.14 and
3.15, where the forkserver preloads the main module once instead of each child
importing it.

The children run a no-op defined in this script, so spawn and forkserver children
import it (stdlib only). Medians of 15 starts after the first.

    python bench/facts/a12_start_costs.py

Measured 2026-12-08, 2-core Linux VM shared with other work, 2 runs per version at load
average 0.7-1.1 (medians of 15; first start in brackets):
    3.10.13: fork 2.2 ms, forkserver 12.4-16.1 ms (54-61), spawn 47.7-59.4 ms, thread 0.07-0.10 ms
    3.11.7:  fork 2.6-3.2 ms, forkserver 14.2-14.9 ms (76-79), spawn 54.5-68.0 ms, thread 0.11-0.14 ms
    3.12.1:  fork 1.7-2.2 ms, forkserver 14.4-24.7 ms (59-86), spawn 50.3-72.1 ms, thread 0.11-0.19 ms
    3.13.0:  fork 1.7-2.7 ms, forkserver 16.8-21.2 ms (73-82), spawn 59.6-74.3 ms, thread 0.08 ms
    3.14.10: fork 1.7-3.0 ms, forkserver 2.9-4.6 ms (64-95), spawn 45.3-58.7 ms, thread 0.06-0.11 ms
    3.15.2:  fork 1.8-2.4 ms, forkserver 3.2-5.3 ms (53-81), spawn 42.6-67.6 ms, thread 0.07-0.08 ms
    (a first run at load average 2.5, 3.11.7 only: fork 3.3, forkserver 17.9, spawn 66.4 ms)
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

STARTS = 15


def noop() -> None:
    pass


def ms(start_and_join: Callable[[], None]) -> float:
    start = time.perf_counter()
    start_and_join()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parts = []
    for method in ("fork", "forkserver", "spawn"):
        ctx: Any = multiprocessing.get_context(method)

        def once() -> None:
            child = ctx.Process(target=noop)
            child.start()
            child.join()

        first = ms(once)
        median = statistics.median(ms(once) for _ in range(STARTS))
        parts.append(f"{method} {median:.1f} ms (first {first:.0f} ms)")

    def thread() -> None:
        worker = threading.Thread(target=noop)
        worker.start()
        worker.join()

    parts.append(f"thread {statistics.median(ms(thread) for _ in range(STARTS)):.2f} ms")
    print(f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}: start+join medians: " + ", ".join(parts))


if __name__ == "__main__":
    main()
