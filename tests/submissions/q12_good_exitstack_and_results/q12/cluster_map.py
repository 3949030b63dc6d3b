"""q12 — a correct cluster_map in another style.

An ExitStack that closes only what this call opened, results read future by future
(in input order: the first failed task re-raises its exception), chunks taken with a
stride, and the partials combined by a function of our own.
"""

from contextlib import ExitStack

from distributed import Client, LocalCluster


def _count(value, name):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an int, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name}: expected a positive int, got {value!r}")
    return value


def _open(stack, client, workers):
    if client is None:
        cluster = stack.enter_context(
            LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=":0")
        )
        client = stack.enter_context(Client(cluster))
    return client


def cluster_map(func, items, client=None, workers=2):
    _count(workers, "workers")
    items = list(items)
    with ExitStack() as stack:
        c = _open(stack, client, workers)
        futures = c.map(func, items, pure=False)
        return [future.result() for future in futures]


def _partial(chunk):
    return sum(v * v for v in chunk)


def _combine(*partials):
    total = 0
    for p in partials:
        total = total + p
    return total


def cluster_sum_of_squares(values, client=None, workers=2, chunks=4):
    _count(workers, "workers")
    _count(chunks, "chunks")
    data = list(values)
    if not data:
        return 0
    pieces = [data[i::chunks] for i in range(min(chunks, len(data)))]
    with ExitStack() as stack:
        c = _open(stack, client, workers)
        scattered = c.scatter(pieces, hash=False)
        partials = [c.submit(_partial, future) for future in scattered]
        return c.submit(_combine, *partials).result()
