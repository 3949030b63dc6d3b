"""FOUNDATIONS #22: which process starts warn "This process is multi-threaded, use of
fork() may lead to deadlocks in the child" while another thread is alive (3.12+).

A thread sleeps while this process starts one child under each start method, and
runs one command with ``subprocess``; for each, whether a DeprecationWarning was
raised in this process. Without the extra thread none warns.

    python bench/facts/f22_fork_warning.py
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable
from typing import Any


def nothing() -> None:
    pass


def warned(start: Callable[[], None]) -> bool:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start()
    return any("multi-threaded" in str(w.message) for w in caught)


def run_child(method: str) -> Callable[[], None]:
    def start() -> None:
        context: Any = multiprocessing.get_context(method)
        child = context.Process(target=nothing)
        child.start()
        child.join()

    return start


def run_command() -> None:
    subprocess.run([sys.executable, "-c", "pass"], check=True)


def main() -> None:
    starts = {method: run_child(method) for method in ("fork", "forkserver", "spawn")}
    starts["subprocess.run"] = run_command
    for label, start in starts.items():
        alone = warned(start)
        stop = threading.Event()
        helper = threading.Thread(target=stop.wait, daemon=True)
        helper.start()
        try:
            beside = warned(start)
        finally:
            stop.set()
            helper.join()
        print(f"Python {sys.version.split()[0]} {label:15} warned alone: {alone!s:5}  beside a thread: {beside}")


if __name__ == "__main__":
    main()
