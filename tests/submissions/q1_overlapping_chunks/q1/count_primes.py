"""Wrong: each chunk includes its upper bound, so boundary numbers are counted twice."""
import multiprocessing
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
    low, high = bounds
    return count_primes(low, high + 1)


def count_primes_parallel(stop, processes=2):
    _check(stop, processes)
    if stop == 0:
        return 0
    step = max(1, -(-stop // processes))
    pool = multiprocessing.Pool(processes)
    total = sum(pool.map(_count, [(i, min(i + step, stop - 1)) for i in range(0, stop, step)]))
    pool.close()
    pool.join()
    return total
