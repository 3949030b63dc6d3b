"""FOUNDATIONS #9: speedups on a small shared machine scatter; start-up is not free.

Times about 0.44 s of pure-Python work serially and as two halves on a ``Pool(2)``
(pool start-up included, as a learner's function would pay it) under fork and
spawn, several tries each, and prints the range of speedups. Then times starting
and joining a ``Process`` that does nothing, per start method, with and without a
module import in the child (numpy, if installed).

    python bench/facts/f09_timing_noise.py [tries]
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import time
from typing import Any

TARGET_SECONDS = 0.44


def spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def import_numpy() -> None:
    try:
        import numpy  # noqa: F401
    except ImportError:
        pass


def do_nothing() -> None:
    pass


def size_for(seconds: float) -> int:
    n = 100_000
    started = time.perf_counter()
    spin(n)
    return int(n * seconds / (time.perf_counter() - started))


def speedups(method: str, n: int, tries: int) -> list[float]:
    context = multiprocessing.get_context(method)
    found = []
    for _ in range(tries):
        started = time.perf_counter()
        spin(n)
        serial = time.perf_counter() - started
        started = time.perf_counter()
        pool = context.Pool(2)
        pool.map(spin, [n // 2, n - n // 2], chunksize=1)
        pool.close()
        pool.join()
        found.append(serial / (time.perf_counter() - started))
    return found


def start_up(method: str, target: object, tries: int = 5) -> float:
    """Median seconds from ``start()`` to the end of ``join()``."""
    context: Any = multiprocessing.get_context(method)  # a str picks no typed overload
    times = []
    for _ in range(tries):
        started = time.perf_counter()
        child = context.Process(target=target)
        child.start()
        child.join()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    tries = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    n = size_for(TARGET_SECONDS)
    load = os.getloadavg()[0]
    ranges = []
    for method in ("fork", "spawn"):
        found = speedups(method, n, tries)
        ranges.append(f"{method} {min(found):.2f}-{max(found):.2f}x")
    print(
        f"Pool(2) on {TARGET_SECONDS} s of pure Python, {tries} tries each (load average "
        f"{load:.2f} before, {os.cpu_count()} CPUs): " + ", ".join(ranges)
    )
    costs = []
    for method in ("fork", "forkserver", "spawn"):
        bare = start_up(method, do_nothing)
        numpy = start_up(method, import_numpy, tries=3)
        costs.append(f"{method} {bare * 1000:.0f} ms ({numpy * 1000:.0f} ms importing numpy)")
    print("start+join of one child, median of 5 (of 3 with numpy): " + ", ".join(costs))


if __name__ == "__main__":
    main()
