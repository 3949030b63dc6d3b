"""How far ``Pool.imap``, ``imap_unordered`` and ``ProcessPoolExecutor.map`` read their
input ahead of the results you have consumed.

Claims in katas/q7/README.md and solutions/q7/ANSWER.md: ``imap`` gives results as they
come, but it does not read its input lazily: the pool's task-handler thread takes items
from the iterable as fast as it can, so a generator of paths is read to the end almost
at once (results not yet consumed wait in the parent). ``ProcessPoolExecutor.map``
submits every item before it returns. Only ``Executor.map(..., buffersize=n)``
(new in 3.14) keeps the input ``n`` items ahead.

Two workers, 200 items, each task sleeps 10 ms: the line says how many items the input
generator had yielded when the first result arrived.

    python bench/facts/a52_imap_read_ahead.py

Measured 2026-12-08 (2-core Linux VM, fork):
    every version (3.10.13 to 3.15.2): Pool.imap 200, Pool.imap_unordered 200,
      ProcessPoolExecutor.map 200 (of 200)
    ProcessPoolExecutor.map(buffersize=4): 5 on 3.14.10 and 3.15.2; on 3.10.13 to
      3.13.0 "TypeError: ProcessPoolExecutor.map() got an unexpected keyword argument
      'buffersize'"
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

ITEMS = 200


def slow(x: int) -> int:
    time.sleep(0.01)
    return x


class Counted:
    def __init__(self) -> None:
        self.taken = 0

    def items(self) -> Iterator[int]:
        for i in range(ITEMS):
            self.taken += 1
            yield i


def read_when_first_result(start: Callable[[Iterable[int]], Iterator[int]]) -> int:
    counted = Counted()
    results = start(counted.items())
    next(results)
    taken = counted.taken
    for _ in results:
        pass
    return taken


def main() -> None:
    print(f"Python {sys.version.split()[0]}: items read from a {ITEMS}-item generator when the first result came")
    ctx: Any = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        pool.map(abs, [1, 2])  # workers up
        print(f"  Pool.imap (chunksize=1):           {read_when_first_result(lambda it: pool.imap(slow, it))}")
        print(f"  Pool.imap_unordered (chunksize=1): {read_when_first_result(lambda it: pool.imap_unordered(slow, it))}")
    with ProcessPoolExecutor(2, mp_context=ctx) as executor:
        list(executor.map(abs, [1, 2]))
        print(f"  ProcessPoolExecutor.map:           {read_when_first_result(lambda it: executor.map(slow, it))}")
        if sys.version_info >= (3, 14):
            taken = read_when_first_result(lambda it: executor.map(slow, it, buffersize=4))  # type: ignore[call-arg,unused-ignore]
            print(f"  ProcessPoolExecutor.map(buffersize=4): {taken}")
        else:
            try:
                executor.map(slow, [1], buffersize=4)  # type: ignore[call-arg,unused-ignore]
            except TypeError as error:
                print(f"  ProcessPoolExecutor.map(buffersize=4): TypeError: {error}")


if __name__ == "__main__":
    main()
