"""How long a two-worker pool takes to start, per start method, for a script that imports
numpy and Pillow at top level.

Claim in solutions/q7/ANSWER.md ("Small images, few images": starting a pool costs
little under fork, more under spawn, where each worker is a new interpreter that
imports the script and with it Pillow and numpy; under forkserver the first pool also
starts the server, and who imports the script depends on the version, see
a42_forkserver_workers.py).

A fresh interpreter runs this file with ``--time METHOD``: it builds a ``Pool(2)`` and
maps a task that sleeps 0.1 s over two items (chunksize 1, so both workers must be
up), twice in a row; the figure is each pool's wall time minus the 0.1 s of sleep.
Three fresh interpreters per method.

    python bench/facts/a43_pool_startup.py

Measured 2026-12-08 (2-core Linux VM, shared, load about 2-3), first pool / second
pool in the same process, range over three runs, in seconds:
    3.10.13  fork 0.02-0.03 / 0.02-0.02  forkserver 0.32-0.49 / 0.26-0.29  spawn 0.39-0.60 / 0.34-0.44
    3.11.7   fork 0.02-0.04 / 0.01-0.02  forkserver 0.39-0.57 / 0.31-0.39  spawn 0.56-0.73 / 0.40-0.57
    3.12.1   fork 0.04-0.10 / 0.03-0.04  forkserver 0.58-0.63 / 0.34-0.60  spawn 0.49-0.65 / 0.38-0.43
    3.13.0   fork 0.03-0.04 / 0.01-0.02  forkserver 0.47-0.55 / 0.30-0.36  spawn 0.48-0.58 / 0.41-0.43
    3.14.10  fork 0.05-0.10 / 0.01-0.03  forkserver 0.34-0.42 / 0.05-0.14  spawn 0.46-0.54 / 0.35-0.42
    3.15.2   fork 0.04-0.06 / 0.02-0.03  forkserver 0.35-0.48 / 0.04-0.08  spawn 0.53-0.66 / 0.36-0.72
(On 3.14 and 3.15 the server imports the script, and numpy and Pillow with it, once;
its forks start with them loaded. Up to 3.13.0 each forkserver worker imports them.)
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
from typing import Any

import numpy  # noqa: F401  (imported at top level, as an image script does)
import PIL.Image  # noqa: F401

NAP = 0.1


def nap(_: int) -> None:
    time.sleep(NAP)


def time_pools(method: str) -> str:
    ctx: Any = multiprocessing.get_context(method)
    figures = []
    for _ in range(2):
        started = time.perf_counter()
        with ctx.Pool(2) as pool:
            pool.map(nap, range(2), chunksize=1)
        figures.append(time.perf_counter() - started - NAP)
    return " ".join(f"{f:.3f}" for f in figures)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--time":
        print(time_pools(sys.argv[2]))
        return
    print(f"Python {sys.version.split()[0]}: Pool(2) start-up, first pool / second pool, s")
    for method in ("fork", "forkserver", "spawn"):
        runs = []
        for _ in range(3):
            done = subprocess.run(
                [sys.executable, __file__, "--time", method], capture_output=True, text=True, timeout=60
            )
            runs.append([float(x) for x in done.stdout.split()])
        first = sorted(r[0] for r in runs)
        second = sorted(r[1] for r in runs)
        print(
            f"{method:10} first {first[0]:.2f}-{first[-1]:.2f}   second {second[0]:.2f}-{second[-1]:.2f}"
        )


if __name__ == "__main__":
    main()
