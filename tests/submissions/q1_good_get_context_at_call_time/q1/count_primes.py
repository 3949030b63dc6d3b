"""Correct, another style: asks for the current context at call time (get_context()) and uses its Pool."""

from __future__ import annotations

import multiprocessing

CHUNKS_PER_WORKER = 8


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


def _count_chunk(bounds: tuple[int, int]) -> int:
    return count_primes(*bounds)


def count_primes_parallel(stop: int, processes: int = 2) -> int:
    if isinstance(stop, bool) or not isinstance(stop, int):
        raise TypeError(f"stop must be an int, got {type(stop).__name__}")
    if stop < 0:
        raise ValueError(f"stop must not be negative, got {stop}")
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError(f"processes must be an int, got {type(processes).__name__}")
    if processes < 1:
        raise ValueError(f"processes must be at least 1, got {processes}")
    size = max(1, -(-stop // (processes * CHUNKS_PER_WORKER)))
    chunks = [(low, min(low + size, stop)) for low in range(0, stop, size)]
    context = multiprocessing.get_context()
    pool = context.Pool(processes)
    try:
        total = sum(pool.imap_unordered(_count_chunk, chunks))
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return total
