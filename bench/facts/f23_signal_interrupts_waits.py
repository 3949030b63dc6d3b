"""FOUNDATIONS #23: a signal sent by another process interrupts the main thread's
blocking waits, so a handler that raises ends them (the kit's watchdog relies on it).

For each wait (a sleep, a lock, a Queue.get, Process.join, Pool.map of a task that
sleeps), a helper process sends SIGUSR1 to this process after 0.3 s; the handler
raises. Prints how long each wait lasted before the exception arrived.

    python bench/facts/f23_signal_interrupts_waits.py
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
import types
from collections.abc import Callable

DELAY = 0.3


class Interrupted(BaseException):
    pass


def raise_interrupted(signum: int, frame: types.FrameType | None) -> None:
    raise Interrupted


def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def interrupted_after(wait: Callable[[], object]) -> str:
    sender = subprocess.Popen(
        [sys.executable, "-c", f"import os, time; time.sleep({DELAY}); os.kill({os.getpid()}, {int(signal.SIGUSR1)})"]
    )
    started = time.monotonic()
    try:
        wait()
        outcome = "returned"
    except Interrupted:
        outcome = "interrupted"
    sender.wait()
    return f"{outcome} after {time.monotonic() - started:.2f} s"


def main() -> None:
    signal.signal(signal.SIGUSR1, raise_interrupted)
    context = multiprocessing.get_context("fork")
    lock = threading.Lock()
    lock.acquire()
    queue: multiprocessing.Queue[int] = context.Queue()
    child = context.Process(target=nap, args=(5,))
    child.start()
    pool = context.Pool(1)
    waits: dict[str, Callable[[], object]] = {
        "time.sleep(5)": lambda: time.sleep(5),
        "Lock.acquire()": lock.acquire,
        "Queue.get()": queue.get,
        "Process.join()": child.join,
        "Pool.map(nap, [5])": lambda: pool.map(nap, [5]),
    }
    try:
        for name, wait in waits.items():
            print(f"Python {sys.version.split()[0]} {name:20} {interrupted_after(wait)}")
    finally:
        child.kill()
        child.join()
        pool.terminate()
        pool.join()


if __name__ == "__main__":
    main()
