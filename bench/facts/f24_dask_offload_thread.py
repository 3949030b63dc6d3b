"""FOUNDATIONS #24: dask.distributed keeps a thread ("Dask-Offload") in the client's
process after every client and cluster is closed; replacing the module's executor
retires it, and dask starts a new one when it next needs it.

    python bench/facts/f24_dask_offload_thread.py
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor


def names() -> list[str]:
    return sorted(t.name for t in threading.enumerate() if t is not threading.main_thread())


def square(x: int) -> int:
    return x * x


def run_a_cluster() -> int:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster:  # type: ignore[no-untyped-call]
        with Client(cluster) as client:  # type: ignore[no-untyped-call]
            return int(client.submit(square, 7).result())


def main() -> None:
    import distributed.utils

    print(f"before any cluster: {names()}")
    run_a_cluster()
    print(f"after the cluster and client closed: {names()}")
    old = distributed.utils._offload_executor
    distributed.utils._offload_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="Dask-Offload")
    old.shutdown(wait=True)
    print(f"after the offload executor was replaced: {names()}")
    result = run_a_cluster()
    print(f"a second cluster still works ({result}); after it: {names()}")


if __name__ == "__main__":
    main()
