"""Grader functions for q9 that learners' ``map_with_queues`` runs in its workers.

Imported by every worker that unpickles one of them: standard library only.
"""

from __future__ import annotations

import os
import time

#: One result of ``megabyte_of``: far more than a pipe holds (64 KiB on Linux), so a
#: worker cannot finish putting it on a queue until the parent reads it.
MEGABYTE = 1 << 20


class Rejected(Exception):
    """The grader's own exception type: a re-raised error must keep it."""


def square(x: int) -> int:
    return x * x


def megabyte_of(x: int) -> bytes:
    """A 1 MiB result, every byte ``x % 256``."""
    return bytes([x % 256]) * MEGABYTE


def rejection_message(x: int) -> str:
    return f"item {x} rejected by the grader"


def reject(x: int) -> int:
    """Fails for every item."""
    raise Rejected(rejection_message(x))


class RejectOne:
    """Squares every item but ``bad``, for which it raises ``Rejected``."""

    def __init__(self, bad: int) -> None:
        self.bad = bad
        self.__name__ = "reject_one"

    def __call__(self, x: int) -> int:
        if x == self.bad:
            raise Rejected(rejection_message(x))
        return x * x


class FinishOutOfOrder:
    """Squares items; item 0 finishes only after item 1 has finished.

    Each finished item leaves a file ``<item>.done`` in ``directory``; item 0 waits
    (at most ``patience`` seconds) for ``1.done``. With two or more workers, item 1
    is taken by another worker while item 0 waits, so the results reach the parent
    out of input order, whatever the timing.
    """

    def __init__(self, directory: str, patience: float = 5.0) -> None:
        self.directory = directory
        self.patience = patience
        self.__name__ = "finish_out_of_order"

    def _done(self, x: int) -> str:
        return os.path.join(self.directory, f"{x}.done")

    def __call__(self, x: int) -> int:
        if x == 0:
            deadline = time.monotonic() + self.patience
            while not os.path.exists(self._done(1)) and time.monotonic() < deadline:
                time.sleep(0.005)
        with open(self._done(x), "w", encoding="utf-8"):
            pass
        return x * x
