"""How many pool workers run their initializer when the pool is left through a
with-block, against ``close()`` + ``join()``.

Claim in katas/q5/README.md ("close() and join(), not a with-block") and
solutions/q5/ANSWER.md: ``Pool(4, initializer=...)`` used for a two-item ``map``;
leaving ``with Pool(...)`` calls ``terminate()`` as soon as ``map`` returns, which
kills workers still starting, so fewer than 4 initializers may run (most often under
spawn and forkserver); ``close()`` then ``join()`` waits for all 4. The initializer
appends one line to a file; 5 runs per start method and variant.

    python bench/facts/a37_with_block_greetings.py

Measured 2026-12-08 (2-core Linux VM, busy: load average 4.6-8.5), greetings of 4
(count: runs), 5 runs per start method and variant:
    3.10.13  fork {4: 5}; forkserver {1: 1, 4: 4}; spawn {1: 1, 2: 1, 3: 2, 4: 1}
    3.11.7   fork {4: 5}; forkserver {1: 2, 2: 1, 3: 1, 4: 1}; spawn {1: 3, 2: 1, 4: 1}
    3.12.1   fork {4: 5}; forkserver {1: 3, 2: 1, 4: 1}; spawn {1: 3, 2: 2}
    3.13.0   fork {4: 5}; forkserver {1: 2, 2: 2, 3: 1}; spawn {1: 2, 2: 3}
    3.14.10  fork {4: 5}; forkserver {1: 5}; spawn {1: 3, 2: 1, 3: 1}
    3.15.2   fork {4: 5}; forkserver {1: 2, 2: 1, 3: 1, 4: 1}; spawn {1: 1, 2: 2, 3: 2}
    (the with-block counts above); close()+join(): {4: 5} for every method and version.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

RUNS = 5


def greet(log: str) -> None:
    with open(log, "a") as file:
        file.write("Worker started\n")


def once(method: str, log: Path, with_block: bool) -> int:
    log.write_text("")
    ctx = multiprocessing.get_context(method)
    if with_block:
        with ctx.Pool(4, initializer=greet, initargs=(str(log),)) as pool:
            pool.map(abs, [1, 2])
        pool.join()
    else:
        pool = ctx.Pool(4, initializer=greet, initargs=(str(log),))
        pool.map(abs, [1, 2])
        pool.close()
        pool.join()
    return len(log.read_text().splitlines())


def main() -> None:
    print(f"Python {sys.version.split()[0]} (greetings of 4, {RUNS} runs each; count: runs)")
    with tempfile.TemporaryDirectory() as name:
        log = Path(name) / "greetings"
        for method in ("fork", "forkserver", "spawn"):
            blocks = Counter(once(method, log, True) for _ in range(RUNS))
            closes = Counter(once(method, log, False) for _ in range(RUNS))
            print(f"  {method:10} with-block {dict(sorted(blocks.items()))}; "
                  f"close()+join() {dict(sorted(closes.items()))}; load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
