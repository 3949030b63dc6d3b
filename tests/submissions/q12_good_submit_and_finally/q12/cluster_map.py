"""q12 — a correct cluster_map in another style.

One submit per item, explicit close() in finally blocks, the whole data scattered as
one future, chunks as index ranges, and the partial sums added pairwise on the cluster.
"""

import operator

from distributed import Client, LocalCluster


def _validate(value, name):
    if type(value) is not int:
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}")


def _start(workers):
    cluster = LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                           dashboard_address=":0")
    try:
        return cluster, Client(cluster)
    except BaseException:
        cluster.close()
        raise


def cluster_map(func, items, client=None, workers=2):
    _validate(workers, "workers")
    items = list(items)
    if client is not None:
        return _map_on(client, func, items)
    cluster, own = _start(workers)
    try:
        return _map_on(own, func, items)
    finally:
        own.close()
        cluster.close()


def _map_on(client, func, items):
    futures = [client.submit(func, item, pure=False) for item in items]
    return client.gather(futures)


def _squares_between(data, start, stop):
    total = 0
    for x in data[start:stop]:
        total += x ** 2
    return total


def cluster_sum_of_squares(values, client=None, workers=2, chunks=4):
    _validate(workers, "workers")
    _validate(chunks, "chunks")
    data = list(values)
    if client is not None:
        return _sum_on(client, data, chunks)
    cluster, own = _start(workers)
    try:
        return _sum_on(own, data, chunks)
    finally:
        own.close()
        cluster.close()


def _sum_on(client, data, chunks):
    if not data:
        return 0
    [whole] = client.scatter([data])
    bounds = [len(data) * i // chunks for i in range(chunks + 1)]
    level = [client.submit(_squares_between, whole, lo, hi) for lo, hi in zip(bounds, bounds[1:]) if lo < hi]
    while len(level) > 1:  # a tree of additions, all on the cluster
        pairs = [client.submit(operator.add, a, b) for a, b in zip(level[::2], level[1::2])]
        level = pairs + level[len(pairs) * 2:]
    return level[0].result()
