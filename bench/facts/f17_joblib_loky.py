"""FOUNDATIONS #17: joblib's loky workers outlive ``Parallel``.

Runs ``Parallel(n_jobs=2)`` over a few tasks, then counts this process's descendants
right after it returned and again 2 s later, then after
``get_reusable_executor().shutdown(wait=True)``. Also prints the idle timeout of the
executor joblib keeps for reuse.

    python bench/facts/f17_joblib_loky.py
"""

from __future__ import annotations

import os
import time

import psutil
from joblib import Parallel, __version__ as joblib_version, delayed  # type: ignore[import-untyped]
from joblib.externals.loky import get_reusable_executor, reusable_executor  # type: ignore[import-untyped]


def descendants() -> list[psutil.Process]:
    return [p for p in psutil.Process().children(recursive=True) if p.is_running()]


def describe(procs: list[psutil.Process]) -> str:
    kinds = []
    for proc in procs:
        try:
            command = " ".join(proc.cmdline())
        except psutil.Error:
            continue
        kinds.append("tracker" if "resource_tracker" in command else "worker")
    workers = kinds.count("worker")
    trackers = len(kinds) - workers
    # Resource trackers (loky's and multiprocessing's) exit by themselves with this process.
    return f"{workers} worker(s)" + (f" + {trackers} resource tracker(s)" if trackers else "")


def main() -> None:
    pids = Parallel(n_jobs=2)(delayed(os.getpid)() for _ in range(8))
    after = describe(descendants())
    # The executor joblib keeps for reuse, and the idle time after which it would stop.
    idle = getattr(reusable_executor._executor, "_timeout", None)
    time.sleep(2)
    later = describe(descendants())
    get_reusable_executor().shutdown(wait=True)
    deadline = time.monotonic() + 5
    while describe(descendants()).startswith(("1 ", "2 ")) and time.monotonic() < deadline:
        time.sleep(0.1)
    final = describe(descendants())
    print(
        f"joblib {joblib_version}: Parallel(n_jobs=2) ran on {len(set(pids))} worker pid(s); "
        f"alive after it returned: {after}; 2 s later: {later}; idle timeout {idle} s; after "
        f"get_reusable_executor().shutdown(wait=True): {final}"
    )


if __name__ == "__main__":
    main()
