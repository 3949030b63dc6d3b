"""Q3 — Write Python code to create a process using the multiprocessing module.

Read katas/q3/README.md, then replace each ``raise NotImplementedError`` below.
Grade your work with ``pytest katas/q3``.
"""

from __future__ import annotations

from collections.abc import Callable


def greetings() -> None:
    """Given: the function the child process runs."""
    print("Viva La")


def run_greetings_in_child() -> int:
    """Print ``I'm writing my multiprocessing program`` in this (parent) process, run
    ``greetings`` in a child process, wait for the child, and return the child's pid."""
    raise NotImplementedError


def run_in_child(target: Callable[..., object], *args: object, timeout: float | None = None) -> int:
    """Run ``target(*args)`` in a child process and return the child's exit code.

    0 on success, 1 on an uncaught exception, ``n`` on ``sys.exit(n)``, and
    ``-signal.SIGTERM`` if the child was still running after ``timeout`` seconds and
    you terminated it. ``timeout=None`` waits for as long as the child runs.
    """
    raise NotImplementedError


if __name__ == "__main__":
    # Task: running this file as a program prints the parent's line, then the
    # child's "Viva La" (see the README for why this block matters under spawn).
    raise NotImplementedError("run this module as a program")
