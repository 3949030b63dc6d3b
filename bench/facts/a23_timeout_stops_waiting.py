"""``AsyncResult.get(timeout)`` stops the waiting, not the task; which timeout
exception is which.

Claims in katas/q4/README.md (Hint 5, ProcessPoolExecutor), solutions/q4/ANSWER.md
("Waiting is not stopping"), katas/q6/README.md (Hint 5) and solutions/q6/ANSWER.md:
a task sleeping 3 s in a ``Pool(1)`` outlives ``get(timeout=1)``, its worker is still
alive after the exception, and a second ``get()`` returns at the 3 s mark; while a
worker computes ``9 ** 9 ** 9``, ``terminate()`` plus ``join()`` ends it in a few
milliseconds; ``multiprocessing.TimeoutError`` is not the built-in ``TimeoutError``;
``concurrent.futures.TimeoutError`` and ``asyncio.TimeoutError`` are, from 3.11.

    python bench/facts/a23_timeout_stops_waiting.py

Measured 2026-12-08 (2-core Linux VM, load average about 4), one run per start method:
    every version: multiprocessing.TimeoutError subclass of TimeoutError: False (MRO
      TimeoutError < ProcessError < Exception < BaseException < object)
    3.10.13: concurrent.futures.TimeoutError is TimeoutError: False; asyncio.TimeoutError
      is TimeoutError: False
    3.11.7, 3.12.1, 3.13.0, 3.14.10, 3.15.2: both True
    every version and start method (18 runs): get(timeout=1):
      multiprocessing.context.TimeoutError after 1.00 s; worker alive after it: True;
      second get() -> 3 at 3.00-3.01 s; terminate()+join() during 9**9**9: 1.6-7.3 ms
      (one outlier of 19.6 ms, 3.14.10 spawn)
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import sys
import time


def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def tower(n: int) -> int:
    return int(n**n**n)


def waiting(method: str) -> str:
    ctx = multiprocessing.get_context(method)
    pool = ctx.Pool(1)
    try:
        pool.map(abs, [1])  # the worker is up before the clock starts
        worker = pool._pool[0]  # type: ignore[attr-defined]
        started = time.monotonic()
        pending = pool.apply_async(nap, (3,))
        try:
            pending.get(timeout=1)
            first = "returned"
        except multiprocessing.TimeoutError as error:
            first = f"{type(error).__module__}.{type(error).__name__} after {time.monotonic() - started:.2f} s"
        alive = worker.is_alive()
        value = pending.get()
        second = time.monotonic() - started
        pool.apply_async(tower, (9,))
        time.sleep(0.5)  # the worker is inside 9 ** 9 ** 9
        stopping = time.monotonic()
        pool.terminate()
        pool.join()
        stopped = (time.monotonic() - stopping) * 1000
    finally:
        pool.terminate()
        pool.join()
    return (
        f"get(timeout=1): {first}; worker alive after it: {alive}; second get() -> {value} "
        f"at {second:.2f} s; terminate()+join() during 9**9**9: {stopped:.1f} ms"
    )


def same(first: object, second: object) -> bool:
    return first is second


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    mro = [cls.__name__ for cls in multiprocessing.TimeoutError.__mro__]
    print(
        f"  multiprocessing.TimeoutError subclass of TimeoutError: "
        f"{issubclass(multiprocessing.TimeoutError, TimeoutError)} (MRO {' < '.join(mro)}); "
        f"concurrent.futures.TimeoutError is TimeoutError: {same(concurrent.futures.TimeoutError, TimeoutError)}; "
        f"asyncio.TimeoutError is TimeoutError: {same(asyncio.TimeoutError, TimeoutError)}"
    )
    for method in ("fork", "forkserver", "spawn"):
        print(f"  {method:10} {waiting(method)}")


if __name__ == "__main__":
    main()
