"""Q8 — joblib, a wrong answer: n_jobs must be at least 1, like Pool's processes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from joblib import Parallel, delayed
from joblib.externals.loky import get_reusable_executor

CUBE_SPINS = 20_000


def cube(x: int) -> int:
    busy = 0
    for i in range(CUBE_SPINS):
        busy += i % 7
    return x * x * x


def _check_n_jobs(n_jobs: int) -> None:
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int):
        raise TypeError(f"n_jobs must be an int, got {n_jobs!r}")
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be at least 1, got {n_jobs}")


def cubes(values: Iterable[int], n_jobs: int = 2, backend: str = "loky") -> list[int]:
    _check_n_jobs(n_jobs)
    if backend not in ("loky", "multiprocessing"):
        raise ValueError(f"unknown backend {backend!r}")
    return Parallel(n_jobs=n_jobs, backend=backend)(delayed(cube)(v) for v in values)


def cubes_in_threads(values: Iterable[int], n_jobs: int = 2) -> list[int]:
    _check_n_jobs(n_jobs)
    return Parallel(n_jobs=n_jobs, prefer="threads")(delayed(cube)(v) for v in values)


def as_delayed(func: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple:
    return delayed(func)(*args, **kwargs)


def release_workers() -> None:
    get_reusable_executor().shutdown(wait=True)
