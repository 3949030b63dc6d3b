"""Correct, in another style: imap with a chunksize, per-worker state in a dict, and
the worker's identity from current_process()."""
import multiprocessing

_state = {}


def square(x):
    return x ** 2


def init_worker(greeting="Worker started"):
    _state["done"] = 0
    print(greeting)


def _validate(processes):
    if type(processes) is not int:
        raise TypeError(f"processes must be an int, not {type(processes).__name__}")
    if processes < 1:
        raise ValueError("processes must be 1 or more")


def _pool(processes):
    return multiprocessing.Pool(processes=processes, initializer=init_worker, initargs=("Worker started",))


def square_all(data, processes=4):
    _validate(processes)
    data = list(data)
    if not data:
        return []
    pool = _pool(processes)
    out = list(pool.imap(square, data, chunksize=2))
    pool.close()
    pool.join()
    return out


def _tally(x):
    square(x)
    _state["done"] += 1
    return multiprocessing.current_process().pid, _state["done"]


def worker_stats(data, processes=4):
    _validate(processes)
    data = list(data)
    if not data:
        return {}
    pool = _pool(processes)
    reports = pool.map(_tally, data)
    pool.close()
    pool.join()
    stats = {}
    for pid, done in reports:
        stats[pid] = max(done, stats.get(pid, 0))
    return stats
