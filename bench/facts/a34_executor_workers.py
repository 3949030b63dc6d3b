"""When ``ProcessPoolExecutor`` starts its workers, and what ``max_tasks_per_child``
does with each start method.

Claims in katas/q5/README.md ("Going further") and solutions/q5/ANSWER.md ("The modern
alternative"): under spawn and forkserver the executor starts workers on demand (a
two-item ``map`` on ``max_workers=4`` starts two), under fork all of them at once;
its with-block waits for the workers (every greeting printed); ``max_tasks_per_child``
(3.11+) is refused with a fork context, and without ``mp_context`` it picks a start
method that is not fork; a failing initializer gives ``BrokenProcessPool``.

    python bench/facts/a34_executor_workers.py

The failing initializer's worker prints its traceback ("Exception in initializer:")
on stderr; that is expected.

Measured 2026-12-08 (2-core Linux VM):
    every version (3.10.13 to 3.15.2):
      fork       max_workers=4, initializer greets: 2 items -> 4 greetings, 10 items -> 4
      forkserver max_workers=4, initializer greets: 2 items -> 2 greetings, 10 items -> 4
      spawn      max_workers=4, initializer greets: 2 items -> 2 greetings, 10 items -> 4
      initializer raises: BrokenProcessPool: A process in the process pool was
        terminated abruptly while the future ...
    3.10.13: max_tasks_per_child: TypeError: ProcessPoolExecutor.__init__() got an
      unexpected keyword argument 'max_tasks_per_child'
    3.11.7, 3.12.1, 3.13.0, 3.14.10, 3.15.2:
      max_tasks_per_child=1, fork context: ValueError: max_tasks_per_child is
        incompatible with the 'fork' multiprocessing start method; supply a different
        mp_context.
      max_tasks_per_child=1, no mp_context: accepted, start method spawn (also on
        3.14+, where the default is forkserver)
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

LOG = Path(tempfile.gettempdir()) / f"a34-greetings-{os.getpid()}"


def greet(log: str) -> None:
    with open(log, "a") as file:
        file.write(f"{os.getpid()}\n")


def fail() -> None:
    raise RuntimeError("initializer failed")


def greetings(method: str, items: int) -> int:
    LOG.write_text("")
    ctx = multiprocessing.get_context(method)
    with ProcessPoolExecutor(4, mp_context=ctx, initializer=greet, initargs=(str(LOG),)) as executor:
        list(executor.map(abs, range(items)))
    return len(LOG.read_text().split())


def max_tasks(mp_context: Any) -> str:
    kwargs: dict[str, Any] = {"max_tasks_per_child": 1}
    if mp_context is not None:
        kwargs["mp_context"] = mp_context
    try:
        executor = ProcessPoolExecutor(2, **kwargs)
    except (TypeError, ValueError) as error:
        return f"{type(error).__name__}: {error}"
    context: Any = executor._mp_context
    method = context.get_start_method()
    executor.shutdown()
    return f"accepted, start method {method}"


def broken_initializer() -> str:
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=ctx, initializer=fail) as executor:
        try:
            executor.submit(abs, 1).result(timeout=20)
        except Exception as error:  # noqa: BLE001 - the error is what we report
            return f"{type(error).__name__}: {str(error)[:70]}"
    return "returned"


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    for method in ("fork", "forkserver", "spawn"):
        print(f"  {method:10} max_workers=4, initializer greets: 2 items -> {greetings(method, 2)} greetings, "
              f"10 items -> {greetings(method, 10)}")
    LOG.unlink()
    print(f"  max_tasks_per_child=1, fork context: {max_tasks(multiprocessing.get_context('fork'))}")
    print(f"  max_tasks_per_child=1, no mp_context: {max_tasks(None)}")
    print(f"  initializer raises: {broken_initializer()}")


if __name__ == "__main__":
    main()
