"""Wrong: one Process per slice, but each is joined before the next starts, so the
slices run one after another. The parent does no counting (its CPU time stays low):
only the speed check can tell."""
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


def _count_into(queue, low, high):
    queue.put(count_primes(low, high))


def count_primes_parallel(stop, processes=2):
    _check(stop, processes)
    step = max(1, -(-stop // processes))
    bounds = [(i, min(i + step, stop)) for i in range(0, stop, step)]
    queue = multiprocessing.Queue()
    total = 0
    for low, high in bounds:
        worker = multiprocessing.Process(target=_count_into, args=(queue, low, high))
        worker.start()
        total += queue.get(timeout=60)
        worker.join()
    return total
