"""What happens to scattered data when the only worker holding it dies.

Claim in katas/q12/README.md ("What changes on a real cluster": workers fail) and
solutions/q12/ANSWER.md ("Futures"): the scheduler can recompute a lost *result*
from its inputs, but scattered data has no inputs: when its only copy is lost, the
future is cancelled and a task that needs it fails ("lost dependencies").
``scatter(..., broadcast=True)`` keeps a copy on every worker, and the data survives.

A ``LocalCluster`` of 2 single-threaded worker processes (``dashboard_address=":0"``,
closed at the end). A list is scattered to the first worker only; that worker's
process is killed (SIGKILL); then a task sums the scattered list. The same with
``broadcast=True``.

    python bench/facts/a74_dask_lost_scatter.py

Measured 2026-12-08 (2-core Linux VM, distributed 2026.11.0), the same on 3.10.13,
3.11.7, 3.12.1, 3.13.0, 3.14.10 and 3.15.2:
    scatter to one worker: held by 1 worker(s), one killed: future cancelled; the task
      raised FutureCancelledError: lost dependencies.
    scatter with broadcast=True: held by 2 worker(s), one killed: future finished;
      sum() -> 6
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
import warnings

from distributed import Client, LocalCluster


def case(client: Client, broadcast: bool) -> str:
    addresses = list(client.scheduler_info()["workers"])
    if broadcast:
        [future] = client.scatter([[1, 2, 3]], broadcast=True, hash=False)  # type: ignore[no-untyped-call]
    else:
        [future] = client.scatter([[1, 2, 3]], workers=[addresses[0]], hash=False)  # type: ignore[no-untyped-call]
    holders = len(client.who_has([future])[future.key])  # type: ignore[no-untyped-call]
    pid = client.run(os.getpid, workers=[addresses[0]])[addresses[0]]
    os.kill(pid, signal.SIGKILL)
    time.sleep(3)
    try:
        said = f"sum() -> {client.submit(sum, future, pure=False).result(timeout=30)}"
    except Exception as error:  # noqa: BLE001 - the type and message are the result
        said = f"the task raised {type(error).__name__}: {str(error).split(': ', 1)[-1]}"
    return f"held by {holders} worker(s), one killed: future {future.status}; {said}"


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        ) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            print(f"  scatter to one worker: {case(client, broadcast=False)}")
            client.wait_for_workers(2, timeout=60)
            print(f"  scatter with broadcast=True: {case(client, broadcast=True)}")


if __name__ == "__main__":
    main()
