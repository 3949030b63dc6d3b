"""FOUNDATIONS #16: ``v.value += 1`` on a synchronized Value loses updates.

4 processes each add 1 to a ``Value('i', 0)`` 10,000 times, with a bare
``v.value += 1`` (the Value's own lock is taken for the read and again for the
write) and inside ``with v.get_lock():``. Prints, per start method, how many of the
runs came up short and the smallest total seen.

    python bench/facts/f16_value_increment.py [runs]
"""

from __future__ import annotations

import multiprocessing
import sys
from typing import Any

PROCESSES, INCREMENTS = 4, 10_000


def bare(value: Any) -> None:
    for _ in range(INCREMENTS):
        value.value += 1


def locked(value: Any) -> None:
    for _ in range(INCREMENTS):
        with value.get_lock():
            value.value += 1


def total(method: str, target: Any) -> int:
    context: Any = multiprocessing.get_context(method)  # a str picks no typed overload
    value = context.Value("i", 0)
    children = [context.Process(target=target, args=(value,)) for _ in range(PROCESSES)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    result: int = value.value
    return result


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    expected = PROCESSES * INCREMENTS
    parts = []
    for method in ("fork", "forkserver", "spawn"):
        totals = [total(method, bare) for _ in range(runs)]
        short = sum(t < expected for t in totals)
        with_lock = total(method, locked)
        parts.append(
            f"{method} short in {short}/{runs} (lowest {min(totals)}), with get_lock() {with_lock}"
        )
    print(f"{PROCESSES} processes x {INCREMENTS} `v.value += 1`, expected {expected}: " + "; ".join(parts))


if __name__ == "__main__":
    main()
