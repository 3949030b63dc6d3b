"""Q12 — scale a pool.map out to a cluster with dask.distributed (reference solution).

``cluster_map`` is ``Pool.map`` on a dask cluster: ``client.map`` sends one task per
item to the scheduler, which hands them to the workers; ``client.gather`` brings the
results back in input order (or raises the first task's exception, with its own type
and message). ``cluster_sum_of_squares`` shows what changes when the data is large:
it goes to the cluster once (``scatter``), the tasks receive futures instead of data,
and the partial results are combined on the cluster, so only one number comes back.

Without a client, each function starts its own ``LocalCluster`` and ``Client`` and
closes both, whatever happens: leaving the with-blocks closes the client, then the
cluster, which stops every worker process and the scheduler's listening port.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from distributed import Client, LocalCluster

T = TypeVar("T")


def _check_count(value: object, name: str) -> None:
    """A count is an int (not a bool) of at least 1; checked before any process starts."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")


@contextmanager
def _client_for(client: Client | None, workers: int) -> Iterator[Client]:
    """The given client, left open; or a client on a cluster of our own, closed after."""
    if client is not None:
        yield client
        return
    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers,
        processes=True,
        threads_per_worker=1,
        dashboard_address=":0",
    ) as cluster, Client(cluster) as own:  # type: ignore[no-untyped-call]
        yield own


def cluster_map(
    func: Callable[[Any], T],
    items: Iterable[Any],
    client: Client | None = None,
    workers: int = 2,
) -> list[T]:
    """``[func(item) for item in items]``, each call run by a worker of the cluster."""
    _check_count(workers, "workers")
    todo = list(items)
    if not todo:
        return []
    with _client_for(client, workers) as c:
        # pure=False: one task per item, even for equal items (the default, pure=True,
        # gives equal calls one key, so a repeated item would run only once).
        futures = c.map(func, todo, pure=False)
        results: list[T] = c.gather(futures)  # type: ignore[no-untyped-call]
        return results


def square_chunk(chunk: Sequence[int]) -> int:
    """The sum of the squares of one chunk: runs on a worker."""
    return sum(x * x for x in chunk)


def cluster_sum_of_squares(
    values: Sequence[int],
    client: Client | None = None,
    workers: int = 2,
    chunks: int = 4,
) -> int:
    """``sum(v * v for v in values)``, chunk by chunk on the cluster's workers."""
    _check_count(workers, "workers")
    _check_count(chunks, "chunks")
    data = list(values)
    if not data:
        return 0
    size = -(-len(data) // chunks)  # ceiling division: at most `chunks` pieces
    pieces = [data[i : i + size] for i in range(0, len(data), size)]
    with _client_for(client, workers) as c:
        # A list is scattered item by item: one future per piece, each piece sent once.
        # hash=False: fresh keys, so a second call with equal data cannot meet the keys
        # of the first call's futures while the scheduler is still releasing them.
        scattered = c.scatter(pieces, hash=False)  # type: ignore[no-untyped-call]
        partials = c.map(square_chunk, scattered)
        # The futures in the list are replaced by their results on the worker that runs
        # sum: the partial sums never come back here, only the total does.
        total = c.submit(sum, partials)
        result: int = total.result()
        return result
