"""joblib's loky executor across calls: when a different ``n_jobs`` resizes it and when
it replaces it, the thread limits its workers get, the idle timeout, and interpreter
exit.

Claims in katas/q8/README.md and solutions/q8/ANSWER.md: joblib reuses loky's executor
for a later call whose settings match; those settings include the thread limits joblib
sets in each worker (``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS``, ... =
``cpu_count() // n_jobs`` unless already set), so a different ``n_jobs`` resizes the
executor only while that quotient stays the same, and otherwise replaces it (new
worker processes); ``parallel_config(backend="loky", idle_worker_timeout=s)`` makes idle
workers exit after ``s`` seconds (default 300); workers do not outlive the interpreter.

Each part runs in a fresh interpreter. On this 2-core machine ``cpu_count() // n_jobs``
is 1 for every ``n_jobs`` above 1, so one part patches the ``cpu_count`` that joblib's
backends use for the thread limits to return 8, as on an 8-CPU machine: ``n_jobs=2``
then gives 4 threads per worker, ``n_jobs=4`` gives 2.

    python bench/facts/a45_loky_settings.py

Measured 2026-12-08 (2-core Linux VM, joblib 1.6.0), the same on 3.10.13, 3.11.7,
3.12.1, 3.13.0, 3.14.10 and 3.15.2:
    "2 CPUs: n_jobs=2: (OMP, OPENBLAS) in the workers [('1', '1')]; then n_jobs=3:
      [('1', '1')]; same executor: True; workers of the first call reused: 2 of 2"
    "8 CPUs (joblib's count patched): n_jobs=2: ... [('4', '4')]; then n_jobs=4:
      [('2', '2')]; same executor: False; workers of the first call reused: 0 of 2"
    "idle_worker_timeout=1: workers running 3 s after the call: 0 of 2; default
      (300 s): 2 of 2"
    "a script that ran Parallel(n_jobs=2) and exited: its 2 workers still running 0.5 s
      later: 0"
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

PARTS = {
    "resize": r"""
import os
import joblib._parallel_backends
from joblib import Parallel, delayed
from joblib.externals.loky import reusable_executor
if os.environ.get("CPUS"):  # joblib's count of CPUs for the thread limits, as on a bigger machine
    joblib._parallel_backends.cpu_count = lambda *args, **kwargs: int(os.environ["CPUS"])
def where(_):
    import time; time.sleep(0.05)
    return os.getpid(), os.environ.get("OMP_NUM_THREADS"), os.environ.get("OPENBLAS_NUM_THREADS")
def call(n):
    rows = Parallel(n_jobs=n)(delayed(where)(i) for i in range(2 * n))
    return {r[0] for r in rows}, {r[1:] for r in rows}, reusable_executor._executor.executor_id
first, limits1, id1 = call(int(os.environ["A"]))
second, limits2, id2 = call(int(os.environ["B"]))
print(f"n_jobs={os.environ['A']}: (OMP, OPENBLAS) in the workers {sorted(limits1)}; "
      f"then n_jobs={os.environ['B']}: {sorted(limits2)}; same executor: {id1 == id2}; "
      f"workers of the first call reused: {len(first & second)} of {len(first)}")
""",
    "idle": r"""
import os, time
from joblib import Parallel, delayed, parallel_config
def pid(_):
    time.sleep(0.05)
    return os.getpid()
def alive(pids):
    n = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat", "rb") as f:
                n += f.read().rpartition(b")")[2].split()[0] != b"Z"
        except FileNotFoundError:
            pass
    return n
with parallel_config(backend="loky", idle_worker_timeout=1):
    short = set(Parallel(n_jobs=2)(delayed(pid)(i) for i in range(8)))
time.sleep(3)
print(f"idle_worker_timeout=1: workers running 3 s after the call: {alive(short)} of {len(short)}", end="; ")
default = set(Parallel(n_jobs=2)(delayed(pid)(i) for i in range(8)))
time.sleep(3)
print(f"default (300 s): {alive(default)} of {len(default)}")
""",
    "exit": r"""
import os
from joblib import Parallel, delayed
def pid(_):
    import time; time.sleep(0.05)
    return os.getpid()
print(" ".join(map(str, set(Parallel(n_jobs=2)(delayed(pid)(i) for i in range(8))))))
""",
}


def run(part: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PARTS[part]], env={**os.environ, **env}, capture_output=True, text=True, timeout=60
    )
    return done.stdout.strip() or done.stderr.strip()[-400:]


def still_running(pids: list[int]) -> int:
    count = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                count += stat.read().rpartition(b")")[2].split()[0] != b"Z"
        except FileNotFoundError:
            pass
    return count


def main() -> None:
    import joblib  # type: ignore[import-untyped]

    print(f"Python {sys.version.split()[0]}, joblib {joblib.__version__}, joblib.cpu_count() {joblib.cpu_count()}")
    print("2 CPUs:", run("resize", {"A": "2", "B": "3"}))
    print("8 CPUs (joblib's count patched):", run("resize", {"A": "2", "B": "4", "CPUS": "8"}))
    print(run("idle", {}))
    pids = [int(p) for p in run("exit", {}).split()]
    time.sleep(0.5)
    print(f"a script that ran Parallel(n_jobs=2) and exited: its {len(pids)} workers still running 0.5 s later: "
          f"{still_running(pids)}")


if __name__ == "__main__":
    main()
