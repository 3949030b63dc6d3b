"""What a shared counter costs with one lock per increment, with the Value's own lock
taken twice, and with no lock at all; and that only one of them is exact.

Claims in katas/q10/README.md ("Why counter.value += 1 loses updates", the figures
after the table) and solutions/q10/ANSWER.md ("Locks cost time", Managers):

- ``with v.get_lock(): v.value += 1`` on a ``Value`` takes the lock once per
  increment (an RLock, re-entered by the getter and the setter inside);
- a bare ``v.value += 1`` on a ``Value`` is *not* unlocked: the getter takes the lock
  and releases it, then the setter takes it again. It costs about as much as the
  locked loop, and loses updates, because nothing is held between the read and the
  write;
- ``v.value += 1`` on a ``RawValue`` (or ``Value(..., lock=False)``) takes no lock;
- a ``Manager().Value`` proxy pays a round trip to the manager's process per access.

Per start method (fork, spawn), 4 processes x 100,000 increments for each loop, one
run each: wall time from the first ``start()`` to the last ``join()``, and the total.
Then the CPU time of one increment in this process alone (best of 3 x 20,000), and
of one ``proxy.value += 1`` on a Manager Value (2,000). Prints the load average.

    python bench/facts/a61_counter_lock_cost.py

Measured 2026-12-08 on the 2-core VM, shared with other test runs (load average 5 to
8 during these runs), one run of each loop:
    version  fork: get_lock() / bare Value / RawValue    spawn: same three
    3.10.13  1.32 s / 0.45 s / 0.09 s                    1.50 / 1.25 / 0.67 s
    3.11.7   0.89 s / 0.41 s / 0.10 s  (1st run 1.11 / 0.66 / 0.31)   1.13 / 0.83 / 0.49 s
    3.12.1   0.64 s / 0.41 s / 0.09 s                    1.69 / 1.14 / 1.03 s
    3.13.0   0.78 s / 0.42 s / 0.11 s                    1.41 / 0.89 / 0.63 s
    3.14.10  0.39 s / 0.25 s / 0.07 s                    0.92 / 0.74 / 0.43 s
    3.15.2   0.58 s / 0.41 s / 0.06 s                    0.82 / 0.69 / 0.34 s
  get_lock() exact every time; the bare Value and the RawValue short in every run, by
  126,877 to 316,614 of 400,000.
  One process alone, CPU per increment (with get_lock() / bare Value / RawValue /
  Manager proxy): 3.10.13 1.16 / 0.77 / 0.15 / 44 us; 3.11.7 0.82-0.97 / 0.43-0.48 /
  0.11-0.12 / 32-36 us; 3.12.1 1.00 / 0.43 / 0.16 / 38 us; 3.13.0 1.15 / 0.47 / 0.19 /
  39 us; 3.14.10 0.60 / 0.34 / 0.11 / 30 us; 3.15.2 0.31 / 0.20 / 0.11 / 32 us. A
  proxy access took 67 to 203 us of wall time.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from typing import Any

PROCESSES, INCREMENTS = 4, 100_000


def with_get_lock(counter: Any, n: int) -> None:
    lock = counter.get_lock()
    for _ in range(n):
        with lock:
            counter.value += 1


def bare(counter: Any, n: int) -> None:
    for _ in range(n):
        counter.value += 1


LOOPS: dict[str, tuple[Callable[[Any, int], None], str]] = {
    "Value, with get_lock()": (with_get_lock, "Value"),
    "Value, bare += (lock taken by getter, again by setter)": (bare, "Value"),
    "RawValue, bare += (no lock)": (bare, "RawValue"),
}


def run(method: str, loop: Callable[[Any, int], None], kind: str) -> tuple[float, int]:
    context: Any = multiprocessing.get_context(method)  # a str picks no typed overload
    counter = context.Value("q", 0) if kind == "Value" else context.RawValue("q", 0)
    workers = [context.Process(target=loop, args=(counter, INCREMENTS)) for _ in range(PROCESSES)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    total: int = counter.value
    return time.perf_counter() - started, total


def cpu_per_increment(loop: Callable[[Any, int], None], counter: Any, n: int) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        loop(counter, n)
        best = min(best, time.process_time() - started)
    return best / n


def main() -> None:
    load = os.getloadavg()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
          f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    exact = PROCESSES * INCREMENTS
    for method in ("fork", "spawn"):
        for label, (loop, kind) in LOOPS.items():
            seconds, total = run(method, loop, kind)
            state = "exact" if total == exact else f"short by {exact - total:,}"
            print(f"  {method:5} {PROCESSES} x {INCREMENTS:,}, {label}: {seconds:.2f} s, {state}")
    context: Any = multiprocessing.get_context("fork")
    alone = {
        "with get_lock()": cpu_per_increment(with_get_lock, context.Value("q", 0), 20_000),
        "bare += on Value": cpu_per_increment(bare, context.Value("q", 0), 20_000),
        "bare += on RawValue": cpu_per_increment(bare, context.RawValue("q", 0), 20_000),
    }
    with context.Manager() as manager:
        alone["bare += on Manager().Value proxy"] = cpu_per_increment(bare, manager.Value("q", 0), 2_000)
        # CPU in this process only; the manager's process works too: wall time per access
        proxy = manager.Value("q", 0)
        started = time.perf_counter()
        bare(proxy, 2_000)
        proxy_wall = (time.perf_counter() - started) / 2_000
    print("  one process alone, CPU per increment: " + "; ".join(
        f"{label} {seconds * 1e6:.2f} us" for label, seconds in alone.items()
    ) + f" (proxy wall time {proxy_wall * 1e6:.0f} us)")


if __name__ == "__main__":
    main()
