"""How many workers ``Pool()`` and ``ProcessPoolExecutor()`` start when not told.

Claim in solutions/q5/ANSWER.md ("A complete program"): without ``processes``, a pool
uses ``os.cpu_count()`` on 3.10-3.12 and ``os.process_cpu_count()`` from 3.13 (the
CPUs this process may run on), and so does ``ProcessPoolExecutor`` for
``max_workers``. This process is pinned to one CPU with ``os.sched_setaffinity``
(Linux), then both are created with no count.

    python bench/facts/a31_default_workers.py

Measured 2026-12-08 (2-core Linux VM):
    3.10.13, 3.11.7, 3.12.1: pinned to 1 CPU: os.cpu_count() 2; Pool() started 2
      worker(s); ProcessPoolExecutor() max_workers 2
    3.13.0, 3.14.10, 3.15.2: pinned to 1 CPU: os.cpu_count() 2,
      os.process_cpu_count() 1; Pool() started 1 worker(s); ProcessPoolExecutor()
      max_workers 1
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor


def main() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    ctx = multiprocessing.get_context("fork")
    pool = ctx.Pool()
    workers = len(pool._pool)  # type: ignore[attr-defined]
    pool.terminate()
    pool.join()
    executor = ProcessPoolExecutor(mp_context=ctx)
    max_workers = executor._max_workers  # type: ignore[attr-defined]
    executor.shutdown()
    process_cpus = getattr(os, "process_cpu_count", lambda: "n/a (3.13+)")()
    print(
        f"Python {sys.version.split()[0]}, pinned to 1 CPU: os.cpu_count() {os.cpu_count()}, "
        f"os.process_cpu_count() {process_cpus}; Pool() started {workers} worker(s); "
        f"ProcessPoolExecutor() max_workers {max_workers}"
    )


if __name__ == "__main__":
    main()
