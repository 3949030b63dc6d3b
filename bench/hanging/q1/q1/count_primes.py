"""Hangs: waits on a queue that no worker ever fills."""
import multiprocessing


def is_prime(n):
    return n > 1 and all(n % f for f in range(2, int(n ** 0.5) + 1))


def count_primes(start, stop):
    return sum(1 for n in range(max(start, 0), stop) if is_prime(n))


def count_primes_parallel(stop, processes=2):
    if stop < 0:
        raise ValueError("stop must not be negative")
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError("processes must be an int")
    if processes < 1:
        raise ValueError("processes must be at least 1")
    return multiprocessing.Queue().get()
