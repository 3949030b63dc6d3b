"""When ``Pool.map`` and ``Pool.imap`` raise a worker's exception, and what is left alive.

Claims in katas/q4/README.md (Hint 4, imap) and solutions/q4/ANSWER.md ("Errors"):
on a ``Pool(3)`` with ``chunksize=1``, item 0 raises at once and items 1 and 2 sleep
2 s. ``map`` raises only when every chunk is back (after about 2 s), with the worker's
traceback as ``__cause__`` (a ``RemoteTraceback``); ``imap`` raises as soon as
iteration reaches item 0. After ``map`` raised, the pool's workers are all still
alive (idle), so the pool must still be ended. One run per start method.

    python bench/facts/a22_map_error_timing.py

Measured 2026-12-08 (2-core Linux VM, load average 3.7-4.8), one run per start
method on each of 3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10 and 3.15.2 (18 runs): map
raised after 2.00-2.12 s (cause RemoteTraceback), workers alive after it 3 of 3;
imap raised after 0.00-0.03 s. For example, 3.14.10:
    fork       map raised after 2.00 s (cause RemoteTraceback), workers alive after it 3 of 3; imap raised after 0.00 s
    forkserver map raised after 2.01 s (cause RemoteTraceback), workers alive after it 3 of 3; imap raised after 0.00 s
    spawn      map raised after 2.10 s (cause RemoteTraceback), workers alive after it 3 of 3; imap raised after 0.00 s
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import sys
import time

NAP = 2.0


def task(i: int) -> int:
    if i == 0:
        raise ValueError(f"bad item {i}")
    time.sleep(NAP)
    return i


def measure(method: str) -> str:
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(3) as pool:
        pool.map(abs, range(6), chunksize=1)  # every worker is up before the clock starts
        started = time.monotonic()
        try:
            pool.map(task, range(3), chunksize=1)
        except ValueError as error:
            mapped = time.monotonic() - started
            cause = type(error.__cause__).__name__
            workers: list[multiprocessing.process.BaseProcess] = pool._pool  # type: ignore[attr-defined]
            alive = sum(1 for w in workers if w.is_alive())
        started = time.monotonic()
        try:
            list(pool.imap(task, range(3)))
        except ValueError:
            iterated = time.monotonic() - started
    return (
        f"map raised after {mapped:.2f} s (cause {cause}), workers alive after it {alive} of 3; "
        f"imap raised after {iterated:.2f} s"
    )


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    for method in ("fork", "forkserver", "spawn"):
        print(f"  {method:10} {measure(method)}")


if __name__ == "__main__":
    main()
