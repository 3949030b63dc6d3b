"""Hangs: multiprocessing.Pool replaces a worker that dies but never reports the task it was running, so map() waits forever."""
import concurrent.futures
import multiprocessing
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool


def _check(func, workers, retries=0):
    if not callable(func):
        raise TypeError("func must be callable")
    if isinstance(workers, bool) or not isinstance(workers, int):
        raise TypeError("workers must be an int")
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if isinstance(retries, bool) or not isinstance(retries, int):
        raise TypeError("retries must be an int")
    if retries < 0:
        raise ValueError("retries must not be negative")


def _kill(executor):
    processes = list(executor._processes.values())
    for p in processes:
        p.kill()
    executor.shutdown(wait=True, cancel_futures=True)


def map_with_errors(func, items, workers=2):
    _check(func, workers)
    items = list(items)
    rows = []
    with ProcessPoolExecutor(max_workers=workers) as executor:
        futures = [executor.submit(func, item) for item in items]
        for future in futures:
            try:
                rows.append(("ok", future.result()))
            except Exception as e:
                rows.append(("error", f"{type(e).__name__}: {e}"))
    return rows


def first_result(func, items, workers=2, timeout=None):
    _check(func, workers)
    items = list(items)
    if not items:
        raise ValueError("items is empty")
    executor = ProcessPoolExecutor(max_workers=workers)
    try:
        futures = [executor.submit(func, item) for item in items]
        done, _ = wait(futures, timeout=timeout, return_when=FIRST_COMPLETED)
        if not done:
            raise TimeoutError("no result in time")
        return done.pop().result()
    finally:
        _kill(executor)


def map_surviving_crashes(func, items, workers=2, retries=1):
    _check(func, workers, retries)
    items = list(items)
    with multiprocessing.Pool(workers) as pool:
        return pool.map(func, items)
