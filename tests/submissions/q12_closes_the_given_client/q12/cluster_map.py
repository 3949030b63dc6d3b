"""q12 — cluster_map on dask.distributed.

Wrong: closes the client it was given, which belongs to the caller.
"""

from contextlib import contextmanager

from distributed import Client, LocalCluster


def _check(value, name):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int")
    if value < 1:
        raise ValueError(f"{name} must be at least 1")


@contextmanager
def _client_for(client, workers):
    cluster = None
    if client is None:
        cluster = LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                               dashboard_address=":0")
        client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def cluster_map(func, items, client=None, workers=2):
    _check(workers, "workers")
    items = list(items)
    if not items:
        return []
    with _client_for(client, workers) as c:
        return c.gather(c.map(func, items, pure=False))


def _chunk_sum(chunk):
    return sum(x * x for x in chunk)


def cluster_sum_of_squares(values, client=None, workers=2, chunks=4):
    _check(workers, "workers")
    _check(chunks, "chunks")
    data = list(values)
    if not data:
        return 0
    size = -(-len(data) // chunks)
    pieces = [data[i:i + size] for i in range(0, len(data), size)]
    with _client_for(client, workers) as c:
        parts = c.map(_chunk_sum, c.scatter(pieces, hash=False))
        return c.submit(sum, parts).result()
