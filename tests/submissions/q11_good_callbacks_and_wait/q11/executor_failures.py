"""Correct, in another style: errors formatted in the worker by a wrapper and collected
with executor.map; the first result taken from done-callbacks through a queue; crashes
found with wait() and future.exception(); workers stopped with terminate()."""
import functools
import queue
from concurrent.futures import ALL_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool


def _need_callable(func):
    if not callable(func):
        raise TypeError("func is not callable")


def _need_count(name, value, smallest):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected int, got {value!r}")
    if value < smallest:
        raise ValueError(f"{name}: expected >= {smallest}, got {value!r}")


def _row(func, item):
    try:
        return ("ok", func(item))
    except Exception as e:
        return ("error", "%s: %s" % (type(e).__name__, e))


def map_with_errors(func, items, workers=2):
    _need_callable(func)
    _need_count("workers", workers, 1)
    items = list(items)
    if not items:
        return []
    with ProcessPoolExecutor(workers) as executor:
        return list(executor.map(functools.partial(_row, func), items))


def _stop(executor):
    # Terminate the workers, then let shutdown(wait=True) wait for the executor's own
    # thread, which reaps them (joining them here as well would race with it).
    for process in list(executor._processes.values()):
        process.terminate()
    executor.shutdown(wait=True, cancel_futures=True)


def first_result(func, items, workers=2, timeout=None):
    _need_callable(func)
    _need_count("workers", workers, 1)
    items = list(items)
    if not items:
        raise ValueError("items: nothing to run")
    finished = queue.SimpleQueue()
    executor = ProcessPoolExecutor(workers)
    try:
        for item in items:
            executor.submit(func, item).add_done_callback(finished.put)
        try:
            first = finished.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError("timed out") from None
        return first.result()
    finally:
        _stop(executor)


def map_surviving_crashes(func, items, workers=2, retries=1):
    _need_callable(func)
    _need_count("workers", workers, 1)
    _need_count("retries", retries, 0)
    items = list(items)
    results = [None] * len(items)
    have = [False] * len(items)
    runs = 0
    while runs <= retries and not all(have):
        runs += 1
        executor = ProcessPoolExecutor(workers)
        try:
            futures = {}
            for i, item in enumerate(items):
                if have[i]:
                    continue
                try:
                    futures[executor.submit(func, item)] = i
                except BrokenProcessPool:
                    break
            wait(futures, return_when=ALL_COMPLETED)
            for future, i in futures.items():
                error = future.exception()
                if error is None:
                    results[i], have[i] = future.result(), True
                elif not isinstance(error, BrokenProcessPool):
                    raise error
        finally:
            executor.shutdown(wait=True)
    return results
