"""FOUNDATIONS #7: the start method is one setting for the whole process.

Prints this Python's default start method, then sets each method with
``set_start_method(m, force=True)`` and reports how a plain ``Pool`` and a
``ProcessPoolExecutor()`` without ``mp_context`` started their workers (judged from
each worker's parent and command line). With ``--versions``, also prints the
default of every other Python 3 under ~/.pyenv/versions.

    python bench/facts/f07_start_method_global.py [--versions]
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import psutil


def how_started(pid: int) -> str:
    """fork / forkserver / spawn, judged from the outside."""
    proc = psutil.Process(pid)
    command = " ".join(proc.cmdline())
    if "spawn_main" in command:
        return "spawn"
    if proc.ppid() != os.getpid():
        return "forkserver"  # forked by the server, not by us
    return "fork"


def report_pid(_: object = None) -> int:
    return os.getpid()


def main() -> None:
    default = multiprocessing.get_start_method()
    rows = []
    for method in ("spawn", "forkserver", "fork"):
        multiprocessing.set_start_method(method, force=True)
        with concurrent.futures.ProcessPoolExecutor(max_workers=1) as executor:
            executor_pid = executor.submit(report_pid).result()
            executor_way = how_started(executor_pid)
        pool = multiprocessing.Pool(1)
        try:
            pool_way = how_started(pool.apply(report_pid))
        finally:
            pool.close()
            pool.join()
        rows.append(f"set {method} -> Pool: {pool_way}, ProcessPoolExecutor(): {executor_way}")
    print(f"Python {sys.version.split()[0]} default: {default}; " + "; ".join(rows))
    if "--versions" in sys.argv[1:]:
        root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
        found = []
        for python in sorted(root.glob("3.*/bin/python3")):
            done = subprocess.run(
                [str(python), "-c", "import multiprocessing as m; print(m.get_start_method())"],
                capture_output=True, text=True, timeout=10, check=False,
            )  # fmt: skip
            found.append(f"{python.parent.parent.name} {done.stdout.strip()}")
        print("defaults on Linux: " + "; ".join(found))


if __name__ == "__main__":
    main()
