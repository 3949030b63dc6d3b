"""Does a fork after ``import numpy`` warn "This process is multi-threaded" (3.12+)?

Claim in katas/q10/README.md (the lesson on fork and threads): in q10 the parent
imports numpy and then starts fork children. numpy's OpenBLAS starts a thread pool at
import; the question is whether Python 3.12+ then warns ``DeprecationWarning: This
process (pid=...) is multi-threaded, use of fork() may lead to deadlocks in the
child`` on each fork. For contrast: a parent with a thread of its own alive, and a
parent whose ``multiprocessing.Queue`` has had something put in it (the queue's feeder
thread is alive from the first ``put()`` until the queue is closed).

Last, whether the warning shows at all in a plain script: a thread of its own alive,
one fork, with Python's default warning filters and with ``-W default``.

Each case runs in a fresh interpreter without any ``*_NUM_THREADS`` setting (except
where named), counts its OS threads (/proc/self/stat) just before starting one
``fork`` ``Process``, and records the warnings raised by ``start()``.

    python bench/facts/a64_fork_after_numpy.py

Measured 2026-12-08 (2-core Linux VM, numpy 2.2.6 on 3.10, 2.4.6 on 3.11, 2.5.5 on
3.12-3.15):
    all six:
      import numpy, np.array(values), fork: 2 threads before the fork, warned 0
      import numpy, a 600x600 matmul (BLAS threads busy), fork: 2 threads, warned 0
      the same with OPENBLAS_NUM_THREADS=1: 1 threads before the fork, warned 0
      the same Queue after close() + join_thread(), fork: warned 0
    3.10.13, 3.11.7 (no such warning in these versions):
      a thread of our own sleeping, fork: 2 threads, warned 0
      a multiprocessing.Queue after put(), fork: 2 threads, warned 0
      printed on stderr: default filters 0 line(s), -W default 0 line(s), -X dev 0
    3.12.1, 3.13.0, 3.14.10, 3.15.2:
      a thread of our own sleeping, fork: 2 threads before the fork, warned 1
      a multiprocessing.Queue after put(), fork: 2 threads before the fork, warned 1
      printed on stderr: default filters 0 line(s), -W default 1 line(s), -X dev 1
    (and pytest's warnings summary shows it: a one-test file that forks beside a
    thread, 3.12.1, "1 passed, 1 warning")
"""

from __future__ import annotations

import os
import subprocess
import sys

PRELUDE = """
import multiprocessing, os, threading, time, warnings
def threads():
    with open("/proc/self/stat", "rb") as stat:
        return int(stat.read().rpartition(b")")[2].split()[17])
def nothing():
    pass
def fork_once():
    before = threads()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        child = multiprocessing.get_context("fork").Process(target=nothing)
        child.start()
        child.join()
    warned = sum("multi-threaded" in str(w.message) for w in caught)
    return f"{before} threads before the fork, warned {warned}"
"""

CASES: dict[str, tuple[str, dict[str, str]]] = {
    "import numpy, np.array(values), fork": (
        "import numpy as np\ndata = np.array([float(i) for i in range(1000)])\nprint(fork_once())",
        {},
    ),
    "import numpy, a 600x600 matmul (BLAS threads busy), fork": (
        "import numpy as np\na = np.ones((600, 600))\nb = a @ a\nprint(fork_once())",
        {},
    ),
    "the same with OPENBLAS_NUM_THREADS=1": (
        "import numpy as np\na = np.ones((600, 600))\nb = a @ a\nprint(fork_once())",
        {"OPENBLAS_NUM_THREADS": "1"},
    ),
    "a thread of our own sleeping, fork": (
        "stop = threading.Event()\nt = threading.Thread(target=stop.wait)\nt.start()\n"
        "print(fork_once())\nstop.set()\nt.join()",
        {},
    ),
    "a multiprocessing.Queue after put(), fork": (
        "q = multiprocessing.get_context('fork').Queue()\nq.put(1)\nq.get()\n"
        "print(fork_once())\nq.close()\nq.join_thread()",
        {},
    ),
    "the same Queue after close() + join_thread(), fork": (
        "q = multiprocessing.get_context('fork').Queue()\nq.put(1)\nq.get()\n"
        "q.close()\nq.join_thread()\nprint(fork_once())",
        {},
    ),
}


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    for label, (body, extra) in CASES.items():
        env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
        env.update(extra)
        done = subprocess.run(
            [sys.executable, "-c", PRELUDE + body], env=env, capture_output=True, text=True, timeout=60
        )
        said = done.stdout.strip() or done.stderr.strip().splitlines()[-1]
        print(f"  {label}: {said}")


SILENT = """
import multiprocessing, threading
def nothing():
    pass
stop = threading.Event()
t = threading.Thread(target=stop.wait)
t.start()
child = multiprocessing.get_context("fork").Process(target=nothing)
child.start()
child.join()
stop.set()
t.join()
"""


def shown(*flags: str) -> int:
    """Warning lines a plain script prints on stderr (no catch_warnings)."""
    done = subprocess.run([sys.executable, *flags, "-c", SILENT], capture_output=True, text=True, timeout=60)
    return sum("multi-threaded" in line for line in done.stderr.splitlines())


def visibility() -> None:
    print(f"  a thread of our own, fork, printed on stderr: default filters {shown()} line(s), "
          f"-W default {shown('-W', 'default')} line(s), -X dev {shown('-X', 'dev')} line(s)")


if __name__ == "__main__":
    main()
    visibility()
