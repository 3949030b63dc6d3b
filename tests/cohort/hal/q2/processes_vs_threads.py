"""Q2 — What are the differences between multiprocessing and multithreading?

Read katas/q2/README.md, then replace each ``raise NotImplementedError`` below.
Grade your work with ``pytest katas/q2``.
"""

from __future__ import annotations

import enum
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


def run_in_threads(func: Callable[[T], R], items: Iterable[T], workers: int) -> list[R]:
    """Apply ``func`` to every item on ``workers`` threads; results in input order.

    ``workers`` must be an int (not a bool) of at least 1 (TypeError / ValueError naming it).
    """
    raise NotImplementedError


def run_in_processes(func: Callable[[T], R], items: Iterable[T], workers: int) -> list[R]:
    """Apply ``func`` to every item in ``workers`` processes; results in input order.

    Same rules for ``workers``, checked before any process starts.
    """
    raise NotImplementedError


def better_choice(workload: Workload) -> Literal["thread", "process"]:
    """Which fits ``workload`` better in CPython (with the GIL): "thread" or "process"?"""
    raise NotImplementedError
