"""Who counts which CPUs: ``os.cpu_count()``, ``os.process_cpu_count()``,
``multiprocessing.cpu_count()``, the pools' defaults and ``joblib.cpu_count()``, in a
process allowed to run on one CPU of two.

Claims in katas/q7/README.md, solutions/q7/ANSWER.md, katas/q8/README.md and
solutions/q8/ANSWER.md: ``os.cpu_count()`` and ``multiprocessing.cpu_count()`` count
every CPU of the machine; ``os.process_cpu_count()`` (3.13+) counts the CPUs this
process may run on (its affinity); ``Pool()`` and ``ProcessPoolExecutor()`` default to
``os.cpu_count()`` up to 3.12 and to ``os.process_cpu_count()`` from 3.13;
``joblib.cpu_count()`` follows the affinity on every version (and, per its
documentation, a cgroup CPU quota, which this machine does not set).

A fresh interpreter restricts itself to CPU 0 with ``os.sched_setaffinity`` and prints
each count.

    python bench/facts/a53_cpu_counts.py

Measured 2026-12-08 (2-core Linux VM), "affinity [0]:":
    3.10.13, 3.11.7, 3.12.1: "os.cpu_count() 2, multiprocessing.cpu_count() 2,
      os.process_cpu_count() absent, Pool() 2 workers, ProcessPoolExecutor() 2,
      joblib.cpu_count() 1"
    3.13.0, 3.14.10, 3.15.2: "os.cpu_count() 2, multiprocessing.cpu_count() 2,
      os.process_cpu_count() 1, Pool() 1 workers, ProcessPoolExecutor() 1,
      joblib.cpu_count() 1"
"""

from __future__ import annotations

import subprocess
import sys

CHILD = r"""
import multiprocessing, os, sys
from concurrent.futures import ProcessPoolExecutor
import joblib
os.sched_setaffinity(0, {0})
pool = multiprocessing.get_context("fork").Pool()
pool_size = pool._processes
pool.close(); pool.join()
executor = ProcessPoolExecutor(mp_context=multiprocessing.get_context("fork"))
workers = executor._max_workers
executor.shutdown()
pcc = os.process_cpu_count() if hasattr(os, "process_cpu_count") else "absent"
print(f"affinity {sorted(os.sched_getaffinity(0))}: os.cpu_count() {os.cpu_count()}, "
      f"multiprocessing.cpu_count() {multiprocessing.cpu_count()}, os.process_cpu_count() {pcc}, "
      f"Pool() {pool_size} workers, ProcessPoolExecutor() {workers}, joblib.cpu_count() {joblib.cpu_count()}")
"""


def main() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60)
    print(f"Python {sys.version.split()[0]}: {done.stdout.strip() or done.stderr.strip()[-300:]}")


if __name__ == "__main__":
    main()
