"""How a LocalCluster's worker processes are started, which threads dask leaves in the
client's process, and whether anything forks (and so warns on 3.12+).

Claims in katas/q12/README.md ("What the grader checks", the lesson on threads and
fork, the per-test cost) and solutions/q12/ANSWER.md ("How this differs from a pool"):

- each worker process is started by its nanny with the ``spawn`` method
  (``distributed.worker.multiprocessing-method``): its command line is Python's
  ``spawn_main``, and the parent does not fork, so starting and closing a cluster
  raises no "multi-threaded ... fork()" warning although the client's process has
  several threads by then;
- the threads in the client's process while the cluster runs, and after the client
  and cluster are closed;
- a ``fork`` child started afterwards in the same process: does it warn?
- no port is left listening after the with-blocks; the time a 2-worker cluster takes
  to start and to close;
- a cluster whose dashboard port is taken warns and serves on another port (shown on
  a port this script holds, with an in-process cluster); what the dashboard page says
  without bokeh.

    python bench/facts/a72_dask_cluster_process.py

Measured 2026-12-08 (2-core Linux VM, distributed 2026.11.0, load average 5.2 to 5.5):
    all six: workers started by spawn (spawn_main on their command line): [True, True];
      while it ran: 9-10 OS threads here, Python threads: 2 x 'AsyncProcess Dask Worker
      process (from Nanny) watch message queue', 2 x '... watch process join', 'IO loop',
      'Profile' (not on 3.11.7), 2 x 'QueueFeederThread'; fork warnings while starting,
      using and closing it: 0; new listening ports left after the with-blocks: []; after
      closing: 3 OS threads here, Python threads ['Dask-Offload_0']
    started in 0.4-2.2 s, closed in 0.1-0.8 s
    then a fork child from this process: 3.10.13 and 3.11.7 warned 0 time(s); 3.12.1,
      3.13.0, 3.14.10, 3.15.2 warned 1 time(s) ('This process (pid=...) is
      multi-threaded, use of fork() ma...')
    all six: dashboard_address=':<port>' while that port is taken: warned ['Port <port>
      is already in use. Perhaps you already have a cluster running? Hosting the HTTP
      server on port <another> instead']; serves at http://<host>:<another>/status,
      whose page says: 'Dask needs bokeh>=3.1.0 for the dashboard.' (bokeh is not
      installed here)
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import socket
import sys
import threading
import time
import urllib.request
import warnings

import psutil
from distributed import Client, LocalCluster


def cmdline() -> str:
    with open("/proc/self/cmdline", "rb") as handle:
        return handle.read().replace(b"\0", b" ").decode()


def started_by_spawn() -> bool:
    return "spawn_main" in cmdline()


def nothing() -> None:
    pass


def listening() -> set[int]:
    return {
        c.laddr.port
        for c in psutil.Process().net_connections(kind="tcp")
        if c.status == psutil.CONN_LISTEN and c.laddr
    }


def os_threads() -> int:
    return len(os.listdir("/proc/self/task"))


def thread_names() -> list[str]:
    return sorted(t.name for t in threading.enumerate() if t is not threading.main_thread())


def main() -> None:
    print(f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    ports = listening()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        began = time.monotonic()
        with LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        ) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            started = time.monotonic() - began
            spawned = client.run(started_by_spawn)
            during = (os_threads(), thread_names())
            client.submit(abs, -1).result()
            closing = time.monotonic()
        closed = time.monotonic() - closing
    forks = [w for w in caught if "multi-threaded" in str(w.message)]
    print(f"  2-worker LocalCluster: started in {started:.1f} s, closed in {closed:.1f} s; workers started "
          f"by spawn (spawn_main on their command line): {sorted(spawned.values())}")
    print(f"  while it ran: {during[0]} OS threads here, Python threads {during[1]}")
    print(f"  fork warnings while starting, using and closing it: {len(forks)}; new listening ports "
          f"left after the with-blocks: {sorted(listening() - ports)}")
    time.sleep(0.5)
    print(f"  after closing: {os_threads()} OS threads here, Python threads {thread_names()}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        context = multiprocessing.get_context("fork")
        child = context.Process(target=nothing)
        child.start()
        child.join()
    warned = [str(w.message)[:60] for w in caught if "multi-threaded" in str(w.message)]
    print(f"  then a fork child from this process: warned {len(warned)} time(s) {warned}")


def dashboard_port_taken() -> str:
    """A cluster asking for a dashboard port that this script holds (never 8787 itself,
    which someone else's cluster may want): what it warns and where it serves."""
    with socket.socket() as holder:
        holder.bind(("", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=1, processes=False, threads_per_worker=1,
                dashboard_address=f":{taken}", silence_logs=logging.CRITICAL,
            ) as cluster:
                link = cluster.dashboard_link
                port = link.rsplit(":", 1)[1].split("/")[0]
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=10) as page:
                    status = re.sub(r"<[^>]+>", " ", page.read().decode()).split("Install")[0].strip()
    said = [" ".join(str(w.message).split()) for w in caught if "in use" in str(w.message)]
    return (f"  dashboard_address=':{taken}' while that port is taken: warned {said}; serves at "
            f"{link}, whose page says: {' '.join(status.split())!r}")


if __name__ == "__main__":
    main()
    print(dashboard_port_taken())
