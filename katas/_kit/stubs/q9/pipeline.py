"""Q9 — How do processes talk to each other? Queues, pipes, and a deadlock to avoid.

Read katas/q9/README.md, then replace each ``raise NotImplementedError`` below.
Grade your work with ``pytest katas/q9``.

Whatever runs in a child (a worker loop, the pong side of the pipe) must be a
module-level function of this file, so that it pickles under spawn and forkserver.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_with_queues(func: Callable[[T], R], items: Iterable[T], workers: int = 2) -> list[R]:
    """``func`` applied to every item by ``workers`` processes, results in input order.

    - Start exactly ``workers`` processes with ``multiprocessing.Process``; feed them
      ``(index, item)`` tasks through one ``multiprocessing.Queue``, then one sentinel
      per worker; each worker returns when it gets its sentinel (exit code 0: no
      ``terminate()`` on the normal path).
    - Workers send ``(index, result)`` back through a second ``Queue``; return the
      results in input order.
    - Get every result before you ``join()`` the workers: a worker whose result is
      bigger than a pipe holds cannot exit until the parent has read it.
    - If ``func`` raises in a worker, raise the same exception type with the same
      message in the parent, after every worker has stopped and been joined.
    - ``func`` must be callable (else ``TypeError`` naming ``func``); ``workers`` an int
      (not a bool) of at least 1 (else ``TypeError`` / ``ValueError`` naming
      ``workers``). Check both before starting any process.
    """
    raise NotImplementedError


def ping_pong(rounds: int) -> list[str]:
    """The parent and one child play ping-pong over a ``multiprocessing.Pipe()``.

    For ``i`` in ``0 .. rounds - 1`` the parent sends ``"ping i"`` and waits for the
    child's answer, exactly ``"pong i from <child pid>"``, before it sends the next
    ping. Return the log of both, in order:
    ``["ping 0", "pong 0 from 4242", "ping 1", "pong 1 from 4242", ...]``.
    Close both ends of the pipe and join the child before returning.
    ``rounds`` must be an int (not a bool) of at least 0 (else ``TypeError`` /
    ``ValueError`` naming ``rounds``, before any process starts); 0 rounds give ``[]``.
    """
    raise NotImplementedError
