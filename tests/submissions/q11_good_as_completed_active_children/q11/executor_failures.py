"""Correct, in another style: as_completed with an index per future, rows sorted back
into input order; running workers found with the public multiprocessing.active_children()
instead of the executor's private _processes; retries by recursion."""
import concurrent.futures
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def _count(name, value, lowest):
    if type(value) is not int:
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < lowest:
        raise ValueError(f"{name} must be >= {lowest}, not {value}")


def _validate(func, workers):
    if not callable(func):
        raise TypeError(f"func must be callable, not {func!r}")
    _count("workers", workers, 1)


def map_with_errors(func, items, workers=2):
    _validate(func, workers)
    items = list(items)
    rows = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        index_of = {pool.submit(func, item): i for i, item in enumerate(items)}
        for future in concurrent.futures.as_completed(index_of):
            error = future.exception()
            if error is None:
                rows[index_of[future]] = ("ok", future.result())
            else:
                rows[index_of[future]] = ("error", type(error).__name__ + ": " + str(error))
    return [rows[i] for i in sorted(rows)]


def first_result(func, items, workers=2, timeout=None):
    _validate(func, workers)
    items = list(items)
    if not items:
        raise ValueError("items must not be empty")
    already = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        futures = [pool.submit(func, item) for item in items]
        try:
            for future in concurrent.futures.as_completed(futures, timeout=timeout):
                return future.result()
        except concurrent.futures.TimeoutError:  # the built-in one only from 3.11 on
            raise TimeoutError(f"nothing finished within {timeout} seconds") from None
    finally:
        # No future.cancel() here: on 3.10 and 3.11, a future cancelled by hand while its
        # executor breaks makes the executor's thread die before it joins the workers.
        # shutdown(cancel_futures=True) cancels in that thread, safely.
        # The executor's workers are this process's children: kill the ones it started.
        for child in multiprocessing.active_children():
            if child not in already:
                child.kill()
        pool.shutdown(wait=True, cancel_futures=True)


def _attempt(func, items, todo, workers, results, runs_left):
    if not todo or runs_left == 0:
        return
    lost = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        submitted = []
        for i in todo:
            try:
                submitted.append((i, pool.submit(func, items[i])))
            except BrokenProcessPool:
                lost.append(i)
        for i, future in submitted:
            try:
                results[i] = future.result()
            except BrokenProcessPool:
                lost.append(i)
    _attempt(func, items, lost, workers, results, runs_left - 1)


def map_surviving_crashes(func, items, workers=2, retries=1):
    _validate(func, workers)
    _count("retries", retries, 0)
    items = list(items)
    results = {}
    _attempt(func, items, list(range(len(items))), workers, results, retries + 1)
    return [results.get(i) for i in range(len(items))]
