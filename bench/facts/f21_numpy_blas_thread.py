"""FOUNDATIONS #21: importing numpy starts OpenBLAS's thread pool, yet a fork after it
does not warn: OpenBLAS stops its pool before every fork (``pthread_atfork``), and
CPython 3.12+ counts threads just after the fork. ``OPENBLAS_NUM_THREADS=1`` set
before the import starts no pool at all.

For each setting, a fresh interpreter counts its OS threads (/proc/self/stat) before
and after ``import numpy``, then forks once and reports whether Python warned.

    python bench/facts/f21_numpy_blas_thread.py

Measured 2026-12-08 on the 2-core VM: "threads before import 1, after 2; a fork then
warned: False" (default) and "1, after 1; ... False" (OPENBLAS_NUM_THREADS=1) on
3.11.7, 3.12.1, 3.13.0, 3.14.10 and 3.15.2 (numpy 2.4).
"""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = """
import os, warnings
def threads():
    with open("/proc/self/stat", "rb") as stat:
        return int(stat.read().rpartition(b")")[2].split()[17])
before = threads()
import numpy
after = threads()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
warned = any("multi-threaded" in str(w.message) for w in caught)
print(f"threads before import {before}, after {after}; a fork then warned: {warned}")
"""


def main() -> None:
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    for label, extra in [("default", {}), ("OPENBLAS_NUM_THREADS=1", {"OPENBLAS_NUM_THREADS": "1"})]:
        env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
        env.update(extra)
        done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=60)
        print(f"{label:24} {done.stdout.strip() or done.stderr.strip()[-200:]}")


if __name__ == "__main__":
    main()
