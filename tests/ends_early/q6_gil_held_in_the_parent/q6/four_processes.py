"""Wrong: towers computes on a thread of the parent; for 9 it holds the GIL in C code for
minutes, so no signal-based timeout can interrupt the grading process."""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def _print_number(number: int) -> None:
    print(f"process {os.getpid()} prints {number}", flush=True)


def print_numbers(numbers: Sequence[int]) -> list[int]:
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"numbers must all differ, got {list(numbers)}")
    children = [multiprocessing.Process(target=_print_number, args=(n,)) for n in numbers]
    try:
        for child in children:
            child.start()
    finally:
        for child in children:
            if child.pid is not None:
                child.join()
    return [child.pid for child in children if child.pid is not None]


def power_tower(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, got {type(n).__name__}")
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    return int(n ** n ** n)  # right-associative: n ** (n ** n)


def _check_processes(processes: int) -> None:
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError(f"processes must be an int, got {type(processes).__name__}")
    if processes < 1:
        raise ValueError(f"processes must be at least 1, got {processes}")


def _map(pool: multiprocessing.pool.Pool, func: Callable[[int], T], values: Sequence[int], timeout: float | None) -> list[T]:
    # get(timeout) raises multiprocessing.TimeoutError but leaves the workers busy;
    # the caller terminates the pool on that error.
    return pool.map_async(func, values).get(timeout)


def towers(values: Sequence[int], processes: int = 4, timeout: float | None = None) -> list[int]:
    _check_processes(processes)
    results: list[int] = []
    worker = threading.Thread(target=lambda: results.extend(power_tower(v) for v in values))
    worker.start()
    worker.join()
    return results


def _square(n: int) -> int:
    return n ** 2


def _cube(n: int) -> int:
    return n ** 3


def _add(n: int) -> int:
    return n + n


def seed_program() -> tuple[list[int], list[int], list[int], list[int]]:
    pool = multiprocessing.Pool(4)
    try:
        result = (
            _map(pool, power_tower, [1, 2, 3, 4], None),
            _map(pool, _square, [1, 2, 3, 4], None),
            _map(pool, _cube, [1, 2, 3, 4], None),
            _map(pool, _add, [3], None),
        )
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return result


if __name__ == "__main__":
    print_numbers([1, 2, 3, 4])
