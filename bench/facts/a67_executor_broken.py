"""How ProcessPoolExecutor reports a task's exception, a dead worker, a failing
initializer and an exception it cannot unpickle; and how multiprocessing.Pool differs.

Claims in katas/q11/README.md (the question, hints, "Going further") and
solutions/q11/ANSWER.md ("What happens inside the executor", "Errors", "Timeouts"):

- a task's exception comes back with its type and message, its ``__cause__`` holding
  the worker's traceback (``_RemoteTraceback``);
- after ``os._exit(1)`` in the third of five tasks on a one-worker executor, the
  first two futures keep their results, the other three get ``BrokenProcessPool``,
  and ``submit()`` raises ``BrokenProcessPool`` from then on; with two workers, the
  other worker is terminated;
- an exception class whose ``__init__`` takes two arguments cannot be rebuilt in the
  caller: the executor breaks, the futures get ``BrokenProcessPool``;
- an initializer that raises breaks the executor;
- ``concurrent.futures.TimeoutError`` is the built-in ``TimeoutError`` from 3.11;
- the workers are ``multiprocessing.Process`` objects in the private dict
  ``executor._processes``;
- ``multiprocessing.Pool`` replaces a worker that died and never reports its task:
  ``map_async(...).get(timeout=3)`` times out.

Everything runs under the ``spawn`` start method (the behaviour is the same under
the others; see a66 and a68 for what differs).

    python bench/facts/a67_executor_broken.py

Measured 2026-12-08 (2-core Linux VM), the same on all six except where noted:
    concurrent.futures.TimeoutError is TimeoutError: 3.10.13 False
      (concurrent.futures._base.TimeoutError -> concurrent.futures._base.Error ->
      builtins.Exception); 3.11.7, 3.12.1, 3.13.0, 3.14.10, 3.15.2 True
    task raises: ValueError(bad item 3) with __cause__ _RemoteTraceback
    one worker, task 2 of 0-4 calls os._exit(1): _processes is a dict of SpawnProcess;
      futures: ['0', '1', 'BrokenProcessPool', 'BrokenProcessPool', 'BrokenProcessPool'];
      submit() raised BrokenProcessPool; message: A process in the process pool was
      terminated abruptly while the future was running or pending.; cause of
      BrokenProcessPool: none (3.15.2: "Process 10100 terminated abruptly with exit
      code 1")
    two workers, one dies: futures ['BrokenProcessPool', 'BrokenProcessPool'] after
      0.00-0.06 s (the sleeping task needed 5 s); worker exit codes [-15, 1]
    exception with a two-argument __init__: BrokenProcessPool, __cause__
      _RemoteTraceback: TypeError: TwoArgs.__init__() missing 1 required positional
      argument: 'b'
    initializer raises: the future gets BrokenProcessPool
    multiprocessing.Pool(2), task 2 calls os._exit(1): map_async(...).get(timeout=3)
      timed out: the task's loss is never reported
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

CTX: Any = multiprocessing.get_context("spawn")


class TwoArgs(Exception):
    def __init__(self, a: int, b: int) -> None:
        super().__init__(f"{a} and {b}")


def work(x: int) -> int:
    if x == 2:
        os._exit(1)
    time.sleep(0.05)
    return x * x


def fails(x: int) -> int:
    raise ValueError(f"bad item {x}")


def raises_two_args(x: int) -> int:
    raise TwoArgs(x, x + 1)


def bad_initializer() -> None:
    raise RuntimeError("initializer failed")


def sleeps(x: int) -> int:
    time.sleep(5)
    return x


def outcome(future: concurrent.futures.Future[Any]) -> str:
    error = future.exception()
    return repr(future.result()) if error is None else type(error).__name__


def task_error() -> str:
    with ProcessPoolExecutor(1, mp_context=CTX) as executor:
        error = executor.submit(fails, 3).exception()
    assert error is not None
    cause = error.__cause__
    return f"{type(error).__name__}({error}) with __cause__ {type(cause).__name__}"


def dead_worker() -> str:
    with ProcessPoolExecutor(1, mp_context=CTX) as executor:
        processes = executor._processes
        futures = [executor.submit(work, x) for x in range(5)]
        wait(futures)
        kind = f"{type(processes).__name__} of {type(next(iter(processes.values()))).__name__}"
        try:
            executor.submit(work, 9)
            later = "submit() accepted"
        except BrokenProcessPool:
            later = "submit() raised BrokenProcessPool"
        error = futures[2].exception()
        cause = error.__cause__ if error is not None else None
        cause_text = str(cause).strip().replace("\n", " ").strip("' ") if cause is not None else "none"
    return (f"_processes is a {kind}; futures: {[outcome(f) for f in futures]}; {later}; "
            f"message: {error}; cause of BrokenProcessPool: {cause_text or 'empty'}")


def other_worker() -> str:
    executor = ProcessPoolExecutor(2, mp_context=CTX)
    wait([executor.submit(abs, -1), executor.submit(abs, -2)])  # both workers up and known
    workers = list(executor._processes.values())
    began = time.monotonic()
    futures = [executor.submit(sleeps, 0), executor.submit(work, 2)]
    wait(futures)
    took = time.monotonic() - began
    executor.shutdown(wait=True)
    codes = sorted(w.exitcode if w.exitcode is not None else 0 for w in workers)
    return (f"futures {[outcome(f) for f in futures]} after {took:.2f} s (the sleeping task "
            f"needed 5 s); worker exit codes {codes}")


def unpicklable_error() -> str:
    with ProcessPoolExecutor(1, mp_context=CTX) as executor:
        error = executor.submit(raises_two_args, 1).exception()
    assert error is not None
    cause = error.__cause__
    said = [line for line in str(cause).splitlines() if "Error" in line] if cause else []
    return f"{type(error).__name__}, __cause__ {type(cause).__name__}: {said[-1].strip() if said else ''}"


def initializer_error() -> str:
    with ProcessPoolExecutor(1, mp_context=CTX, initializer=bad_initializer) as executor:
        error = executor.submit(work, 1).exception()
    return type(error).__name__


def pool_after_dead_worker() -> str:
    with CTX.Pool(2) as pool:
        result = pool.map_async(work, range(5))
        try:
            result.get(timeout=3)
            return "map returned"
        except multiprocessing.TimeoutError:
            return "map_async(...).get(timeout=3) timed out: the task's loss is never reported"


def main() -> None:
    futures_timeout: type = concurrent.futures.TimeoutError
    alias = futures_timeout is TimeoutError
    mro = [f"{b.__module__}.{b.__name__}" for b in futures_timeout.__mro__]
    print(f"Python {sys.version.split()[0]}: concurrent.futures.TimeoutError is TimeoutError: "
          f"{alias} ({' -> '.join(mro)})")
    print(f"  task raises: {task_error()}")
    print(f"  one worker, task 2 of 0-4 calls os._exit(1): {dead_worker()}")
    print(f"  two workers, one dies: {other_worker()}")
    print(f"  exception with a two-argument __init__: {unpicklable_error()}")
    print(f"  initializer raises: the future gets {initializer_error()}")
    print(f"  multiprocessing.Pool(2), task 2 calls os._exit(1): {pool_after_dead_worker()}")


if __name__ == "__main__":
    main()
