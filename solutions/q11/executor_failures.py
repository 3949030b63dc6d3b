"""Q11 — how ProcessPoolExecutor reports errors and crashed workers.

Three ways a task can go wrong, and what the caller sees:
- the task raises: its future holds the exception, pickled back from the worker; the
  worker and the executor carry on (``map_with_errors``);
- the caller stops waiting (it has its answer, or time is up): the executor cannot stop
  a task that is already running, so its workers are killed (``first_result``);
- a worker dies (``os._exit``, a signal, the OOM killer): the executor is broken for
  good, every unfinished future gets ``BrokenProcessPool``, and only a fresh executor
  can run them again (``map_surviving_crashes``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _check_func(func: object) -> None:
    if not callable(func):
        raise TypeError(f"func must be callable, got {type(func).__name__}")


def _check_count(value: object, name: str, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")


def _check_timeout(timeout: object) -> None:
    if timeout is None:
        return
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds or None, got {type(timeout).__name__}")
    if timeout < 0:
        raise ValueError(f"timeout must not be negative, got {timeout}")


def stop_now(executor: ProcessPoolExecutor) -> None:
    """Cancel the tasks that have not started, kill the ones that are running, and
    return once every worker has exited and been joined.

    ``shutdown(cancel_futures=True)`` only cancels tasks still waiting; it never stops a
    running one, and with ``wait=True`` it waits for them. There is no public way to
    reach the workers before Python 3.14 (``terminate_workers()``, which does not wait
    for them either), so this reads the executor's private ``_processes`` (a dict of
    ``multiprocessing.Process`` by pid, in 3.10 to 3.15). Killing a worker breaks the
    executor: its manager thread fails what is left with ``BrokenProcessPool``, reaps
    the workers and exits; ``shutdown(wait=True)`` waits for that thread.
    """
    workers = list((getattr(executor, "_processes", None) or {}).values())
    for worker in workers:
        worker.kill()  # SIGKILL: a task cannot ignore it, as it could SIGTERM
    executor.shutdown(wait=True, cancel_futures=True)
    for worker in workers:
        worker.join()  # already joined by the manager thread; a no-op kept for clarity


@contextmanager
def _executor(workers: int) -> Iterator[ProcessPoolExecutor]:
    """An executor that is shut down normally on success and stopped at once on any
    error (an exception from a task, a timeout, Ctrl-C): nothing outlives the call."""
    executor = ProcessPoolExecutor(max_workers=workers)
    try:
        yield executor
    except BaseException:
        stop_now(executor)
        raise
    executor.shutdown(wait=True)


def _outcome(future: Future[Any]) -> tuple[str, object]:
    try:
        return ("ok", future.result())
    except Exception as error:  # noqa: BLE001 - every task error becomes a row
        return ("error", f"{type(error).__name__}: {error}")


def map_with_errors(func: Callable[[T], R], items: Iterable[T], workers: int = 2) -> list[tuple[str, object]]:
    """``("ok", result)`` or ``("error", "Type: message")`` for each item, in input order."""
    _check_func(func)
    _check_count(workers, "workers", 1)
    work = list(items)
    if not work:
        return []
    with _executor(workers) as executor:
        futures = [executor.submit(func, item) for item in work]
        # Futures are read in submission order, whatever order they finish in.
        return [_outcome(future) for future in futures]


def first_result(
    func: Callable[[T], R], items: Iterable[T], workers: int = 2, timeout: float | None = None
) -> R:
    """The result of whichever task finishes first (or its exception); everything else
    is cancelled or killed before returning. Past ``timeout`` seconds: ``TimeoutError``."""
    _check_func(func)
    _check_count(workers, "workers", 1)
    _check_timeout(timeout)
    work = list(items)
    if not work:
        raise ValueError("items is empty: there is no first result")
    executor = ProcessPoolExecutor(max_workers=workers)
    try:
        futures = [executor.submit(func, item) for item in work]
        done, _ = wait(futures, timeout=timeout, return_when=FIRST_COMPLETED)
        if not done:
            # The built-in TimeoutError: on 3.10, concurrent.futures.TimeoutError is
            # another class, and wait() itself raises nothing.
            raise TimeoutError(f"no task finished within {timeout} s")
        # Two tasks finishing in the same instant are both "first"; take either.
        return next(iter(done)).result()
    finally:
        stop_now(executor)


def _run_once(
    func: Callable[[T], R], work: Sequence[T], pending: Sequence[int], workers: int, results: dict[int, R]
) -> list[int]:
    """Run ``pending`` (indexes into ``work``) on a fresh executor; store each result
    that arrives and return the indexes lost when a worker died."""
    lost: list[int] = []
    with _executor(workers) as executor:
        futures: dict[int, Future[R]] = {}
        for index in pending:
            try:
                futures[index] = executor.submit(func, work[index])
            except BrokenProcessPool:
                break  # a worker already died: the rest cannot be submitted here
        for index in pending:
            future = futures.get(index)
            if future is None:
                lost.append(index)
                continue
            try:
                results[index] = future.result()
            except BrokenProcessPool:
                lost.append(index)
            # Any other exception came from func itself: it is not a crash, so it is
            # not retried; it leaves through _executor, which stops the workers.
    return lost


def map_surviving_crashes(
    func: Callable[[T], R], items: Iterable[T], workers: int = 2, retries: int = 1
) -> list[R | None]:
    """Results in input order; items lost with a crashed worker are run again on a
    fresh executor, at most ``retries`` more times; an item that never got a result is
    None."""
    _check_func(func)
    _check_count(workers, "workers", 1)
    _check_count(retries, "retries", 0)
    work = list(items)
    results: dict[int, R] = {}  # by index: None is a valid result, so not a marker
    pending = list(range(len(work)))
    for _ in range(retries + 1):
        if not pending:
            break
        pending = _run_once(func, work, pending, workers, results)
    return [results.get(index) for index in range(len(work))]
