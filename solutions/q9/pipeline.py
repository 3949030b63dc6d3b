"""Q9 — processes that talk: a task queue and a result queue, and a pipe.

``map_with_queues`` is the hand-made version of ``Pool.map``: workers take
``(index, item)`` tasks from one queue until they get a sentinel, and put
``(index, ok, value)`` on another. The parent reads every result *before* it joins
the workers: a ``Queue.put`` hands the data to a feeder thread, and a worker does not
exit until that thread has pushed everything into the pipe, which blocks while the
pipe is full and nobody reads it (the join-before-drain deadlock).

``ping_pong`` passes messages both ways over one duplex ``Pipe``.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Put on the task queue once per worker after the items: "no more work, return".
STOP = None


def _check_count(name: str, value: object, least: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < least:
        raise ValueError(f"{name} must be at least {least}, got {value}")


def _sendable(error: Exception) -> Exception:
    """``error`` itself if it survives pickling, else a RuntimeError that describes it
    (an exception whose __init__ takes unusual arguments may not unpickle)."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 - any failure means: describe it instead
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _worker(func: Callable[[Any], Any], tasks: Any, results: Any) -> None:
    """One worker: take tasks until the sentinel; report each result or error."""
    while True:
        task = tasks.get()
        if task is STOP:
            return  # the worker ends on its own, exit code 0
        index, item = task
        try:
            value = func(item)
        except Exception as error:  # noqa: BLE001 - sent back to the parent
            results.put((index, False, _sendable(error)))
        else:
            results.put((index, True, value))


def _collect(results: Any, procs: list[multiprocessing.Process], count: int) -> dict[int, tuple[bool, Any]]:
    """Read ``count`` results, in whatever order they come. Raise if every worker
    has exited and a result is still missing (a worker that crashed), instead of
    waiting forever."""
    got: dict[int, tuple[bool, Any]] = {}
    while len(got) < count:
        everyone_gone = not any(p.is_alive() for p in procs)
        try:
            index, ok, value = results.get(timeout=0.1)
        except queue.Empty:
            if everyone_gone:
                codes = [p.exitcode for p in procs]
                raise RuntimeError(
                    f"the workers exited (exit codes {codes}) with {count - len(got)} result(s) missing"
                ) from None
            continue
        got[index] = (ok, value)
    return got


def map_with_queues(func: Callable[[T], R], items: Iterable[T], workers: int = 2) -> list[R]:
    if not callable(func):
        raise TypeError(f"func must be callable, got {type(func).__name__}")
    _check_count("workers", workers, 1)
    todo = list(items)
    tasks: Any = multiprocessing.Queue()
    results: Any = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_worker, args=(func, tasks, results)) for _ in range(workers)]
    try:
        for proc in procs:
            proc.start()
        for index, item in enumerate(todo):
            tasks.put((index, item))
        for _ in procs:
            tasks.put(STOP)  # one sentinel per worker
        got = _collect(results, procs, len(todo))  # drain first ...
        for proc in procs:
            proc.join()  # ... then join: every worker has sent everything by now
    except BaseException:
        for proc in procs:
            if proc.pid is not None:
                proc.terminate()
        for proc in procs:
            if proc.pid is not None:
                proc.join()
        tasks.cancel_join_thread()  # unread tasks must not keep this process from exiting
        raise
    finally:
        tasks.close()
        results.close()
    # The feeder threads end once they have written what they hold: a fork made after
    # this call (say, the next call's workers) then finds no thread of this one alive.
    tasks.join_thread()
    results.join_thread()
    failures = [got[i][1] for i in range(len(todo)) if not got[i][0]]
    if failures:
        raise failures[0]  # the first failing item, in input order
    return [got[i][1] for i in range(len(todo))]


def _ponger(conn: Connection) -> None:
    """The child: answer each ping until the parent's stop message."""
    pid = os.getpid()
    with conn:
        while True:
            message = conn.recv()
            if message is STOP:
                return
            _, number = message.split()
            conn.send(f"pong {number} from {pid}")


def ping_pong(rounds: int) -> list[str]:
    _check_count("rounds", rounds, 0)
    parent_end, child_end = multiprocessing.Pipe()  # duplex: both ends send and receive
    child = multiprocessing.Process(target=_ponger, args=(child_end,))
    log: list[str] = []
    try:
        child.start()
        child_end.close()  # the child has its own copy now
        for i in range(rounds):
            ping = f"ping {i}"
            parent_end.send(ping)
            log.append(ping)
            log.append(parent_end.recv())  # wait for the pong before the next ping
        # A stop message, not end-of-file: under fork the child inherits a copy of
        # parent_end too, so closing ours would never look like EOF to it.
        parent_end.send(STOP)
        child.join()
    except BaseException:
        if child.pid is not None:
            child.terminate()
            child.join()
        raise
    finally:
        child_end.close()
        parent_end.close()
    return log
