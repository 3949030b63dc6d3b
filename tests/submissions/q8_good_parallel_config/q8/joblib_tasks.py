"""Q8 — joblib, in another style: joblib's parallel_config sets the backend and n_jobs,
and as_delayed writes the triple out by hand."""

import numbers

from joblib import Parallel, delayed, parallel_config
from joblib.externals.loky import get_reusable_executor

CUBE_SPINS = 20_000
BACKENDS = ("loky", "multiprocessing")


def cube(x):
    busy = 0
    for i in range(CUBE_SPINS):
        busy += i % 7
    return x * x * x


def _validate(n_jobs):
    if type(n_jobs) is bool or not isinstance(n_jobs, numbers.Integral):
        raise TypeError(f"n_jobs should be a whole number, not {type(n_jobs).__name__}")
    if n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs={n_jobs}: use a positive number of workers, or -1 for all CPUs")


def cubes(values, n_jobs=2, backend="loky"):
    _validate(n_jobs)
    if backend not in BACKENDS:
        raise ValueError(f"backend={backend!r} is not supported; choose from {BACKENDS}")
    tasks = [delayed(cube)(value) for value in values]
    with parallel_config(backend=backend, n_jobs=n_jobs):
        return Parallel()(tasks)


def cubes_in_threads(values, n_jobs=2):
    _validate(n_jobs)
    with parallel_config(backend="threading", n_jobs=n_jobs):
        return Parallel()(delayed(cube)(value) for value in values)


def as_delayed(func, *args, **kwargs):
    return func, args, kwargs


def release_workers():
    executor = get_reusable_executor()
    executor.shutdown(wait=True)
