"""Q1 — What is multiprocessing in Python? Why is it useful?

Read katas/q1/README.md, then replace the ``raise NotImplementedError`` below.
Grade your work with ``pytest katas/q1``.
"""

from __future__ import annotations


def is_prime(n: int) -> bool:
    """Given: trial division (slow on purpose: a CPU-bound task)."""
    if n < 2:
        return False
    if n < 4:
        return True
    if n % 2 == 0:
        return False
    factor = 3
    while factor * factor <= n:
        if n % factor == 0:
            return False
        factor += 2
    return True


def count_primes(start: int, stop: int) -> int:
    """Given: the number of primes in [start, stop), counted serially."""
    return sum(1 for n in range(max(start, 0), stop) if is_prime(n))


def count_primes_parallel(stop: int, processes: int = 2) -> int:
    """The number of primes in [0, stop), counted by ``processes`` worker processes.

    ``stop < 0`` is a ValueError. ``processes`` must be an int (not a bool) of at least
    1: raise TypeError / ValueError naming the argument before starting any process.
    """
    raise NotImplementedError
