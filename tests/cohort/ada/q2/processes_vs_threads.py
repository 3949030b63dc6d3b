"""Q2 — threads share one process (its memory and, in CPython, its GIL); processes
each have their own, so they run Python code in parallel but share nothing by default.
"""

from __future__ import annotations

import concurrent.futures
import enum
import multiprocessing
from collections.abc import Callable, Iterable
from typing import Literal, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Workload(enum.Enum):
    """Given: kinds of work to choose threads or processes for."""

    CPU_BOUND_PURE_PYTHON = "pure-Python number crunching"
    WAITING_ON_NETWORK = "many requests that mostly wait for replies"
    SHARED_IN_MEMORY_STATE = "workers that read and update one big in-memory structure"
    MUST_BE_KILLABLE = "a task you must be able to stop from outside at any moment"
    RESPONSIVE_GUI = "keeping a GUI responsive while work happens in the background"
    CRASH_ISOLATION = "work that may crash the interpreter (a buggy C extension)"
    MANY_SHORT_TASKS = "thousands of tiny tasks, each a few microseconds"


_ANSWERS: dict[Workload, Literal["thread", "process"]] = {
    # One GIL per process: only processes run pure-Python code on several cores.
    Workload.CPU_BOUND_PURE_PYTHON: "process",
    # Waiting releases the GIL; threads are cheap and need no pickling.
    Workload.WAITING_ON_NETWORK: "thread",
    # Threads see the same objects; processes would need copies or shared memory.
    Workload.SHARED_IN_MEMORY_STATE: "thread",
    # Python has no API to kill a thread; a process can be terminated.
    Workload.MUST_BE_KILLABLE: "process",
    # GUI toolkits want their objects used from one process; a worker thread keeps the
    # event loop free without moving state across processes.
    Workload.RESPONSIVE_GUI: "thread",
    # A crash (segfault) takes down only the process it happens in.
    Workload.CRASH_ISOLATION: "process",
    # Per-task pickling and IPC would cost more than the work itself.
    Workload.MANY_SHORT_TASKS: "thread",
}


def _check_workers(workers: int) -> None:
    if isinstance(workers, bool) or not isinstance(workers, int):
        raise TypeError(f"workers must be an int, got {type(workers).__name__}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")


def run_in_threads(func: Callable[[T], R], items: Iterable[T], workers: int) -> list[R]:
    _check_workers(workers)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(func, items))


def run_in_processes(func: Callable[[T], R], items: Iterable[T], workers: int) -> list[R]:
    _check_workers(workers)
    work = list(items)
    pool = multiprocessing.Pool(workers)
    try:
        results = pool.map(func, work)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return results


def better_choice(workload: Workload) -> Literal["thread", "process"]:
    return _ANSWERS[workload]
