"""Wrong: returns the squares sorted, not in input order."""
import multiprocessing
import os

_count = 0


def square(x):
    return x * x


def init_worker(greeting="Worker started"):
    global _count
    _count = 0
    print(greeting, flush=True)


def _check(processes):
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError("processes must be an int")
    if processes < 1:
        raise ValueError("processes must be at least 1")


def _counted(x):
    global _count
    _count += 1
    return os.getpid(), _count, x * x


def worker_stats(data, processes=4):
    _check(processes)
    items = list(data)
    if not items:
        return {}
    pool = multiprocessing.Pool(processes, initializer=init_worker)
    results = pool.map(_counted, items)
    pool.close()
    pool.join()
    stats = {}
    for pid, count, _ in results:
        stats[pid] = max(stats.get(pid, 0), count)
    return stats


def square_all(data, processes=4):
    _check(processes)
    items = list(data)
    if not items:
        return []
    pool = multiprocessing.Pool(processes, initializer=init_worker)
    results = pool.map(square, items)
    pool.close()
    pool.join()
    return sorted(results)
