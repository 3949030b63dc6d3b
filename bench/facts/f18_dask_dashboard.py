"""FOUNDATIONS #18: a LocalCluster asks for dashboard port 8787 unless told otherwise.

Prints ``LocalCluster``'s default ``dashboard_address``, then starts small clusters
(in-process workers, so only this process listens) and lists the TCP ports this
process listens on: with ``dashboard_address=":0"``, and, only if 8787 is free right
now, with the default (closed again at once, so that nobody else's cluster meets it).
Also says whether bokeh is installed (the port is bound either way), and what a
cluster does when its dashboard port is taken, on a port this script holds itself.

    python bench/facts/f18_dask_dashboard.py
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import inspect
import logging
import socket
import warnings

import psutil
from distributed import LocalCluster


def listening_ports() -> set[int]:
    return {
        c.laddr.port
        for c in psutil.Process().net_connections(kind="tcp")
        if c.status == psutil.CONN_LISTEN and c.laddr
    }


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("", port))
        except OSError:
            return False
    return True


def cluster_ports(**kwargs: str) -> str:
    before = listening_ports()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with LocalCluster(n_workers=1, processes=False, threads_per_worker=1, **kwargs) as cluster:  # type: ignore[no-untyped-call]
            opened = sorted(listening_ports() - before)
            link = cluster.dashboard_link if "dashboard" in cluster.scheduler.services else "none"
    return f"listens on {opened}, dashboard {link}"


def main() -> None:
    logging.getLogger("distributed").setLevel(logging.ERROR)
    default = inspect.signature(LocalCluster.__init__).parameters["dashboard_address"].default
    bokeh = importlib.util.find_spec("bokeh") is not None
    parts = [f"distributed {importlib.metadata.version('distributed')}, bokeh {'installed' if bokeh else 'NOT installed'}"]
    parts.append(f"default dashboard_address {default!r}")
    parts.append(f'dashboard_address=":0": {cluster_ports(dashboard_address=":0")}')
    if port_is_free(8787):
        parts.append(f"default: {cluster_ports()}")
    else:
        parts.append("default: not started (8787 is in use here right now)")
    print("; ".join(parts))
    # What a cluster does when its dashboard port is taken, shown on a port this
    # script holds itself (not on 8787, which someone else's cluster may want).
    with socket.socket() as holder:
        holder.bind(("", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        print(f"dashboard_address=':{taken}' while this script holds {taken}: "
              f"{cluster_ports(dashboard_address=f':{taken}')}")
    with contextlib.suppress(Exception):
        logging.shutdown()


if __name__ == "__main__":
    main()
