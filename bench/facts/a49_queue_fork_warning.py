"""Filling a ``multiprocessing.Queue`` before forking the workers: the feeder thread is
alive at the fork, and 3.12+ warn about it.

Claim in katas/q9/README.md ("Start the workers, then fill the queue") and
solutions/q9/ANSWER.md: the first ``put()`` starts the queue's feeder thread in the
parent; a ``fork`` worker started after that is forked from a multi-threaded process,
and CPython 3.12+ raise ``DeprecationWarning: This process (pid=...) is multi-threaded,
use of fork() may lead to deadlocks in the child.``. Python's default filters hide it
(it is attributed to multiprocessing's code, not to ``__main__``); ``-W default`` and
pytest show it. Starting the workers first, a ``SimpleQueue`` (no feeder thread), or
forkserver/spawn give no warning. After ``close()`` the feeder thread is still alive for
a moment: a fork right after it can still warn; after ``join_thread()`` it cannot.

Each case is a small script run by a fresh interpreter; the line counts the warnings
on its stderr (or in pytest's output).

    python bench/facts/a49_queue_fork_warning.py

Measured 2026-12-08 (2-core Linux VM), warnings counted on stderr:
    3.10.13, 3.11.7: 0 in every case; pytest "1 passed", no warning.
    3.12.1, 3.13.0, 3.14.10, 3.15.2:
      fork, Queue, put before start: default filters 0; -W default 1; -W always 2
        (one per worker)
      fork, Queue, start before put: 0; fork, SimpleQueue, put before start: 0;
      forkserver and spawn, Queue, put before start: 0
      10 forks right after close(): 3 (3.12.1), 7 (3.13.0), 7 (3.14.10), 10 (3.15.2);
        an earlier run: 4 (3.12.1), 6 (3.13.0)
      10 forks after close() + join_thread(): 2 (3.12.1), 2 (3.13.0), 0 (3.14.10),
        0 (3.15.2); an earlier run: 2 (3.12.1), 0 (3.13.0)
      pytest: "1 passed, 2 warnings", the summary shows the warning once
      the warning: ".../multiprocessing/popen_fork.py:66: DeprecationWarning: This
        process (pid=...) is multi-threaded, use of fork() may lead to deadlocks in
        the child." (line 67 on 3.13.0, 76 on 3.14.10 and 3.15.2)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = """
import multiprocessing

def work(tasks):
    while tasks.get() is not None:
        pass

def run(method, queue_kind, order, workers=2):
    ctx = multiprocessing.get_context(method)
    tasks = getattr(ctx, queue_kind)()
    procs = [ctx.Process(target=work, args=(tasks,)) for _ in range(workers)]
    if order == "put first":
        for i in range(5):
            tasks.put(i)
    for p in procs:
        p.start()
    if order == "start first":
        for i in range(5):
            tasks.put(i)
    for _ in procs:
        tasks.put(None)
    for p in procs:
        p.join()
    return tasks

def after_close(join):
    ctx = multiprocessing.get_context("fork")
    for _ in range(10):
        tasks = run("fork", "Queue", "start first", workers=1)
        tasks.close()
        if join:
            tasks.join_thread()
        p = ctx.Process(target=print, args=())
        p.start()
        p.join()

def test_case():
    CALL

if __name__ == "__main__":
    CALL
"""

ALWAYS = ["-W", "always::DeprecationWarning"]

CASES = [
    ("fork, Queue, put before start, default filters", 'run("fork", "Queue", "put first")', []),
    ("fork, Queue, put before start, -W default", 'run("fork", "Queue", "put first")', ["-W", "default"]),
    ("fork, Queue, put before start, -W always", 'run("fork", "Queue", "put first")', ALWAYS),
    ("fork, Queue, start before put, -W always", 'run("fork", "Queue", "start first")', ALWAYS),
    ("fork, SimpleQueue, put before start, -W always", 'run("fork", "SimpleQueue", "put first")', ALWAYS),
    ("forkserver, Queue, put before start, -W always", 'run("forkserver", "Queue", "put first")', ALWAYS),
    ("spawn, Queue, put before start, -W always", 'run("spawn", "Queue", "put first")', ALWAYS),
    ("10 forks right after close(), -W always", "after_close(join=False)", ALWAYS),
    ("10 forks after close() + join_thread(), -W always", "after_close(join=True)", ALWAYS),
]


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    shown = ""
    with tempfile.TemporaryDirectory() as folder:
        for label, call, flags in CASES:
            script = Path(folder) / "case_q.py"
            script.write_text(SCRIPT.replace("CALL", call))
            done = subprocess.run(
                [sys.executable, *flags, str(script)], capture_output=True, text=True, timeout=60, cwd=folder
            )
            lines = [line for line in done.stderr.splitlines() if "multi-threaded" in line]
            shown = shown or (lines[0].strip() if lines else "")
            print(f"{label:50} rc {done.returncode}, warnings on stderr: {len(lines)}")
        script = Path(folder) / "test_case_q.py"
        script.write_text(SCRIPT.replace("CALL", 'run("fork", "Queue", "put first")'))
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(script)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=folder,
        )
        summary = done.stdout.strip().splitlines()[-1:]
        count = done.stdout.count("multi-threaded")
        print(f"{'the same test under pytest (put before start)':50} {summary}, 'multi-threaded' in output: {count}")
    print(f"the warning: {shown}")


if __name__ == "__main__":
    main()
