"""What ``get_reusable_executor().shutdown(wait=True)`` does after joblib's ``Parallel``.

Claims in katas/q8/README.md and solutions/q8/ANSWER.md: called with its default
arguments after ``Parallel``, loky's ``get_reusable_executor()`` does not hand back
joblib's executor. Its arguments (a 10 s idle timeout, no reducers) differ from those
joblib built the executor with (a 300 s idle timeout, joblib's memory-mapping reducers,
environment limits), so loky shuts joblib's executor down itself, waiting for its
workers to exit, and returns a new executor that has no worker yet; ``.shutdown(wait=True)``
on that one has nothing left to stop. ``get_reusable_executor(reuse=True)`` returns the
executor as it is. Either way the workers are gone, and a second call starts nothing.

    python bench/facts/a44_loky_release.py

Measured 2026-12-08 (2-core Linux VM, joblib 1.6.0), the same on 3.10.13, 3.11.7,
3.12.1, 3.13.0, 3.14.10 and 3.15.2:
    after Parallel(n_jobs=2): 2 workers running; joblib's executor is a MemmappingExecutor
    get_reusable_executor(): returned joblib's executor: False (a new
      _ReusablePoolExecutor); joblib's executor shut down: True; its workers running
      when the call returned: 0; the new executor's workers: 0
    .shutdown(wait=True) on it: workers running 0
    get_reusable_executor(reuse=True) after a new Parallel: returned joblib's executor:
      True; after .shutdown(wait=True): workers running 0
    then get_reusable_executor().shutdown(wait=True) and the reuse=True one, with
      nothing running: new child processes 0
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from joblib import Parallel, delayed  # type: ignore[import-untyped]
from joblib.externals.loky import get_reusable_executor, reusable_executor  # type: ignore[import-untyped]


def worker_pid(_: int) -> int:
    time.sleep(0.05)  # long enough for both workers to take tasks
    return os.getpid()


def running(pids: set[int]) -> int:
    """How many of ``pids`` exist and are not zombies."""
    count = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                state = stat.read().rpartition(b")")[2].split()[0]
        except FileNotFoundError:
            continue
        count += state != b"Z"
    return count


def children() -> set[int]:
    me = str(os.getpid()).encode()
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    fields = stat.read().rpartition(b")")[2].split()
            except FileNotFoundError:
                continue
            if fields[1] == me and fields[0] != b"Z":
                found.add(int(entry))
    return found


def run_parallel() -> tuple[set[int], Any]:
    pids = set(Parallel(n_jobs=2)(delayed(worker_pid)(i) for i in range(8)))
    return pids, reusable_executor._executor


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    workers, joblibs = run_parallel()
    print(
        f"after Parallel(n_jobs=2): {running(workers)} workers running; joblib's executor "
        f"is a {type(joblibs).__name__}"
    )
    returned = get_reusable_executor()
    print(
        f"get_reusable_executor(): returned joblib's executor: {returned is joblibs} (a "
        f"{type(returned).__name__}); joblib's executor shut down: {bool(joblibs._flags.shutdown)}; "
        f"its workers running when the call returned: {running(workers)}; the new executor's "
        f"workers: {len(returned._processes)}"
    )
    returned.shutdown(wait=True)
    print(f".shutdown(wait=True) on it: workers running {running(workers)}")

    workers, joblibs = run_parallel()
    same = get_reusable_executor(reuse=True)
    was_joblibs = same is joblibs
    same.shutdown(wait=True)
    print(
        f"get_reusable_executor(reuse=True) after a new Parallel: returned joblib's executor: "
        f"{was_joblibs}; after .shutdown(wait=True): workers running {running(workers)}"
    )

    before = children()
    get_reusable_executor().shutdown(wait=True)
    get_reusable_executor(reuse=True).shutdown(wait=True)
    print(
        "then get_reusable_executor().shutdown(wait=True) and the reuse=True one, with "
        f"nothing running: new child processes {len(children() - before)}"
    )


if __name__ == "__main__":
    main()
