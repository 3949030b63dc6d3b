"""How much of its input each pool API reads before it hands back the first result.

Claims in katas/q4/README.md ("imap, imap_unordered and chunksize") and
solutions/q4/ANSWER.md ("imap, imap_unordered and chunksize"): ``imap`` hands results
back lazily, but ``Pool``'s task-handler thread reads the whole input ahead of the
workers, as fast as it can; ``map`` lists it first; ``ProcessPoolExecutor.map``
submits every item before it returns; only 3.14's ``Executor.map(..., buffersize=n)``
keeps the read-ahead bounded. Each API gets a counting generator of 20 000 items
(``time.sleep(0.01)`` per item, 2 workers); the count is read when the first result
arrives and 1 s later. With slow tasks ``imap``'s read-ahead is bounded only by the
pipe to the workers filling up (about a thousand tiny items); with fast tasks
("fast tasks": ``abs``) and a caller that does not iterate, the workers keep draining
the pipe and the whole input is read, its results piling up in the parent.

    python bench/facts/a24_input_read_ahead.py

Measured 2026-12-08 (2-core Linux VM, load average about 3), one run per version:
    every version (3.10.13 to 3.15.2):
      Pool.imap, Pool.imap_unordered: read 763-1209 at the first result, 1358-1359
        1 s later (blocked on the full pipe to the workers)
      Pool.imap, fast tasks: read 55-1529 at the first result, 14420-20000 1 s later
        (20000 on 3.14.10 and 3.15.2; still climbing elsewhere)
      Executor.map: read 20000 at the first result, 20000 1 s later
    3.10.13 to 3.13.0: Executor.map(buffersize=4): TypeError: ProcessPoolExecutor.map()
      got an unexpected keyword argument 'buffersize'
    3.14.10, 3.15.2: Executor.map(buffersize=4): read 5 at the first result, 5 1 s later
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

ITEMS = 20_000


class Counting:
    def __init__(self) -> None:
        self.taken = 0

    def items(self) -> Iterator[float]:
        for _ in range(ITEMS):
            self.taken += 1
            yield 0.01


def after_first(results: Callable[[Iterable[float]], Iterator[Any]]) -> str:
    counter = Counting()
    iterator = results(counter.items())
    next(iterator)
    at_first = counter.taken
    time.sleep(1.0)
    return f"read {at_first} at the first result, {counter.taken} 1 s later"


def main() -> None:
    ctx = multiprocessing.get_context("fork")
    print(f"Python {sys.version.split()[0]} ({ITEMS} items)")
    with ctx.Pool(2) as pool:
        print("  Pool.imap:                 " + after_first(lambda items: pool.imap(time.sleep, items)))
    with ctx.Pool(2) as pool:
        print("  Pool.imap, fast tasks:     " + after_first(lambda items: pool.imap(abs, items)))
    with ctx.Pool(2) as pool:
        print("  Pool.imap_unordered:       " + after_first(lambda items: pool.imap_unordered(time.sleep, items)))
    with ProcessPoolExecutor(2, mp_context=ctx) as executor:
        print("  Executor.map:              " + after_first(lambda items: executor.map(time.sleep, items)))
        for future in list(executor._pending_work_items.values()):
            future.future.cancel()  # do not sleep through 20 000 tasks at shutdown
    try:
        with ProcessPoolExecutor(2, mp_context=ctx) as executor:
            mapper: Any = executor.map  # buffersize= is new in 3.14
            line = after_first(lambda items: mapper(time.sleep, items, buffersize=4))
    except TypeError as error:
        line = f"{type(error).__name__}: {error}"
    print("  Executor.map(buffersize=4): " + line)


if __name__ == "__main__":
    main()
