"""FOUNDATIONS #11: leaving ``with Pool(...)`` kills workers that are still starting.

``Pool(4, initializer=greet)`` maps over two items, then ends either by leaving a
``with`` block (terminate()) or by close() and join(). Each worker's initializer
appends one line to a file; prints how many of the 4 workers got to run it, per
start method, over several runs.

    python bench/facts/f11_with_pool_initializer.py [runs]
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from pathlib import Path


def greet(path: str) -> None:
    with open(path, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\n")


def identity(x: int) -> int:
    return x


def greetings(method: str, ending: str, folder: Path, run: int) -> int:
    log = folder / f"{method}-{ending}-{run}.log"
    log.touch()
    context = multiprocessing.get_context(method)
    if ending == "with":
        with context.Pool(4, initializer=greet, initargs=(str(log),)) as pool:
            pool.map(identity, [1, 2])
    else:
        pool = context.Pool(4, initializer=greet, initargs=(str(log),))
        pool.map(identity, [1, 2])
        pool.close()
        pool.join()
    return len(log.read_text().splitlines())


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    parts = []
    with tempfile.TemporaryDirectory() as folder:
        for ending in ("with", "close"):
            for method in ("fork", "forkserver", "spawn"):
                counts = [greetings(method, ending, Path(folder), run) for run in range(runs)]
                parts.append(f"{method} {' '.join(map(str, counts))}")
            label = "with-block (terminate)" if ending == "with" else "close()+join()"
            print(f"{label}, initializers run of 4 in {runs} runs: " + "; ".join(parts))
            parts = []


if __name__ == "__main__":
    main()
