"""Correct, in another style: ProcessPoolExecutor over many small blocks, handed out
as workers become free. (Striding by `processes` would not do: with 2 processes one
worker gets only even numbers, which is_prime rejects at once.)"""
from concurrent.futures import ProcessPoolExecutor
def is_prime(n):
    if n < 2:
        return False
    if n < 4:
        return True
    if n % 2 == 0:
        return False
    f = 3
    while f * f <= n:
        if n % f == 0:
            return False
        f += 2
    return True


def count_primes(start, stop):
    return sum(1 for n in range(max(start, 0), stop) if is_prime(n))


def _check(stop, processes):
    if stop < 0:
        raise ValueError("stop must not be negative")
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError("processes must be an int")
    if processes < 1:
        raise ValueError("processes must be at least 1")


def _count_block(bounds):
    return count_primes(*bounds)


def count_primes_parallel(stop, processes=2):
    _check(stop, processes)
    size = max(1, stop // (processes * 16))
    blocks = [(low, min(low + size, stop)) for low in range(0, stop, size)]
    with ProcessPoolExecutor(max_workers=processes) as executor:
        return sum(executor.map(_count_block, blocks))
