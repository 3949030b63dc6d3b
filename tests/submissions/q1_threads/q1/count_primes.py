"""Wrong: threads share one GIL, so pure-Python counting does not run in parallel."""
from multiprocessing.pool import ThreadPool
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


def _count(bounds):
    return count_primes(*bounds)


def count_primes_parallel(stop, processes=2):
    _check(stop, processes)
    step = max(1, -(-stop // processes))
    with ThreadPool(processes) as pool:
        return sum(pool.map(_count, [(i, min(i + step, stop)) for i in range(0, stop, step)]))
