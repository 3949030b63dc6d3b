"""What starting a process costs per start method, and what a pool saves.

Claims in katas/q4/README.md ("What start-up costs") and solutions/q4/ANSWER.md
("Speed", "Start-up is paid once"): the median time to start and join one ``Process``
that does nothing, per start method (15 starts, after one warm-up start, which for
forkserver also starts the server and is reported apart); 100 trivial tasks in a
``Pool(2)``, pool start-up included, against 100 separate processes, for fork and
spawn. Timings depend on the machine and its load, which is printed.

    python bench/facts/a30_start_cost.py

Measured 2026-12-08 (2-core Linux VM, busy), two rounds; medians in ms, fork /
forkserver / spawn, then 100 tasks as Pool(2) and as 100 processes (fork; spawn):
    round 1 (load average 5.1-5.6):
      3.10.13  2.4 / 11.6 / 76.9;  0.01 s, 0.32 s; 0.18 s, 8.39 s
      3.11.7   3.8 / 36.0 / 114.4; 0.03 s, 0.51 s; 0.20 s, 8.41 s
      3.12.1   2.9 / 36.5 / 137.3; 0.04 s, 0.76 s; 0.36 s, 13.70 s
      3.13.0   3.8 / 33.5 / 72.9;  0.01 s, 0.50 s; 0.20 s, 9.15 s
      3.14.10  5.7 / 8.0 / 76.9;   0.03 s, 0.26 s; 0.20 s, 5.51 s
      3.15.2   3.3 / 3.5 / 60.4;   0.02 s, 0.23 s; 0.19 s, 7.41 s
    round 2 (load average 2.9-3.9):
      3.10.13  2.2 / 13.6 / 63.7;  0.02 s, 0.29 s; 0.08 s, 6.48 s
      3.11.7   2.5 / 19.0 / 64.8;  0.02 s, 0.26 s; 0.09 s, 6.42 s
      3.12.1   1.5 / 19.8 / 55.5;  0.01 s, 0.18 s; 0.09 s, 5.94 s
      3.13.0   1.6 / 17.0 / 56.7;  0.01 s, 0.22 s; 0.07 s, 5.91 s
      3.14.10  1.5 / 2.9 / 44.2;   0.03 s, 0.23 s; 0.10 s, 4.88 s
      3.15.2   1.7 / 3.3 / 48.6;   0.01 s, 0.25 s; 0.08 s, 4.75 s
    first forkserver start, the server included: 51-230 ms.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import time

STARTS = 15
TASKS = 100


def nothing(_: int = 0) -> int:
    return 0


def start_join(ctx: multiprocessing.context.BaseContext) -> float:
    started = time.perf_counter()
    child = ctx.Process(target=nothing)  # type: ignore[attr-defined]
    child.start()
    child.join()
    return time.perf_counter() - started


def main() -> None:
    print(f"Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}")
    for method in ("fork", "forkserver", "spawn"):
        ctx = multiprocessing.get_context(method)
        first = start_join(ctx)
        median = statistics.median(start_join(ctx) for _ in range(STARTS))
        extra = f" (first start {first * 1000:.0f} ms, the server included)" if method == "forkserver" else ""
        print(f"  {method:10} start+join median {median * 1000:.1f} ms{extra}")
    for method in ("fork", "spawn"):
        ctx = multiprocessing.get_context(method)
        started = time.perf_counter()
        pool = ctx.Pool(2)
        pool.map(nothing, range(TASKS))
        pool.close()
        pool.join()
        pooled = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(TASKS):
            start_join(ctx)
        separate = time.perf_counter() - started
        print(f"  {method:10} {TASKS} tasks: Pool(2) {pooled:.2f} s, {TASKS} processes {separate:.2f} s")


if __name__ == "__main__":
    main()
