"""numpy's OpenBLAS thread pool, and whether a fork after ``import numpy`` warns.

Claim in katas/q7/README.md ("numpy's threads and fork"): ``import numpy`` starts
OpenBLAS's thread pool (numpy's wheels bundle OpenBLAS), so the process has more OS
threads than before; yet a fork after it does not trigger CPython 3.12+'s
"This process (pid=...) is multi-threaded, use of fork() may lead to deadlocks in the
child" DeprecationWarning, because OpenBLAS stops its pool before every fork and starts
it again when next needed. A thread of your own (here a sleeping ``threading.Thread``)
does make the fork warn. ``OPENBLAS_NUM_THREADS=1`` set before the import starts no
pool.

Each case runs in a fresh interpreter: it counts its OS threads (``/proc/self/stat``)
before and after ``import numpy`` and after a 500x500 matrix product, then starts one
``fork`` child with ``multiprocessing`` and reports whether any warning about a
multi-threaded fork was raised (recorded with every warning enabled).

    python bench/facts/a41_numpy_threads_fork.py

Measured 2026-12-08 (2-core Linux VM; numpy 2.2.6 on 3.10, 2.4.6 on 3.11, 2.5.5 on
3.12-3.15):
    every version (3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10, 3.15.2):
      default environment: "OS threads before import 1, after import 2, after a matrix
        product 2, just after the fork 1; fork warned: False"
      OPENBLAS_NUM_THREADS=1: "... 1, after import 1, after a matrix product 1, just
        after the fork 1; fork warned: False"
    default, plus a sleeping thread: "... just after the fork 2; fork warned: True" on
      3.12.1, 3.13.0, 3.14.10 and 3.15.2; "warned: False" on 3.10.13 and 3.11.7 (which
      have no such warning).
"""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = r"""
import multiprocessing, os, sys, threading, warnings

def threads():
    with open("/proc/self/stat", "rb") as stat:
        return int(stat.read().rpartition(b")")[2].split()[17])

def nothing():
    pass

counts = [threads()]
import numpy
counts.append(threads())
square = numpy.ones((500, 500))
square @ square
counts.append(threads())
after_fork = []
os.register_at_fork(after_in_parent=lambda: after_fork.append(threads()))
stop = threading.Event()
if sys.argv[1] == "thread":
    threading.Thread(target=stop.wait, daemon=True).start()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    child = multiprocessing.get_context("fork").Process(target=nothing)
    child.start()
    child.join()
stop.set()
warned = any("multi-threaded" in str(w.message) for w in caught)
print(f"OS threads before import {counts[0]}, after import {counts[1]}, after a matrix "
      f"product {counts[2]}, just after the fork {after_fork[0]}; fork warned: {warned}")
"""


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    plain = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    cases = [
        ("default environment", plain, "alone"),
        ("OPENBLAS_NUM_THREADS=1", {**plain, "OPENBLAS_NUM_THREADS": "1"}, "alone"),
        ("default, plus a sleeping thread", plain, "thread"),
    ]
    for label, env, mode in cases:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, mode], env=env, capture_output=True, text=True, timeout=60
        )
        print(f"{label:32} {done.stdout.strip() or done.stderr.strip()[-300:]}")


if __name__ == "__main__":
    main()
