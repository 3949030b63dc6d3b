"""What ``Pool`` itself does with a bad ``processes`` argument.

Claim in katas/q4/README.md (Hint 2) and katas/q5/README.md (Hint 5): ``Pool``'s own
checks are not enough for the kata's rules. ``Pool(True)`` makes a pool of one worker
(``True`` is an ``int``), ``Pool(0)`` raises a ``ValueError`` that does not name
``processes``, ``Pool(2.5)`` and ``Pool("4")`` raise a ``TypeError`` that does not
name it either.

    python bench/facts/a20_pool_bad_processes.py

Measured 2026-12-08 (2-core Linux VM), the same five lines on 3.10.13, 3.11.7,
3.12.1, 3.13.0, 3.14.10 and 3.15.2:
    Pool(True): a pool of 1 worker(s)
    Pool(0): ValueError: Number of processes must be at least 1
    Pool(-1): ValueError: Number of processes must be at least 1
    Pool(2.5): TypeError: 'float' object cannot be interpreted as an integer
    Pool('4'): TypeError: '<' not supported between instances of 'str' and 'int'
"""

from __future__ import annotations

import multiprocessing
import sys


def attempt(processes: object) -> str:
    try:
        pool = multiprocessing.get_context("fork").Pool(processes)  # type: ignore[arg-type]
    except Exception as error:  # noqa: BLE001 - the error is what we report
        return f"{type(error).__name__}: {error}"
    try:
        return f"a pool of {len(pool._pool)} worker(s)"  # type: ignore[attr-defined]
    finally:
        pool.terminate()
        pool.join()


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    for value in (True, 0, -1, 2.5, "4"):
        print(f"  Pool({value!r}): {attempt(value)}")


if __name__ == "__main__":
    main()
