"""Wrong: starts the processes, but the parent does the counting while they run."""
import multiprocessing
import os
from multiprocessing.shared_memory import SharedMemory

import numpy as np


def _check(name, value, low):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int")
    if value < low:
        raise ValueError(f"{name} must be at least {low}")


def _add_locked(counter, increments):
    for _ in range(increments):
        with counter.get_lock():
            counter.value += 1


def _add_unlocked(counter, increments):
    for _ in range(increments):
        counter.value += 1


def _run(target, args_list):
    workers = [multiprocessing.Process(target=target, args=args) for args in args_list]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    for w in workers:
        if w.exitcode != 0:
            raise RuntimeError(f"worker {w.name} failed with exit code {w.exitcode}")


def _join_in(counter):
    pass  # the worker only has to be there


def locked_total(processes=4, increments=10_000):
    _check("processes", processes, 1)
    _check("increments", increments, 0)
    counter = multiprocessing.Value("q", 0)
    workers = [multiprocessing.Process(target=_join_in, args=(counter,)) for _ in range(processes)]
    for w in workers:
        w.start()
    for _ in range(processes):
        _add_locked(counter, increments)
    for w in workers:
        w.join()
    return counter.value


def unlocked_total(processes=4, increments=10_000):
    _check("processes", processes, 1)
    _check("increments", increments, 0)
    counter = multiprocessing.RawValue("q", 0)
    _run(_add_unlocked, [(counter, increments)] * processes)
    return counter.value


def _square_slice(data_name, pids_name, n, start, stop):
    data_block = SharedMemory(name=data_name)
    pids_block = SharedMemory(name=pids_name)
    data = np.ndarray((n,), dtype=np.float64, buffer=data_block.buf)
    pids = np.ndarray((n,), dtype=np.int64, buffer=pids_block.buf)
    data[start:stop] = data[start:stop] ** 2
    pids[start:stop] = os.getpid()
    del data, pids
    data_block.close()
    pids_block.close()


def _bounds(n, parts):
    return [(i * n // parts, (i + 1) * n // parts) for i in range(parts)]


def square_in_shared_memory(values, processes=2):
    _check("processes", processes, 1)
    arr = np.array(values, dtype=np.float64)
    n = len(arr)
    if n == 0:
        return [], []
    data_block = SharedMemory(create=True, size=arr.nbytes)
    pids_block = SharedMemory(create=True, size=n * 8)
    try:
        data = np.ndarray((n,), dtype=np.float64, buffer=data_block.buf)
        data[:] = arr
        del data
        jobs = [(data_block.name, pids_block.name, n, a, b) for a, b in _bounds(n, min(processes, n))]
        _run(_square_slice, jobs)
        squares = np.ndarray((n,), dtype=np.float64, buffer=data_block.buf).tolist()
        writers = np.ndarray((n,), dtype=np.int64, buffer=pids_block.buf).tolist()
    finally:
        data_block.close()
        pids_block.close()
        data_block.unlink()
        pids_block.unlink()
    return squares, writers
