"""A thread pool kept alive, then a fork: the 3.12+ warning, and the lock it warns about.

Claims in katas/q2/README.md ("Fork after threads") and solutions/q2/ANSWER.md:
a ``ThreadPoolExecutor`` used in a with-block leaves no thread behind, so a fork pool
started afterwards does not warn. One kept alive (a module-level executor reused between
calls) keeps its threads, and every ``fork`` the process makes afterwards warns on
3.12+: ``DeprecationWarning: This process (pid=...) is multi-threaded, use of fork()
may lead to deadlocks in the child.`` The warning is attributed to multiprocessing's
own module, so plain ``python`` hides it; ``-W default`` and pytest's warnings summary
show it. ``forkserver`` and ``spawn`` pools do not warn (their forks happen in the
single-threaded server, or not at all), and neither does the default context from 3.14.
A ``multiprocessing.Pool`` runs three threads of its own in the parent while it is open.
The hazard is real: a lock that another thread holds at the moment of the fork is held
forever in the forked child, where that thread does not exist.

Each case runs in a fresh interpreter, with ``-W always::DeprecationWarning`` (to count
every warning) and with the default filters.

    python bench/facts/a06_thread_pool_then_fork.py

Measured 2026-12-08, 2-core Linux VM shared with other work (counts, not timings):
    every version: with-block ThreadPoolExecutor, then a fork Pool(2): threads at fork 1,
      0 warnings; a thread holds a lock while the process forks: "child: lock still held
      after 2 s; parent got the lock"; a multiprocessing.Pool's own threads: "threads
      before 1, with an open Pool(2) 4, after close()+join() 1"
    3.10.13, 3.11.7: no warning in any case (-W always 0, default filters 0, pytest
      "1 passed")
    3.12.1, 3.13.0, 3.14.10, 3.15.2:
      ThreadPoolExecutor kept alive, then a fork Pool(2): threads at fork 5; -W always 2,
        default filters 0; under pytest "1 passed, 2 warnings", and the summary quotes
        "DeprecationWarning: This process (pid=...) is multi-threaded, ..."
      kept alive, then a forkserver Pool(2): 0 warnings
      kept alive, then a Pool(2) of the default context: 3.12.1 and 3.13.0 -W always 2
        (the default is fork); 3.14.10 and 3.15.2 0 (the default is forkserver)
      a thread holds a lock while the process forks: 1 warning with -W always
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

PRELUDE = """
import concurrent.futures, multiprocessing, sys, threading, time

def nap(x):
    time.sleep(0.01)
    return x

def fork_pool(method):
    ctx = multiprocessing.get_context(method) if method else multiprocessing.get_context()
    print("threads at fork:", threading.active_count(), end="; ")
    pool = ctx.Pool(2)
    try:
        pool.map(abs, [1, -2])
        pool.close()
    finally:
        pool.join()
"""

CASES = {
    "with-block ThreadPoolExecutor, then a fork Pool(2)": """
with concurrent.futures.ThreadPoolExecutor(4) as ex:
    list(ex.map(nap, range(8)))
fork_pool("fork")
""",
    "ThreadPoolExecutor kept alive, then a fork Pool(2)": """
EXECUTOR = concurrent.futures.ThreadPoolExecutor(4)
list(EXECUTOR.map(nap, range(8)))
fork_pool("fork")
EXECUTOR.shutdown()
""",
    "ThreadPoolExecutor kept alive, then a forkserver Pool(2)": """
EXECUTOR = concurrent.futures.ThreadPoolExecutor(4)
list(EXECUTOR.map(nap, range(8)))
fork_pool("forkserver")
EXECUTOR.shutdown()
""",
    "ThreadPoolExecutor kept alive, then a Pool(2) of the default context": """
EXECUTOR = concurrent.futures.ThreadPoolExecutor(4)
list(EXECUTOR.map(nap, range(8)))
fork_pool(None)
EXECUTOR.shutdown()
""",
}

HELD_LOCK = """
import multiprocessing, threading, time
LOCK = threading.Lock()

def holder():
    with LOCK:
        time.sleep(1.0)

def child():
    got = LOCK.acquire(timeout=2.0)
    print("child got the lock" if got else "child: lock still held after 2 s", end="; ")

if __name__ == "__main__":
    t = threading.Thread(target=holder)
    t.start()
    time.sleep(0.2)
    p = multiprocessing.get_context("fork").Process(target=child)
    p.start()
    p.join()
    t.join()
    print("parent got the lock" if LOCK.acquire(timeout=2.0) else "parent: lock held")
"""


PYTEST_FILE = """
import concurrent.futures, multiprocessing

EXECUTOR = concurrent.futures.ThreadPoolExecutor(4)

def test_fork_after_a_kept_thread_pool():
    assert list(EXECUTOR.map(abs, [-1, -2])) == [1, 2]
    pool = multiprocessing.get_context("fork").Pool(2)
    try:
        assert pool.map(abs, [-3]) == [3]
        pool.close()
    finally:
        pool.join()
"""


def under_pytest() -> str:
    with tempfile.TemporaryDirectory() as name:
        test = Path(name) / "test_kept_pool.py"
        test.write_text(PYTEST_FILE)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
            capture_output=True, text=True, timeout=60, check=False, cwd=name,
        )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "no output"
    summary = summary.split(" in ")[0]  # drop pytest's timing
    shown = "DeprecationWarning: This process (pid=" in done.stdout
    return f"{summary}; the summary quotes the warning: {shown}"


def run(code: str, *flags: str) -> tuple[str, int]:
    done = subprocess.run(
        [sys.executable, *flags, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    return done.stdout.strip(), done.stderr.count("is multi-threaded, use of fork() may lead to deadlocks")


def main() -> None:
    print(f"Python {sys.version.split()[0]}:")
    for name, body in CASES.items():
        out, counted = run(PRELUDE + body, "-W", "always::DeprecationWarning")
        _, shown = run(PRELUDE + body)
        print(f"  {name}: {out} warnings with -W always {counted}, with default filters {shown}")
    out, counted = run(HELD_LOCK, "-W", "always::DeprecationWarning")
    print(f"  a thread holds a lock while the process forks: {out} (warnings {counted})")
    print(f"  under pytest, a kept ThreadPoolExecutor then a fork Pool(2): {under_pytest()}")
    pool_threads = (
        "import multiprocessing, threading\n"
        "before = threading.active_count()\n"
        "pool = multiprocessing.get_context('fork').Pool(2)\n"
        "during = threading.active_count()\n"
        "pool.close(); pool.join()\n"
        "print(f'threads before {before}, with an open Pool(2) {during}, after close()+join() {threading.active_count()}')"
    )
    print(f"  a multiprocessing.Pool's own threads: {run(pool_threads)[0]}")


if __name__ == "__main__":
    main()
