"""Wrong: counts with a fast sieve in the parent and starts no process."""
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



def _sieve_count(stop):
    """A fast sieve: far quicker than trial division, and entirely in this process."""
    if stop < 3:
        return 0
    marks = bytearray([1]) * stop
    marks[0:2] = b"\0\0"
    for n in range(2, int(stop ** 0.5) + 1):
        if marks[n]:
            marks[n * n :: n] = bytes(len(range(n * n, stop, n)))
    return sum(marks)


def count_primes_parallel(stop, processes=2):
    _check(stop, processes)
    return _sieve_count(stop)
