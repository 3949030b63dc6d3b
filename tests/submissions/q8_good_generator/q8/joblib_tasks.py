"""Q8 — joblib, in another style: results streamed with return_as="generator" (where the backend can), n_jobs
checked with operator.index, and loky's executor replaced and stopped with kill_workers."""

from __future__ import annotations

import operator

from joblib import Parallel, delayed
from joblib.externals import loky

CUBE_SPINS = 20_000


def cube(x: int) -> int:
    busy = 0
    for i in range(CUBE_SPINS):
        busy += i % 7
    return x * x * x


def _jobs(n_jobs):
    if isinstance(n_jobs, bool):
        raise TypeError("n_jobs must be an integer, not a bool")
    try:
        count = operator.index(n_jobs)
    except TypeError:
        raise TypeError(f"n_jobs must be an integer, got {n_jobs!r}") from None
    if count < 1 and count != -1:
        raise ValueError(f"n_jobs must be >= 1 or exactly -1, got {count}")
    return count


def _run(values, backend, n_jobs):
    # The multiprocessing backend cannot stream its results: it returns the list.
    return_as = "list" if backend == "multiprocessing" else "generator"
    stream = Parallel(n_jobs=n_jobs, backend=backend, return_as=return_as)(
        delayed(cube)(v) for v in values
    )
    return [result for result in stream]


def cubes(values, n_jobs=2, backend="loky"):
    jobs = _jobs(n_jobs)
    if backend != "loky" and backend != "multiprocessing":
        raise ValueError(f"backend must be 'loky' or 'multiprocessing', not {backend!r}")
    return _run(values, backend, jobs)


def cubes_in_threads(values, n_jobs=2):
    return _run(values, "threading", _jobs(n_jobs))


def as_delayed(func, *args, **kwargs):
    make_task = delayed(func)
    return make_task(*args, **kwargs)


def release_workers():
    # kill_workers: a task still running would otherwise keep shutdown() waiting.
    loky.get_reusable_executor(kill_workers=True).shutdown(wait=True, kill_workers=True)
