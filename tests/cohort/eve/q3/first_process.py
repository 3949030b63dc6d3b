"""Q3 — create a process with the multiprocessing module.

Run it as a program: ``python solutions/q3/first_process.py``.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable

PARENT_LINE = "I'm writing my multiprocessing program"


def greetings() -> None:
    print("Viva La")


def run_greetings_in_child() -> int:
    print(PARENT_LINE)
    child = multiprocessing.Process(target=greetings)
    child.start()
    child.join()
    assert child.pid is not None
    return child.pid


def _check_timeout(timeout: float | None) -> None:
    if timeout is None:
        return
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds or None, got {timeout!r}")
    if timeout < 0:
        raise ValueError(f"timeout must not be negative, got {timeout}")


def run_in_child(target: Callable[..., object], *args: object, timeout: float | None = None) -> int:
    """Run ``target(*args)`` in a child process and return its exit code.

    0 on success, 1 on an uncaught exception, ``n`` on ``sys.exit(n)``, and
    ``-signal.SIGTERM`` when the child was still running at ``timeout`` and was
    terminated (``-signal.SIGKILL`` if it also ignored SIGTERM for a second).
    """
    if not callable(target):
        raise TypeError(f"target must be callable, got {target!r}")
    _check_timeout(timeout)
    child = multiprocessing.Process(target=target, args=args)
    child.start()
    try:
        child.join(timeout)
    finally:
        if child.is_alive():
            child.terminate()
            child.join(1.0)
        if child.is_alive():
            child.kill()
            child.join()
    assert child.exitcode is not None
    return child.exitcode


if __name__ == "__main__":
    run_greetings_in_child()
