"""Q10 — shared state between processes, and when it needs a lock.

- ``locked_total``: one shared ``Value``; each worker holds its lock around every
  read-modify-write, so no update is lost.
- ``unlocked_total``: the same on a ``RawValue`` (no lock): updates are lost.
- ``square_in_shared_memory``: a numpy array in a ``SharedMemory`` block, squared in
  place by workers that receive only the block names and their slice bounds.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.process import BaseProcess
from multiprocessing.shared_memory import SharedMemory
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# numpy is imported inside the functions that use it. Under spawn and forkserver every
# worker imports this module to find its target; the counting workers never touch
# numpy, and importing it would cost each of them about 0.2 s of CPU here.


def _check_count(value: object, name: str, smallest: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < smallest:
        raise ValueError(f"{name} must be at least {smallest}, got {value}")


# --- A counter shared by several processes -----------------------------------------


def _add_with_lock(counter: Any, increments: int) -> None:
    """Worker: ``counter.value += 1`` is a read and then a write; hold the lock across both."""
    lock = counter.get_lock()
    for _ in range(increments):
        with lock:
            counter.value += 1


def _add_without_lock(counter: Any, increments: int) -> None:
    """Worker: the same read-modify-write with nothing to stop two workers interleaving."""
    for _ in range(increments):
        counter.value += 1


def _run_workers(target: Callable[..., None], args_per_worker: Sequence[tuple[Any, ...]]) -> None:
    """Start one ``Process`` per argument tuple, wait for all of them, and raise a
    ``RuntimeError`` naming a worker that failed. On any error (also while starting,
    or an interrupt while waiting) the workers still running are stopped and every
    started one is joined."""
    workers = [multiprocessing.Process(target=target, args=args) for args in args_per_worker]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        _stop(workers)
    for worker in workers:
        if worker.exitcode != 0:
            raise RuntimeError(
                f"worker {worker.name} (pid {worker.pid}) failed with exit code {worker.exitcode}"
            )


def _stop(workers: Sequence[BaseProcess]) -> None:
    """Terminate the started workers that are still running, then join every started one."""
    started = [worker for worker in workers if worker.pid is not None]
    for worker in started:
        if worker.is_alive():
            worker.terminate()
    for worker in started:
        worker.join()


def _shared_total(target: Callable[..., None], counter: Any, processes: int, increments: int) -> int:
    _run_workers(target, [(counter, increments)] * processes)
    total: int = counter.value
    return total


def locked_total(processes: int = 4, increments: int = 10_000) -> int:
    _check_count(processes, "processes", 1)
    _check_count(increments, "increments", 0)
    # "q": a signed 64-bit integer, wide enough for any total. Value comes with an RLock.
    counter = multiprocessing.Value("q", 0)
    return _shared_total(_add_with_lock, counter, processes, increments)


def unlocked_total(processes: int = 4, increments: int = 10_000) -> int:
    _check_count(processes, "processes", 1)
    _check_count(increments, "increments", 0)
    counter = multiprocessing.RawValue("q", 0)
    return _shared_total(_add_without_lock, counter, processes, increments)


# --- A numpy array in shared memory --------------------------------------------------


def _view(block: SharedMemory, dtype: type[np.generic], length: int) -> npt.NDArray[Any]:
    """A numpy array over the block's memory (no copy). Let it go before ``close()``:
    with ``np.frombuffer`` a block cannot be closed while the array exists
    (``BufferError``), and with ``np.ndarray(buffer=...)`` it can, after which using the
    array crashes the process (the memory is unmapped)."""
    import numpy as np

    view: npt.NDArray[Any] = np.ndarray((length,), dtype=dtype, buffer=block.buf)
    return view


def _square_slice(data_name: str, pids_name: str, length: int, start: int, stop: int) -> None:
    """Worker: attach to both blocks by name, square ``[start, stop)`` in place, and
    write this worker's pid for each of those elements."""
    data_block = SharedMemory(name=data_name)
    try:
        pids_block = SharedMemory(name=pids_name)
        try:
            _square_in_place(data_block, pids_block, length, start, stop)
        finally:
            pids_block.close()
    finally:
        data_block.close()


def _square_in_place(
    data_block: SharedMemory, pids_block: SharedMemory, length: int, start: int, stop: int
) -> None:
    import numpy as np

    # The views are local to this function, so they are gone when it returns.
    data = _view(data_block, np.float64, length)[start:stop]
    np.square(data, out=data)
    _view(pids_block, np.int64, length)[start:stop] = os.getpid()


def _slices(length: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous, non-empty, nearly equal slices of ``range(length)``."""
    return [(i * length // parts, (i + 1) * length // parts) for i in range(parts)]


def _release(block: SharedMemory) -> None:
    block.close()
    block.unlink()


def square_in_shared_memory(
    values: Sequence[float], processes: int = 2
) -> tuple[list[float], list[int]]:
    import numpy as np

    _check_count(processes, "processes", 1)
    # A private float64 copy: a value that is not a number fails here, before any block.
    data = np.array(values, dtype=np.float64)
    if data.ndim != 1:
        raise ValueError(f"values must be a flat sequence of numbers, got shape {data.shape}")
    length = len(data)
    if length == 0:
        return [], []  # SharedMemory(size=0) is an error, and there is no work.
    workers = min(processes, length)
    data_block = SharedMemory(create=True, size=data.nbytes)
    try:
        pids_block = SharedMemory(create=True, size=length * np.dtype(np.int64).itemsize)
        try:
            _view(data_block, np.float64, length)[:] = data
            _view(pids_block, np.int64, length)[:] = 0
            _run_workers(
                _square_slice,
                [(data_block.name, pids_block.name, length, start, stop)
                 for start, stop in _slices(length, workers)],
            )
            squares: list[float] = _view(data_block, np.float64, length).tolist()
            writers: list[int] = _view(pids_block, np.int64, length).tolist()
        finally:
            _release(pids_block)
    finally:
        _release(data_block)
    return squares, writers
