"""FOUNDATIONS #19: Pool.map reports a failure only once every chunk is done.

On a ``Pool(2)``, the first of 8 tasks raises at once and the others sleep 0.4 s
each (chunksize 1). Prints when ``map`` raised, and when ``imap`` raised, which
hands results back in order as they come.

    python bench/facts/f19_pool_map_error.py
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable

NAP = 0.4
TASKS = 8


def task(i: int) -> int:
    if i == 0:
        raise ValueError("task 0 fails at once")
    time.sleep(NAP)
    return i


def raised_after(call: Callable[[multiprocessing.pool.Pool], object]) -> str:
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(abs, [1, 2])  # both workers are up before the clock starts
        started = time.monotonic()
        try:
            call(pool)
        except ValueError:
            return f"{time.monotonic() - started:.2f} s"
    return "never"


def main() -> None:
    mapped = raised_after(lambda pool: pool.map(task, range(TASKS), chunksize=1))
    iterated = raised_after(lambda pool: list(pool.imap(task, range(TASKS))))
    all_done = (TASKS - 1) * NAP / 2
    print(
        f"Pool(2), task 0 of {TASKS} raises at once, the others take {NAP} s "
        f"(all done after ~{all_done:.1f} s): map raised after {mapped}, imap after {iterated}"
    )


if __name__ == "__main__":
    main()
