"""Q8 — joblib: Parallel, delayed, and the loky backend's reusable workers.

Read katas/q8/README.md, then replace each ``raise NotImplementedError`` below.
Grade your work with ``pytest katas/q8``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

# joblib ships no type hints: the ignore keeps a strict type checker quiet.
from joblib import Parallel, delayed  # type: ignore[import-untyped]  # noqa: F401

#: How much pure-Python work one ``cube`` does (about a millisecond here).
CUBE_SPINS = 20_000


def cube(x: int) -> int:
    """Given (do not change it): ``x ** 3`` after a little CPU-bound work.

    This is the task your functions hand to joblib.
    """
    busy = 0
    for i in range(CUBE_SPINS):
        busy += i % 7
    return x * x * x


def cubes(values: Iterable[int], n_jobs: int = 2, backend: str = "loky") -> list[int]:
    """``[cube(v) for v in values]``, in input order, computed by joblib worker processes.

    Use ``Parallel(n_jobs=n_jobs, backend=backend)`` and ``delayed(cube)``. ``backend`` is
    ``"loky"`` or ``"multiprocessing"``; anything else is a ``ValueError`` naming
    ``backend``. ``n_jobs`` is a positive int, or -1 for every CPU: a bool or a non-int
    is a ``TypeError``, 0 a ``ValueError``, both naming ``n_jobs``. Check both arguments
    before any process starts. Leave loky's workers running for the next call:
    stopping them is ``release_workers``'s job.
    """
    raise NotImplementedError


def cubes_in_threads(values: Iterable[int], n_jobs: int = 2) -> list[int]:
    """The same as ``cubes``, on ``n_jobs`` threads of this process (``prefer="threads"``).

    Same rules for ``n_jobs``.
    """
    raise NotImplementedError


def as_delayed(
    func: Callable[..., Any], *args: Any, **kwargs: Any
) -> tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]:
    """Exactly what ``delayed(func)(*args, **kwargs)`` builds: ``(func, args, kwargs)``.

    This is one task as ``Parallel`` receives it. Describe the call; do not make it.
    """
    raise NotImplementedError


def release_workers() -> None:
    """Shut down the loky workers that joblib keeps alive after ``Parallel`` returns.

    Return only when they have exited: right after this returns, nothing is left running.
    """
    raise NotImplementedError
