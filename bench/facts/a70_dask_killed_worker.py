"""What dask.distributed does with a task whose worker dies: retries, then KilledWorker.

Claims in katas/q12/README.md ("What changes on a real cluster": workers fail) and
solutions/q12/ANSWER.md (failures, the nanny): when a worker dies while running a
task, the scheduler reruns the task on a worker (a restarted one or another), and
after the task has been running on ``distributed.scheduler.allowed-failures`` + 1
workers that died (3 by default, so 4 attempts) it gives up: the future raises
``KilledWorker``. (Also prints the size above which dask warns about a large graph.)
Each worker is a process started by a nanny, which restarts it, so
the cluster keeps working afterwards.

A ``LocalCluster`` of 2 single-threaded worker processes (``dashboard_address=":0"``,
closed at the end); the task records an attempt (its pid) in a file, then calls
``os._exit(1)``. Prints the config value, the exception, the attempts and their
distinct pids, the time it took, and whether the cluster still runs a task after.

    python bench/facts/a70_dask_killed_worker.py

Measured 2026-12-08 (2-core Linux VM, distributed 2026.11.0), the same on 3.10.13,
3.11.7, 3.12.1, 3.13.0, 3.14.10 and 3.15.2:
    allowed-failures 3, worker multiprocessing-method 'spawn',
      large-graph-warning-threshold '10MB'
    a task that kills its worker: distributed.scheduler.KilledWorker: Attempted to run
      task 'crash-<key>' on 4 different workers, but all those workers died while
      running it. ...
    attempts 4 on 4 different worker processes, in 1.0-3.2 s; then abs(-7) -> 7, and
      the nannies are back to 2 workers
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import importlib.metadata
import re

import dask
from distributed import Client, LocalCluster


def crash(path: str) -> int:
    with open(path, "a", encoding="utf-8") as attempts:
        attempts.write(f"{os.getpid()}\n")
    os._exit(1)


def main() -> None:
    allowed = dask.config.get("distributed.scheduler.allowed-failures")
    method = dask.config.get("distributed.worker.multiprocessing-method")
    large = dask.config.get("distributed.admin.large-graph-warning-threshold")
    print(f"Python {sys.version.split()[0]}, distributed {importlib.metadata.version('distributed')}: "
          f"allowed-failures {allowed}, worker multiprocessing-method {method!r}, "
          f"large-graph-warning-threshold {large!r}")
    with tempfile.TemporaryDirectory() as directory, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = str(Path(directory, "attempts"))
        with LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        ) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            began = time.monotonic()
            try:
                client.submit(crash, path, pure=False).result(timeout=120)
                outcome = "returned"
            except Exception as error:  # noqa: BLE001 - the type and message are the result
                message = re.sub(r"'crash-[0-9a-f-]+'", "'crash-<key>'", str(error))
                outcome = f"{type(error).__module__}.{type(error).__name__}: {message[:170]}"
            took = time.monotonic() - began
            pids = Path(path).read_text().split()
            after = client.submit(abs, -7, pure=False).result(timeout=60)
            client.wait_for_workers(2, timeout=60)
            workers = len(client.scheduler_info()["workers"])
        print(f"  a task that kills its worker: {outcome}")
        print(f"  attempts {len(pids)} on {len(set(pids))} different worker processes, in {took:.1f} s; "
              f"then abs(-7) -> {after}, and the nannies are back to {workers} workers")


if __name__ == "__main__":
    main()
