"""Q6 — Write a Python program to create 4 processes, each process should print a
different number, using the multiprocessing module.

Read katas/q6/README.md, then replace each ``raise NotImplementedError`` below.
Grade your work with ``pytest katas/q6``.
"""

from __future__ import annotations

from collections.abc import Sequence


def print_numbers(numbers: Sequence[int]) -> list[int]:
    """Start one child process per number; each prints one line
    ``process <its pid> prints <number>``. Return the child pids in the order of
    ``numbers``. Repeated numbers are a ValueError (they must differ), raised before
    any process starts."""
    raise NotImplementedError


def power_tower(n: int) -> int:
    """``n ** n ** n``, that is ``n ** (n ** n)``. ``n < 0`` is a ValueError."""
    raise NotImplementedError


def towers(values: Sequence[int], processes: int = 4, timeout: float | None = None) -> list[int]:
    """``power_tower`` of every value, computed in a pool of ``processes``, in order.

    Past ``timeout`` seconds, raise ``multiprocessing.TimeoutError`` (or the built-in
    ``TimeoutError``) with every worker killed.
    """
    raise NotImplementedError


def seed_program() -> tuple[list[int], list[int], list[int], list[int]]:
    """The four lists the seed's program prints, computed in one pool of 4:
    ``n ** n ** n`` and the squares and cubes of 1..4, and ``n + n`` of 3."""
    raise NotImplementedError
