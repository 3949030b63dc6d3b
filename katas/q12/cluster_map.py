"""Q12 — Your pool.map no longer fits on one machine: scale out with dask.distributed.

Read katas/q12/README.md, then replace each ``raise NotImplementedError`` below.
Grade your work with ``pytest katas/q12``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from distributed import Client

T = TypeVar("T")


def cluster_map(
    func: Callable[[Any], T],
    items: Iterable[Any],
    client: Client | None = None,
    workers: int = 2,
) -> list[T]:
    """``[func(item) for item in items]``, each call run by a worker of a dask cluster.

    With a ``client``, map on its cluster and leave it open (it is the caller's).
    Without one, start ``LocalCluster(n_workers=workers, processes=True,
    threads_per_worker=1, dashboard_address=":0")`` and a ``Client`` on it, map, gather
    the results in input order, and close both, also when a task raises. An exception
    raised by ``func`` reaches the caller with its own type and message.
    ``workers`` must be an int (not a bool) of at least 1: raise ``TypeError`` /
    ``ValueError`` naming ``workers`` before starting anything.
    """
    raise NotImplementedError


def cluster_sum_of_squares(
    values: Sequence[int],
    client: Client | None = None,
    workers: int = 2,
    chunks: int = 4,
) -> int:
    """``sum(v * v for v in values)``, computed on the cluster, chunk by chunk.

    Split the values into at most ``chunks`` chunks and send them to the cluster once
    (``client.scatter``); square and sum each chunk in a task on a worker; combine the
    partial sums on the cluster too (``client.submit`` on the partial futures) and
    bring back only the total. Same rules for ``client`` and ``workers`` as
    ``cluster_map``; ``chunks`` follows the rules of ``workers``. No values give 0.
    """
    raise NotImplementedError
