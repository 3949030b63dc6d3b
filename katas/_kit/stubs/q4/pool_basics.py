"""Q4 — What is a multiprocessing pool in Python? Why is it used?

Read katas/q4/README.md, then replace each ``raise NotImplementedError`` below.
Grade your work with ``pytest katas/q4``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def pool_map(func: Callable[[T], R], items: Iterable[T], processes: int) -> list[R]:
    """``func`` applied to every item by a pool of ``processes`` reused workers, in order.

    ``processes`` must be an int (not a bool) of at least 1: raise TypeError /
    ValueError naming it before starting any process.
    """
    raise NotImplementedError


def pool_starmap(func: Callable[..., R], arg_tuples: Iterable[tuple[Any, ...]], processes: int) -> list[R]:
    """``func(*args)`` for every tuple, by a pool of ``processes`` workers, in order."""
    raise NotImplementedError


def apply_with_timeout(func: Callable[[T], R], arg: T, timeout: float) -> R:
    """Run ``func(arg)`` as one task in a pool and return its result.

    If it is not done after ``timeout`` seconds, raise ``multiprocessing.TimeoutError``
    (the built-in ``TimeoutError`` is accepted too) within about a second more, with
    the stuck worker killed.
    """
    raise NotImplementedError
