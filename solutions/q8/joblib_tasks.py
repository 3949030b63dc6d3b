"""Q8 — joblib: ``Parallel`` and ``delayed`` on the loky, multiprocessing and threading
backends, and shutting down the workers that loky keeps for the next call.

``Parallel(n_jobs=..., backend=...)`` is called with an iterable of tasks, each one the
triple ``(func, args, kwargs)`` that ``delayed(func)(*args, **kwargs)`` builds. It runs
them on its workers and returns the results in input order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

# joblib ships no type hints: the ignore keeps a strict type checker quiet.
from joblib import Parallel, delayed  # type: ignore[import-untyped]
from joblib.externals.loky import get_reusable_executor  # type: ignore[import-untyped]

#: How much pure-Python work one ``cube`` does (about a millisecond here).
CUBE_SPINS = 20_000

#: The process-based backends this kata accepts.
PROCESS_BACKENDS = ("loky", "multiprocessing")


def cube(x: int) -> int:
    """Given (do not change it): ``x ** 3`` after a little CPU-bound work.

    This is the task your functions hand to joblib.
    """
    busy = 0
    for i in range(CUBE_SPINS):
        busy += i % 7
    return x * x * x


def _check_n_jobs(n_jobs: int) -> None:
    """joblib's convention: a positive count, or -1 for every CPU. joblib itself would
    take ``True`` as 1 and ``2.5`` or ``None`` without a word, so check first."""
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int):
        raise TypeError(
            f"n_jobs must be an int (a positive count, or -1 for every CPU), "
            f"got {type(n_jobs).__name__} {n_jobs!r}"
        )
    if n_jobs < 1 and n_jobs != -1:
        raise ValueError(f"n_jobs must be a positive int, or -1 for every CPU, got {n_jobs}")


def cubes(values: Iterable[int], n_jobs: int = 2, backend: str = "loky") -> list[int]:
    _check_n_jobs(n_jobs)
    if backend not in PROCESS_BACKENDS:
        raise ValueError(f"backend must be one of {PROCESS_BACKENDS}, got {backend!r}")
    # loky keeps its workers after this returns (release_workers() stops them); the
    # multiprocessing backend terminates and joins its pool before Parallel returns.
    return list(Parallel(n_jobs=n_jobs, backend=backend)(delayed(cube)(v) for v in values))


def cubes_in_threads(values: Iterable[int], n_jobs: int = 2) -> list[int]:
    _check_n_jobs(n_jobs)
    # A soft hint: joblib picks its threading backend unless a caller's
    # parallel_config(backend=...) says otherwise.
    return list(Parallel(n_jobs=n_jobs, prefer="threads")(delayed(cube)(v) for v in values))


def as_delayed(
    func: Callable[..., Any], *args: Any, **kwargs: Any
) -> tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]:
    task: tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]] = delayed(func)(*args, **kwargs)
    return task


def release_workers() -> None:
    # joblib's loky backend reuses loky's process-wide executor. reuse=True hands it back
    # as it is: with default arguments, get_reusable_executor() finds them different
    # from joblib's, shuts joblib's executor down itself and returns a new, empty one.
    # shutdown(wait=True) returns once every worker has exited and been joined.
    get_reusable_executor(reuse=True).shutdown(wait=True)
