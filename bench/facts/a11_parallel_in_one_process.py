"""Which kinds of work two threads of one process really run at the same time.

Claims in solutions/q1/ANSWER.md ("Why threads would not do it", "Free-threaded
CPython", interpreters), solutions/q2/ANSWER.md and katas/q1/README.md, katas/q2/README.md:
on the default build two threads running pure-Python code take turns (no speedup, the
process's CPU time stays about equal to the wall time); two threads hashing large
buffers with ``hashlib.sha256``, which releases the GIL, do overlap; so do two
interpreters of one process (``InterpreterPoolExecutor``, 3.14+), each with its own GIL.
That overlap of GIL-releasing work is the nearest thing to a free-threaded build that
can be run here: it shows what "threads really in parallel" looks like, not how fast a
free-threaded build is.

What the machine can deliver is measured first and last (the *capacity*: one
pure-Python loop in one process, then the same loop in two processes at once; about 2.0
with two free cores). Serial and parallel runs alternate, 5 of each; each figure is the best.

    python bench/facts/a11_parallel_in_one_process.py

Measured 2026-12-08, 2-core Linux VM shared with other work, 2 runs per version at
load average 0.7-1.1 (capacity before/after between 1.16 and 3.15: the one-process
timing it divides by is itself noisy):
    pure Python, 2 threads: 0.77-1.02x, process CPU/wall 0.97-1.00 on every version
      (3.10.13 0.82-0.89x; 3.11.7 0.93-0.96x; 3.12.1 0.84-0.94x; 3.13.0 0.83-1.02x;
      3.14.10 0.95-1.00x; 3.15.2 0.77-0.92x)
    hashlib.sha256 over 256 MiB, 2 threads: 1.91-1.99x, process CPU/wall 1.96-1.99 on
      every version
    pure Python, 2 interpreters (3.14.10, 3.15.2 only): 3.14.10 1.41x and 2.03x
      (CPU/wall 1.69, 1.97); 3.15.2 2.22x and 1.85x (CPU/wall 1.99, 1.78); the serial
      time, 0.2-0.3 s, is short enough to be noisy
    In a run while the machine got busy (3.12.1 to 3.15.2 at load average 1.9-5.1,
      capacity 0.63-1.33) the process CPU/wall stayed at or below 1.01 in every case,
      hashlib and interpreters included: without a free core nothing overlaps.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import multiprocessing
import os
import sys
import time
from collections.abc import Callable

SPIN = 4_000_000
BUFFER = bytes(64 * 1024 * 1024)
ROUNDS = 4  # each hashing task hashes the 64 MiB buffer 4 times


def spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def digest(rounds: int) -> str:
    last = ""
    for _ in range(rounds):
        last = hashlib.sha256(BUFFER).hexdigest()
    return last


def capacity() -> float:
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        pool.map(abs, [1, 2])  # both workers started before the clock
        one = min(_timed(lambda: pool.map(spin, [SPIN])) for _ in range(3))
        two = min(_timed(lambda: pool.map(spin, [SPIN, SPIN], chunksize=1)) for _ in range(3))
    return 2 * one / two


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def compare(
    make: Callable[[int], concurrent.futures.Executor], func: Callable[[int], object], arg: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Serial (both calls in this thread) and two at once, measured alternately, 5 times
    each; the best wall time of each, with the process CPU time of that run."""
    serial, parallel = [], []
    with make(2) as executor:
        list(executor.map(func, [1, 1]))  # both workers exist before the clock starts
        for _ in range(5):
            serial.append(timed_cpu(lambda: (func(arg), func(arg))))
            parallel.append(timed_cpu(lambda: list(executor.map(func, [arg, arg]))))
    return min(serial), min(parallel)


def timed_cpu(run: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def line(name: str, serial: tuple[float, float], parallel: tuple[float, float]) -> str:
    return (
        f"{name}: serial {serial[0]:.2f} s, two at once {parallel[0]:.2f} s "
        f"({serial[0] / parallel[0]:.2f}x, process CPU/wall {parallel[1] / parallel[0]:.2f})"
    )


def main() -> None:
    before = capacity()
    threads = concurrent.futures.ThreadPoolExecutor
    print(f"Python {sys.version.split()[0]}, capacity before {before:.2f}, load average {os.getloadavg()[0]:.1f}:")
    print("  " + line("pure Python, 2 threads", *compare(threads, spin, SPIN)))
    print("  " + line("hashlib.sha256 over 256 MiB, 2 threads", *compare(threads, digest, ROUNDS)))
    interpreters = getattr(concurrent.futures, "InterpreterPoolExecutor", None)
    if interpreters is not None:
        print("  " + line("pure Python, 2 interpreters", *compare(interpreters, spin, SPIN)))
    print(f"  capacity after {capacity():.2f}, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
