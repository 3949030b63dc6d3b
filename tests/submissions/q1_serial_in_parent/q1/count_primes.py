"""Wrong: counts serially in the parent."""
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


def count_primes_parallel(stop, processes=2):
    _check(stop, processes)
    return count_primes(0, stop)
