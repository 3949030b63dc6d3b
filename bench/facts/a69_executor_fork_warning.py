"""Which ProcessPoolExecutor patterns fork while the executor's own threads are alive,
and so warn on 3.12+ "This process (pid=...) is multi-threaded, use of fork() may lead
to deadlocks in the child".

Claim in katas/q11/README.md (the lesson on fork and threads) and
solutions/q11/ANSWER.md ("Fork and threads"): under fork, an executor forks all its
workers at the first ``submit()``, before it starts its manager thread, so one
executor alone never warns. A second executor that forks while another is open
(its manager thread and queue feeder thread alive) does; so does a fresh executor
started right after a crash while the broken one was never shut down (its manager
thread may still be reaping workers); after ``shutdown(wait=True)`` (or a ``with``
block) nothing is left and nothing warns.

3.12 also warns after a ``with`` block, often: up to 3.12, ``Thread.join()`` can
return while the thread's OS thread is still exiting, and the warning counts OS threads
(checked last, with a plain thread: start, join, count /proc/self/task at once). 3.13
and later wait for the OS thread.

Each case runs ``TRIES`` times in a fresh interpreter under ``fork``, with every
warning recorded (``simplefilter("always")``); prints how many tries warned.

    python bench/facts/a69_executor_fork_warning.py

Measured 2026-12-08 (2-core Linux VM), warned in N of 10 tries:
    case                                             3.10 3.11 3.12 3.13 3.14 3.15
    one executor alone                                  0    0    0    0    0    0
    a second executor after the first's with block     0    0    7    0    0    0
    a second executor while the first is open          0    0   10   10   10   10
    after a crash, broken one never shut down           0    0   10    8    9    7
    after a crash, broken one left through its with     0    0    7    0    0    0
    the same, 0.1 s later                               0    0    0    0    0    0
  (3.10 and 3.11 have no such warning.) A plain thread, still an OS thread right after
  join() returned: 3.10.13 18, 3.11.7 20, 3.12.1 4 (23 in another run) of 50 tries;
  3.13.0, 3.14.10, 3.15.2 0 of 50.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

TRIES = 10

PRELUDE = """
import multiprocessing, os, time, warnings
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
ctx = multiprocessing.get_context("fork")
def dies(x):
    os._exit(1)
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
"""

CASES: dict[str, str] = {
    "one executor alone": """
    with ProcessPoolExecutor(2, mp_context=ctx) as a:
        a.submit(abs, -1).result()
""",
    "a second executor after the first's with block (no crash)": """
    with ProcessPoolExecutor(2, mp_context=ctx) as a:
        a.submit(abs, -1).result()
    with ProcessPoolExecutor(2, mp_context=ctx) as b:
        b.submit(abs, -1).result()
""",
    "a second executor while the first is open": """
    with ProcessPoolExecutor(2, mp_context=ctx) as a:
        a.submit(abs, -1).result()
        with ProcessPoolExecutor(2, mp_context=ctx) as b:
            b.submit(abs, -1).result()
""",
    "after a crash, a fresh executor, the broken one never shut down": """
    a = ProcessPoolExecutor(2, mp_context=ctx)
    try:
        a.submit(dies, 1).result()
    except BrokenProcessPool:
        b = ProcessPoolExecutor(2, mp_context=ctx)
        b.submit(abs, -1).result()
        b.shutdown()
    a.shutdown()
""",
    "after a crash, a fresh executor, the broken one left through its with block": """
    try:
        with ProcessPoolExecutor(2, mp_context=ctx) as a:
            a.submit(dies, 1).result()
    except BrokenProcessPool:
        with ProcessPoolExecutor(2, mp_context=ctx) as b:
            b.submit(abs, -1).result()
""",
    "the same, 0.1 s later": """
    try:
        with ProcessPoolExecutor(2, mp_context=ctx) as a:
            a.submit(dies, 1).result()
    except BrokenProcessPool:
        time.sleep(0.1)
        with ProcessPoolExecutor(2, mp_context=ctx) as b:
            b.submit(abs, -1).result()
""",
}

REPORT = """
print(sum("multi-threaded" in str(w.message) for w in caught))
"""


def main() -> None:
    print(f"Python {sys.version.split()[0]}, fork, {TRIES} tries each")
    for label, body in CASES.items():
        counts = []
        for _ in range(TRIES):
            done = subprocess.run(
                [sys.executable, "-c", PRELUDE + body + REPORT], capture_output=True, text=True, timeout=60
            )
            counts.append(done.stdout.strip() or done.stderr.strip().splitlines()[-1])
        warned = sum(c.isdigit() and int(c) > 0 for c in counts)
        print(f"  {label}: warned in {warned} of {TRIES} tries (warnings per try: {', '.join(counts)})")


def nothing() -> None:
    pass


def lingering_threads(tries: int = 50) -> str:
    """How often an OS thread is still there right after ``Thread.join()`` returned."""
    lingered = 0
    for _ in range(tries):
        thread = threading.Thread(target=nothing)
        thread.start()
        thread.join()
        lingered += len(os.listdir("/proc/self/task")) > 1
    return f"  a plain thread: still an OS thread right after join() returned in {lingered} of {tries} tries"


if __name__ == "__main__":
    main()
    print(lingering_threads())
