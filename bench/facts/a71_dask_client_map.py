"""Client.map and Client.scatter: keys, purity, order, errors, and what a task costs.

Claims in katas/q12/README.md ("What it cannot check", "Pool.map and Client.map",
"Going further") and solutions/q12/ANSWER.md ("From Pool.map to Client.map",
"Futures"):

- ``client.map`` returns futures at once; ``pure=True`` is the default, and equal
  calls get one key, so ``client.map(f, [5, 5, 5])`` runs ``f`` once; ``pure=False``
  runs it three times;
- ``client.gather`` returns results in the order of the futures, and re-raises a
  task's exception with its own type and message;
- ``client.scatter(list)`` gives one future per item; ``hash=True`` (the default)
  names data by its content, so scattering equal data twice gives the same keys;
  ``hash=False`` gives fresh keys;
- ``client.submit(sum, futures)`` replaces futures inside a list by their values;
- the scheduling cost of a trivial task (2,000 ``abs`` calls, ``pure=False``);
- functions defined in ``__main__`` (this script) run on the workers: cloudpickle
  sends them by value;
- joblib's dask backend runs ``Parallel`` on the cluster's workers.

A ``LocalCluster`` of 2 single-threaded worker processes (``dashboard_address=":0"``,
closed at the end).

    python bench/facts/a71_dask_client_map.py

Measured 2026-12-08 (2-core Linux VM, distributed 2026.11.0, joblib 1.6.0, load
average 5.0 to 6.5), the same on all six except the timings:
    client.map(f, [5, 5, 5]) pure=True: 1 distinct key(s), func ran 1 time(s), results
      [25, 25, 25] (map returned in 1-4 ms, futures: Future); pure=False: 3 distinct
      key(s), func ran 3 time(s)
    gather order: squares of [3, 1, 4, 1, 5, 9] -> [9, 1, 16, 1, 25, 81]; pids of 8
      calls all workers: True; a task's KeyError: gather raised KeyError: 'item 3'
    scatter of a 3-item list: 3 futures; scattered again, same keys [True, True, True];
      hash=False, same keys [False, False, False]; submit(sum, map(sum, futures)) -> 21
    2,000 abs() tasks: 3.10.13 3.83, 3.11.7 3.13-3.15, 3.12.1 3.09, 3.13.0 2.99,
      3.14.10 2.03, 3.15.2 2.86 ms each
    joblib Parallel under parallel_config(backend='dask'): all 8 calls on the
      cluster's workers: True, not here: True
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import joblib  # type: ignore[import-untyped]
from distributed import Client, LocalCluster


def record(path: str, x: int) -> int:
    with open(path, "a", encoding="utf-8") as calls:
        calls.write(f"{x}\n")
    return x * x


def fails(x: int) -> int:
    if x == 3:
        raise KeyError(f"item {x}")
    return x


def pid(_: int) -> int:
    return os.getpid()


def main() -> None:
    print(f"Python {sys.version.split()[0]}, distributed {importlib.metadata.version('distributed')}, "
          f"joblib {joblib.__version__}")
    with tempfile.TemporaryDirectory() as directory, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        ) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            workers = set(client.run(os.getpid).values())
            parts = []
            for pure in (True, False):
                path = str(Path(directory, f"pure-{pure}"))
                began = time.monotonic()
                futures = client.map(record, [path] * 3, [5, 5, 5], pure=pure)
                returned = time.monotonic() - began
                results = client.gather(futures)
                calls = len(Path(path).read_text().split())
                keys = len({f.key for f in futures})
                timing = f" (map returned in {returned * 1000:.0f} ms, futures: {type(futures[0]).__name__})"
                parts.append(f"pure={pure}: {keys} distinct key(s), func ran {calls} time(s), "
                             f"results {results}" + (timing if pure else ""))
            print("  client.map(f, [5, 5, 5]) " + "; ".join(parts))

            ordered = client.gather(client.map(pid, range(8), pure=False))
            squares = client.gather(client.map(record, [str(Path(directory, "o"))] * 6, [3, 1, 4, 1, 5, 9], pure=False))
            try:
                client.gather(client.map(fails, range(6)))
                raised = "nothing"
            except Exception as error:  # noqa: BLE001
                raised = f"{type(error).__name__}: {error}"
            print(f"  gather order: squares of [3, 1, 4, 1, 5, 9] -> {squares}; pids of 8 calls all workers: "
                  f"{set(ordered) <= workers}; a task's KeyError: gather raised {raised}")

            first = client.scatter([[1, 2], [3, 4], [5, 6]])
            again = client.scatter([[1, 2], [3, 4], [5, 6]])
            fresh = client.scatter([[1, 2], [3, 4], [5, 6]], hash=False)
            same = [a.key == b.key for a, b in zip(first, again)]
            differ = [a.key == b.key for a, b in zip(first, fresh)]
            total = client.submit(sum, client.map(sum, fresh)).result()
            print(f"  scatter of a 3-item list: {len(first)} futures; scattered again, same keys {same}; "
                  f"hash=False, same keys {differ}; submit(sum, map(sum, futures)) -> {total}")

            began = time.monotonic()
            client.gather(client.map(abs, range(-2000, 0), pure=False))
            per_task = (time.monotonic() - began) / 2000
            print(f"  2,000 abs() tasks: {per_task * 1000:.2f} ms each (wall, load average "
                  f"{os.getloadavg()[0]:.1f})")

            with joblib.parallel_config(backend="dask"):
                pids = joblib.Parallel(n_jobs=-1)(joblib.delayed(pid)(i) for i in range(8))
            print(f"  joblib Parallel under parallel_config(backend='dask'): all 8 calls on the "
                  f"cluster's workers: {set(pids) <= workers}, not here: {os.getpid() not in pids}")


if __name__ == "__main__":
    main()
