"""Q5 — Create a pool of worker processes.

Read katas/q5/README.md, then replace each ``raise NotImplementedError`` below.
Grade your work with ``pytest katas/q5``.
"""

from __future__ import annotations

from collections.abc import Iterable


def square(x: int) -> int:
    """Return ``x * x``. This is the task each worker runs."""
    raise NotImplementedError


def init_worker(greeting: str = "Worker started") -> None:
    """The pool's initializer: runs once in each worker process as it starts.

    Print ``greeting`` once, and set up this worker's own state (for example a
    module-level counter) that ``worker_stats`` uses.
    """
    raise NotImplementedError


def square_all(data: Iterable[int], processes: int = 4) -> list[int]:
    """Square every item, in input order, in a pool of exactly ``processes`` workers.

    Each worker is initialised once by ``init_worker``. Close and join the pool (do not
    terminate it). ``processes`` must be an int (not a bool) of at least 1: raise
    ``TypeError`` / ``ValueError`` naming ``processes`` before starting any process.
    """
    raise NotImplementedError


def worker_stats(data: Iterable[int], processes: int = 4) -> dict[int, int]:
    """Square every item in a pool and return {worker pid: items that worker squared}.

    Count in each worker's own state (set up by ``init_worker``), not in the parent.
    Same rules for ``processes`` as ``square_all``; empty input gives ``{}``.
    """
    raise NotImplementedError
