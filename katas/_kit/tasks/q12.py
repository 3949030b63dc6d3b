"""Grader functions for q12: what the grader maps over a dask cluster.

Imported in every dask worker that unpickles one of them (the worker finds them by
name, like a pool worker): standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


class GraderError(Exception):
    """An exception type of the grader's own, so its name cannot be guessed."""


def square(x: int) -> int:
    return x * x


@dataclass(frozen=True)
class FailOn:
    """Square the item, except ``item``: for that one raise ``GraderError(message)``."""

    item: int
    message: str

    def __call__(self, x: int) -> int:
        if x == self.item:
            raise GraderError(self.message)
        return x * x
