"""Which pool patterns fork while the pool's own threads are alive, and so warn on 3.12+.

Claims in katas/q4/README.md (callbacks, a worker that dies), katas/q5/README.md
(maxtasksperchild, a failing initializer) and katas/q6/README.md (a second pool while
the first is open): a ``multiprocessing.Pool`` starts three threads in the parent;
any fork the parent makes while they are alive (a second fork pool, a replacement
worker, a process started from a callback) warns on 3.12+ ``DeprecationWarning: This
process (pid=...) is multi-threaded, use of fork() may lead to deadlocks in the
child``. A pool that has been closed and joined has no thread left. The warning is
attributed to multiprocessing's own module, so Python's default filters hide it; it
shows with ``-W default`` (or ``-X dev``, or under pytest, which shows
DeprecationWarnings in its summary). Forkserver and spawn pools do not warn: their
forks happen in the single-threaded server, or not at all.

Each case runs in a fresh interpreter with the default warning filters, with
``-W default::DeprecationWarning`` (each warning shown once per place) and with
``-W always::DeprecationWarning`` (every fork), and counts the warnings on its stderr.

    python bench/facts/a25_pool_fork_warning.py

Measured 2026-12-08 (2-core Linux VM), the same on every version except the warnings:
    all six (3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10, 3.15.2):
      threads: before 1, with an open Pool(2) 4, after close()+join() 1;
      callback ran in 'Thread-3 (_handle_results)'
    3.10.13, 3.11.7: 0 warnings in every case with every filter; pytest "1 passed",
      nothing shown.
    3.12.1, 3.13.0, 3.14.10, 3.15.2 (default filters: 0 in every case):
      pytest: "1 passed, 4-6 warnings", and the summary shows
        "DeprecationWarning: This process (pid=...) is multi-threaded, use of fork()
        may lead to deadlocks in the child."
      fork: second Pool while the first is open       -W default 1, -W always 2
      fork: second Pool after close()+join()          -W default 0, -W always 0
      fork: maxtasksperchild=1, 6 tasks               -W default 1, -W always 4-5
      fork: a task kills its worker, pool replaces it -W default 1, -W always 1
      fork: apply_async callback starts a Process     -W default 1, -W always 1
      forkserver / spawn: maxtasksperchild=1, 6 tasks -W default 0, -W always 0
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

PRELUDE = """
import multiprocessing, os, signal, threading, time
ctx = multiprocessing.get_context({method!r})
def noop():
    pass
"""

CASES: dict[str, tuple[str, str]] = {
    "second Pool while the first is open": ("fork", """
p1 = ctx.Pool(2); p2 = ctx.Pool(2)
p2.close(); p2.join(); p1.close(); p1.join()
"""),
    "second Pool after close()+join()": ("fork", """
p1 = ctx.Pool(2); p1.close(); p1.join()
p2 = ctx.Pool(2); p2.close(); p2.join()
"""),
    "maxtasksperchild=1, 6 tasks": ("fork", """
p = ctx.Pool(2, maxtasksperchild=1); p.map(abs, range(6), chunksize=1); p.close(); p.join()
"""),
    "a task kills its worker, pool replaces it": ("fork", """
p = ctx.Pool(2); p.map(abs, [1, 2]); first = {w.pid for w in p._pool}
p.apply_async(os._exit, (1,))
deadline = time.monotonic() + 5
while all(w.pid in first for w in p._pool) and time.monotonic() < deadline:
    time.sleep(0.05)
time.sleep(0.2); p.map(abs, range(4)); p.terminate(); p.join()  # close() would wait for the lost task
"""),
    "apply_async callback starts a Process": ("fork", """
children = []
def start_child(result):
    child = ctx.Process(target=noop); child.start(); children.append(child)
p = ctx.Pool(2); p.apply_async(abs, (1,), callback=start_child).wait(5)
p.close(); p.join()
for child in children: child.join()
"""),
}
CASES["forkserver: maxtasksperchild=1, 6 tasks"] = ("forkserver", CASES["maxtasksperchild=1, 6 tasks"][1])
CASES["spawn: maxtasksperchild=1, 6 tasks"] = ("spawn", CASES["maxtasksperchild=1, 6 tasks"][1])

THREADS = """
before = threading.active_count()
names = []
p = ctx.Pool(2)
p.apply_async(abs, (1,), callback=lambda r: names.append(threading.current_thread().name)).wait(5)
time.sleep(0.1)
during = threading.active_count()
p.close(); p.join()
print(f"threads: before {before}, with an open Pool(2) {during}, after close()+join() "
      f"{threading.active_count()}; callback ran in {names[0]!r}")
"""


def run(method: str, body: str, flags: list[str]) -> subprocess.CompletedProcess[str]:
    code = PRELUDE.format(method=method) + "if __name__ == '__main__':\n" + "".join(
        "    " + line + "\n" for line in body.strip().splitlines()
    )
    return subprocess.run(
        [sys.executable, *flags, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )


PYTEST_CASE = """
import multiprocessing

def test_replacing_workers():
    pool = multiprocessing.get_context("fork").Pool(2, maxtasksperchild=1)
    assert pool.map(abs, range(6), chunksize=1) == list(range(6))
    pool.close()
    pool.join()
"""


def under_pytest() -> str:
    """What pytest reports for a test whose fork pool replaces workers."""
    with tempfile.TemporaryDirectory() as tmp:
        test = Path(tmp) / "test_case.py"
        test.write_text(PYTEST_CASE)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
            capture_output=True, text=True, timeout=60, check=False, cwd=tmp,
        )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-200:]
    shown = re.search(r"DeprecationWarning: This process \(pid=\d+\) is multi-threaded[^\n]*", done.stdout)
    return f"{summary}; shown: {re.sub(r'pid=[0-9]+', 'pid=...', shown.group(0)) if shown else 'nothing'}"


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    print("  " + run("fork", THREADS, []).stdout.strip())
    print("  pytest, fork pool with maxtasksperchild=1: " + under_pytest())
    for label, (method, body) in CASES.items():
        counts = []
        for flags in ([], ["-W", "default::DeprecationWarning"], ["-W", "always::DeprecationWarning"]):
            done = run(method, body, flags)
            if done.returncode != 0:
                counts.append(f"failed rc={done.returncode}: {done.stderr.strip()[-200:]}")
            else:
                counts.append(str(done.stderr.count("is multi-threaded, use of fork()")))
        name = label if ":" in label else f"fork: {label}"
        print(f"  {name:48} warnings default {counts[0]}, -W default {counts[1]}, -W always {counts[2]}")


if __name__ == "__main__":
    main()
