"""Correct, another style: multiprocessing.pool.Pool used directly (the class, not the context's factory)."""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _check_processes(processes: int) -> None:
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError(f"processes must be an int, got {type(processes).__name__}")
    if processes < 1:
        raise ValueError(f"processes must be at least 1, got {processes}")


@contextmanager
def _pool(processes: int) -> Iterator[multiprocessing.pool.Pool]:
    """A pool that is closed and joined on success and terminated on any error, so no
    worker outlives the call either way."""
    _check_processes(processes)
    pool = multiprocessing.pool.Pool(processes)
    try:
        yield pool
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def pool_map(func: Callable[[T], R], items: Iterable[T], processes: int) -> list[R]:
    work = list(items)
    with _pool(processes) as pool:
        return pool.map(func, work)


def pool_starmap(func: Callable[..., R], arg_tuples: Iterable[tuple[Any, ...]], processes: int) -> list[R]:
    work = list(arg_tuples)
    with _pool(processes) as pool:
        return pool.starmap(func, work)


def apply_with_timeout(func: Callable[[T], R], arg: T, timeout: float) -> R:
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, got {timeout!r}")
    if timeout < 0:
        raise ValueError(f"timeout must not be negative, got {timeout}")
    # get(timeout) raises multiprocessing.TimeoutError but leaves the task running;
    # the error path of _pool() terminates the pool, which kills the stuck worker.
    with _pool(1) as pool:
        return pool.apply_async(func, (arg,)).get(timeout)
