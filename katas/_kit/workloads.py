"""Picklable functions that graders hand to learners' code to run in children.

They live in an importable module (not in a test file, not lambdas) so that spawn and
forkserver children can find them by name. Standard library only: every child that
unpickles one imports this module.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from typing import Any


def resolve(module: str, name: str) -> Any:
    """``module.name``, imported in whichever process unpickles the reference."""
    return getattr(importlib.import_module(module), name)


def report_pid(_: object = None) -> int:
    """The pid of the process that ran the task."""
    return os.getpid()


def pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def nap_then_square(x: int, seconds: float = 0.3) -> tuple[int, int]:
    """Like ``pid_and_square``, after a short wait (a task well inside any timeout)."""
    time.sleep(seconds)
    return os.getpid(), x * x


def add(x: int, y: int) -> int:
    return x + y


def do_nothing() -> None:
    """A target that succeeds at once (exit code 0)."""


def sleep_then_succeed(seconds: float) -> None:
    time.sleep(seconds)


def sleep_forever() -> None:
    """A target that never finishes on its own: the caller has to stop it."""
    while True:
        time.sleep(3600)


def exit_with(code: int) -> None:
    sys.exit(code)


def raise_value_error(message: str) -> None:
    raise ValueError(message)


def write_pid_to(path: str) -> None:
    """Record which process ran the target, where the grader can read it afterwards."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(str(os.getpid()))


def burn_cpu(seconds: float) -> int:
    """Spin in pure Python for about ``seconds`` of wall time; returns the loop count."""
    deadline = time.perf_counter() + seconds
    count = 0
    while time.perf_counter() < deadline:
        count += 1
    return count


def ignore_sigterm_forever() -> None:
    """A child that shrugs off terminate(): only kill() stops it."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sleep_forever()


def spin(n: int) -> int:
    """A fixed amount of pure-Python work (on the default build, the GIL is held throughout)."""
    total = 0
    for i in range(n):
        total += i % 7
    return total


def wait_at(ready: Any, release: Any, module: str | None = None) -> None:
    """Import ``module`` (as a worker importing the kata module would), meet the parent
    at ``ready``, then idle until ``release`` is set: the parent reads this process's
    CPU meanwhile (what its start-up cost)."""
    if module:
        try:
            importlib.import_module(module)
        except BaseException:  # noqa: BLE001 - the kata's own tests report a broken module
            pass
    ready.wait(30)
    release.wait(30)


def spin_rounds(start: Any, done: Any, n: int, rounds: int) -> None:
    """Up to ``rounds`` times, spin between two barriers shared with the parent, so that
    the parent's clock covers only the spinning: not start-up (long under spawn), nor
    exit. The parent aborts ``start`` when it needs no more rounds."""
    try:
        for _ in range(rounds):
            start.wait(30)
            spin(n)
            done.wait(30)
    except threading.BrokenBarrierError:
        return


def square(x: int) -> int:
    return x * x


def cube_slowly(x: int, spins: int = 20_000) -> int:
    """``x ** 3`` after a fixed amount of pure-Python work (a CPU-bound task)."""
    spin(spins)
    return x * x * x


# Appended to by remember(): visible to the parent only if the call ran in the parent.
REMEMBERED: list[object] = []


def remember(x: object) -> object:
    """Mutate this module's state, then return ``x`` (a shared-memory probe)."""
    REMEMBERED.append(x)
    return x


def nap_and_report(seconds: float) -> tuple[int, int, float, float]:
    """Sleep like an I/O wait; report pid, thread and the wall-clock interval."""
    import threading

    began = time.time()
    time.sleep(seconds)
    return os.getpid(), threading.get_ident(), began, time.time()


def most_at_once(intervals: list[tuple[float, float]]) -> int:
    """The largest number of (start, end) intervals that overlap at one instant."""
    events = sorted([(start, 1) for start, _ in intervals] + [(end, -1) for _, end in intervals])
    running = peak = 0
    for _, change in events:
        running += change
        peak = max(peak, running)
    return peak


def primes_below(stop: int) -> int:
    """How many primes are below ``stop`` (a sieve: the grader's own fast answer)."""
    if stop < 3:
        return 0
    sieve = bytearray([1]) * stop
    sieve[0:2] = b"\0\0"
    for n in range(2, int(stop**0.5) + 1):
        if sieve[n]:
            sieve[n * n :: n] = bytes(len(range(n * n, stop, n)))
    return sum(sieve)


def trial_division_count(stop: int) -> int:
    """Primes below ``stop`` by the kata's trial division: the grader's own measure of
    how much work a prime count is (the submission's serial function may differ)."""
    count = 1 if stop > 2 else 0
    for n in range(3, stop, 2):
        factor = 3
        while factor * factor <= n:
            if n % factor == 0:
                break
            factor += 2
        else:
            count += 1
    return count
