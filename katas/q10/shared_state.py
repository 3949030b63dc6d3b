"""Q10 — How can processes share state, and when do you need a lock?

Read katas/q10/README.md, then replace each ``raise NotImplementedError`` below.
Grade your work with ``pytest katas/q10``.
"""

from __future__ import annotations

from collections.abc import Sequence


def locked_total(processes: int = 4, increments: int = 10_000) -> int:
    """Count to ``processes * increments`` in one shared ``multiprocessing.Value``.

    Start ``processes`` processes; each adds 1 to the shared value ``increments`` times,
    holding the value's lock (``get_lock()``) around each read-modify-write. Wait for
    all of them and return the final value: always exactly ``processes * increments``.

    ``processes`` must be an int (not a bool) of at least 1, ``increments`` an int (not
    a bool) of at least 0: raise ``TypeError`` / ``ValueError`` naming the argument
    before starting any process.
    """
    raise NotImplementedError


def unlocked_total(processes: int = 4, increments: int = 10_000) -> int:
    """The same count with no lock at all: a ``multiprocessing.RawValue``.

    Return whatever value the processes left behind: usually less than
    ``processes * increments``, because updates get lost. Same argument rules as
    ``locked_total``.
    """
    raise NotImplementedError


def square_in_shared_memory(
    values: Sequence[float], processes: int = 2
) -> tuple[list[float], list[int]]:
    """Square ``values`` in place in shared memory, one contiguous slice per worker.

    Copy ``values`` into a ``multiprocessing.shared_memory.SharedMemory`` block viewed as
    a numpy ``float64`` array, and create a second block for one pid per element. Start
    ``processes`` workers (fewer if there are fewer values); give each only the two
    block names and its slice bounds, never the data. Each worker attaches to the
    blocks by name, squares its own slice in place and writes its own pid
    (``os.getpid()``) for each element of that slice.

    Return ``(squares, writer pid per element)`` as two lists. Close and unlink both
    blocks before returning, also when something fails. If a worker fails, stop and
    join every worker, unlink both blocks, and raise (the worker's own exception, or a
    ``RuntimeError`` naming the worker). Empty input gives ``([], [])``; a value that is
    not a number raises ``ValueError`` or ``TypeError``. Same rules for ``processes`` as
    ``locked_total``.
    """
    raise NotImplementedError
