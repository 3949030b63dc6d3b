"""The grading process's threads: how many there are, which a test left, and retiring
the ones libraries keep for the life of the process.

A ``fork()`` copies only the thread that calls it. A lock held by any other thread at
that moment stays held in the child for good, so a fork is only as safe as the threads
alive at it, and CPython 3.12+ warns on every fork that leaves the parent with more
than one OS thread (it counts them in /proc/self/stat just after the fork, so threads
of C libraries count too; OpenBLAS, which numpy loads, stops its pool before every
fork and so is not counted). The kit keeps threads out of the grading process: none
of its own while the code under test runs (``watchdog``), and none that a test leaves
behind (``left_running``, ``retire_library_threads``).
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def os_thread_count() -> int:
    """Threads of this process as the OS counts them (C libraries' included), as
    CPython's fork warning does; ``threading.active_count()`` where /proc is missing."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            # After the command name in parentheses: field 20 of proc(5), the 18th here.
            return int(stat.read().rpartition(b")")[2].split()[17])
    except (OSError, ValueError, IndexError):
        return threading.active_count()


def retire_library_threads(timeout: float = 2.0) -> None:
    """Stop the threads that libraries keep for the life of the process once they have
    started one, and let them start afresh when next needed.

    - dask.distributed's offload executor (``Dask-Offload``): a module-level thread
      pool whose one thread, once started by a client, never ends; it is shut down and
      replaced by an equal pool, which starts its thread only when next used.
    """
    utils = sys.modules.get("distributed.utils")
    executor = getattr(utils, "_offload_executor", None)
    if isinstance(executor, ThreadPoolExecutor):
        alive = [t for t in getattr(executor, "_threads", ()) if t.is_alive()]
        if alive:
            setattr(utils, "_offload_executor", ThreadPoolExecutor(max_workers=1, thread_name_prefix="Dask-Offload"))
            executor.shutdown(wait=False)
            deadline = time.monotonic() + timeout
            for thread in alive:
                thread.join(max(0.0, deadline - time.monotonic()))


def close_queues_fed_by(threads: list[threading.Thread]) -> None:
    """Close the ``multiprocessing`` queues whose feeder thread is among ``threads``.

    A queue's feeder thread waits for more items until the queue is closed or
    collected. A queue the code under test dropped unclosed would be collected at once,
    but the kit keeps the objects of a test (its ``Process`` objects, and so what a
    ``Process`` subclass holds) until the test ends; closing the queue ends the thread
    as collecting it would, once the thread has written what it holds."""
    feeders = {t for t in threads if t.name == "QueueFeederThread"}
    if not feeders:
        return
    import multiprocessing.queues  # here: only when a feeder is alive

    for obj in gc.get_objects():
        if isinstance(obj, multiprocessing.queues.Queue) and getattr(obj, "_thread", None) in feeders:
            obj.close()


def left_running(before: set[threading.Thread], grace: float = 1.0) -> list[threading.Thread]:
    """Threads started since ``before`` that are still alive after the libraries' kept
    threads are retired, queues' feeders are told to end, what is unreachable is
    collected (a dropped pool or executor stops its threads then) and ``grace``
    seconds to finish."""
    new = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    if not new:
        return []
    retire_library_threads()
    gc.collect()
    close_queues_fed_by(new)
    deadline = time.monotonic() + grace
    for thread in new:
        thread.join(max(0.0, deadline - time.monotonic()))
    return [t for t in new if t.is_alive()]
