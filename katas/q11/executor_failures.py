"""Q11 — How does ProcessPoolExecutor report errors and crashed workers?

Read katas/q11/README.md, then replace each ``raise NotImplementedError`` below.
Grade your work with ``pytest katas/q11``.

Use ``concurrent.futures.ProcessPoolExecutor(max_workers=workers)``; do not pass an
``mp_context`` (the grader sets the start method). Every function checks its arguments
before it starts any process: ``func`` that is not callable is a ``TypeError``;
``workers`` (and ``retries``) that is a bool or not an int is a ``TypeError``, and
``workers < 1`` (``retries < 0``) a ``ValueError``; each message names the argument.
Nothing may be left running when a function returns or raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def map_with_errors(func: Callable[[Any], Any], items: Iterable[Any], workers: int = 2) -> list[tuple[str, object]]:
    """Run ``func`` on every item in a process pool of ``workers`` workers.

    Return one row per item, in input order: ``("ok", result)`` when ``func`` returned,
    ``("error", f"{type(e).__name__}: {e}")`` when it raised ``e``. One failing item
    loses no other item's result. Empty input gives ``[]``.
    """
    raise NotImplementedError


def first_result(
    func: Callable[[Any], Any], items: Iterable[Any], workers: int = 2, timeout: float | None = None
) -> object:
    """Run ``func`` on the items and return the result of the task that finishes first.

    If that task raised, raise its exception. Before returning (or raising), cancel the
    tasks that have not started and stop the ones still running: no worker may be left
    running. If no task finishes within ``timeout`` seconds, raise the built-in
    ``TimeoutError``, again with nothing left running. Empty input: ``ValueError``
    naming ``items``.
    """
    raise NotImplementedError


def map_surviving_crashes(
    func: Callable[[Any], Any], items: Iterable[Any], workers: int = 2, retries: int = 1
) -> list[object]:
    """Run ``func`` on every item; survive workers that die.

    A worker that dies (``os._exit``, a signal) breaks the executor: every unfinished
    future fails with ``BrokenProcessPool``. Keep the results that arrived, start a
    fresh executor and run again only the items without a result, at most ``retries``
    more times. Return the results in input order, ``None`` for an item that never got
    one. An exception raised by ``func`` is not a crash: let it reach the caller, and do
    not retry it.
    """
    raise NotImplementedError
