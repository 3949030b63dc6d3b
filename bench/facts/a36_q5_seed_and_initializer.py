"""The q5 seed's program, what a pool worker is, and a pool whose initializer raises.

Claims in katas/q5/README.md ("Why the seed's sample crashes", "Going further") and
solutions/q5/ANSWER.md ("What the seed's sample gets wrong", "Per-worker state"):
(1) a program shaped like the seed's (a ``Process`` subclass that prints in
``__init__``, passed as ``initializer=``, then ``pool.map(compute, data)``) ends in
``NameError``; its first ``Worker started`` comes from the parent, the others from
pool workers; (2) inside a pool worker ``current_process()`` is a plain
``ForkProcess`` / ``ForkServerProcess`` / ``SpawnProcess``, and starting a
``Process`` there raises ``AssertionError: daemonic processes are not allowed to have
children``; (3) when the initializer raises, ``Pool`` keeps starting replacements and
the result never comes (3 s limit); under fork on 3.12+ each replacement is forked from
the pool's handler thread, so it warns (counted with ``-W always``).

    python bench/facts/a36_q5_seed_and_initializer.py

Measured 2026-12-08 (2-core Linux VM, load average 3-4), one run per case:
    every version (3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10, 3.15.2), every method:
      seed-like program: 1-5 'Worker started' lines, the first from the parent (the
        workers that print before the NameError ends the program vary: 0-4); ends with
        "NameError: name 'compute' is not defined. Did you mean: 'compile'?"
        (fork 3-5 lines; forkserver 1-4; spawn always 1)
      in a pool worker: ForkProcess / ForkServerProcess / SpawnProcess; Process.start()
        there: AssertionError: daemonic processes are not allowed to have children
      Pool(2) whose initializer raises: no result after 3 s, with 80-494 failed
        initializer calls under fork and 10-27 under spawn
    fork warnings (-W always) during the failing-initializer run: 0 on 3.10.13 and
      3.11.7; on 3.12.1, 3.13.0, 3.14.10, 3.15.2 one per replacement (78-316, two
      fewer than the failed calls: the first two workers are forked before the
      pool's threads exist); 0 under spawn everywhere
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

SEED_LIKE = """
import multiprocessing, os, sys
from multiprocessing import Pool, Process

class Worker(Process):
    def __init__(self):
        super().__init__()
        print(f"Worker started {os.getpid()}", flush=True)

    def compute(self, data):
        return data * data

if __name__ == "__main__":
    multiprocessing.set_start_method(sys.argv[1])
    print(f"parent {os.getpid()}", flush=True)
    worker = Worker()
    pool = Pool(processes=4, initializer=Worker)
    result = pool.map(compute, [1, 2, 3])
"""

INSIDE = """
import multiprocessing, sys

def nothing():
    pass

def describe(_):
    me = type(multiprocessing.current_process()).__name__
    try:
        multiprocessing.Process(target=nothing).start()
        started = "started"
    except AssertionError as error:
        started = f"AssertionError: {error}"
    return f"{me}; Process.start() there: {started}"

if __name__ == "__main__":
    with multiprocessing.get_context(sys.argv[1]).Pool(1) as pool:
        print(pool.map(describe, [0])[0])
"""

FAILING = """
import multiprocessing, sys

def fail(log):
    with open(log, "a") as file:
        file.write("x")
    raise RuntimeError("initializer failed")

if __name__ == "__main__":
    pool = multiprocessing.get_context(sys.argv[1]).Pool(2, initializer=fail, initargs=(sys.argv[2],))
    try:
        pool.map_async(abs, [1, 2]).get(timeout=3)
        print("returned")
    except multiprocessing.TimeoutError:
        print("no result after 3 s")
    pool.terminate()
    pool.join()
"""


def script(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text)
    return str(path)


def seed_like(tmp: Path, method: str) -> str:
    done = subprocess.run(
        [sys.executable, script(tmp, "seed_like.py", SEED_LIKE), method],
        capture_output=True, text=True, timeout=30, check=False,
    )
    lines = done.stdout.split("\n")
    parent = next(line.split()[1] for line in lines if line.startswith("parent "))
    greeters = [line.split()[2] for line in lines if line.startswith("Worker started")]
    error = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    from_parent = "parent" if greeters and greeters[0] == parent else "a worker"
    return f"{len(greeters)} 'Worker started', first from the {from_parent}; ends with {error!r}"


def failing(tmp: Path, method: str) -> str:
    log = tmp / f"failed-{method}"
    log.write_text("")
    done = subprocess.run(
        [sys.executable, "-W", "always::DeprecationWarning", script(tmp, "failing.py", FAILING), method, str(log)],
        capture_output=True, text=True, timeout=30, check=False,
    )
    warned = done.stderr.count("is multi-threaded, use of fork()")
    return f"{done.stdout.strip()}; {len(log.read_text())} initializer calls failed; fork warnings {warned}"


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for method in ("fork", "forkserver", "spawn"):
            print(f"  {method:10} seed-like program: {seed_like(tmp, method)}")
        for method in ("fork", "forkserver", "spawn"):
            inside = subprocess.run(
                [sys.executable, script(tmp, "inside.py", INSIDE), method],
                capture_output=True, text=True, timeout=30, check=False,
            ).stdout.strip()
            print(f"  {method:10} in a pool worker: {inside}")
        for method in ("fork", "spawn"):
            print(f"  {method:10} Pool(2) whose initializer raises: {failing(tmp, method)}")


if __name__ == "__main__":
    main()
