"""Q5 — a pool of worker processes, each set up once by a module-level initializer.

The seed's sample passed a ``Process`` subclass as the initializer and mapped a method
that was not in scope; the working pattern is a module-level initializer that prepares
per-worker state and a module-level task function that uses it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

# Per-worker state: each worker process has its own copy, set up by init_worker().
_items_squared = 0


def square(x: int) -> int:
    return x * x


def init_worker(greeting: str = "Worker started") -> None:
    """Runs once in each worker as it starts."""
    global _items_squared
    _items_squared = 0
    print(greeting, flush=True)


def _check_processes(processes: int) -> None:
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError(f"processes must be an int, got {type(processes).__name__}")
    if processes < 1:
        raise ValueError(f"processes must be at least 1, got {processes}")


def _run_in_pool(func: Callable[[int], T], items: list[int], processes: int) -> list[T]:
    # close() + join(), not a with-block: leaving `with Pool()` calls terminate(), which
    # under spawn and forkserver kills workers that are still starting.
    pool = multiprocessing.Pool(processes, initializer=init_worker)
    try:
        results = pool.map(func, items)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return results


def square_all(data: Iterable[int], processes: int = 4) -> list[int]:
    _check_processes(processes)
    items = list(data)
    if not items:
        return []
    return _run_in_pool(square, items, processes)


def _square_and_count(x: int) -> tuple[int, int, int]:
    """The task: square ``x`` and count it in this worker's own state."""
    global _items_squared
    result = square(x)
    _items_squared += 1
    return os.getpid(), _items_squared, result


def worker_stats(data: Iterable[int], processes: int = 4) -> dict[int, int]:
    _check_processes(processes)
    items = list(data)
    if not items:
        return {}
    stats: dict[int, int] = {}
    for pid, count, _square in _run_in_pool(_square_and_count, items, processes):
        # Counts grow in each worker, so its latest (largest) report is its total.
        stats[pid] = max(stats.get(pid, 0), count)
    return stats
