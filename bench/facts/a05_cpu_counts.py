"""How many workers ``Pool()`` and the executors start when the process may use fewer CPUs.

Claims in katas/q1/README.md ("How many workers?") and solutions/q1/ANSWER.md:
``os.cpu_count()`` counts the machine's CPUs; ``os.process_cpu_count()`` (3.13+)
counts those this process may run on (its affinity, as set by ``taskset`` or a
container's cpuset). ``Pool()``, ``ProcessPoolExecutor()`` and ``ThreadPoolExecutor()``
size themselves from ``os.cpu_count()`` up to 3.12 and from
``os.process_cpu_count()`` from 3.13. ``PYTHON_CPU_COUNT`` (3.13+) overrides both.
(Read in the source, not run: on Linux ``os.process_cpu_count()`` is
``len(os.sched_getaffinity(0))``, so a CPU quota that is not an affinity, such as
``docker --cpus``, changes neither count.)

The probe restricts its own affinity to one CPU, then asks each.

    python bench/facts/a05_cpu_counts.py

Measured 2026-12-08, 2-core Linux VM (counts, not timings):
    3.10.13, 3.11.7, 3.12.1:
      affinity {0}: cpu_count 2, process_cpu_count absent, sched_getaffinity 1;
        Pool() 2 workers, ProcessPoolExecutor() 2, ThreadPoolExecutor() 6
      PYTHON_CPU_COUNT=5: cpu_count 2 process_cpu_count absent
    3.13.0, 3.14.10, 3.15.2:
      affinity {0}: cpu_count 2, process_cpu_count 1, sched_getaffinity 1;
        Pool() 1 workers, ProcessPoolExecutor() 1, ThreadPoolExecutor() 5
      PYTHON_CPU_COUNT=5: cpu_count 5 process_cpu_count 5
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import subprocess
import sys


def main() -> None:
    allowed = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {allowed[0]})
    counter = getattr(os, "process_cpu_count", None)
    process_cpu_count = counter() if counter is not None else "absent"
    ctx = multiprocessing.get_context("fork")
    pool = ctx.Pool()
    pool_workers = len(pool._pool)  # type: ignore[attr-defined]
    pool.close()
    pool.join()
    processes = concurrent.futures.ProcessPoolExecutor(mp_context=ctx)
    process_workers = processes._max_workers  # type: ignore[attr-defined]
    processes.shutdown()
    threads = concurrent.futures.ThreadPoolExecutor()
    thread_workers = threads._max_workers
    threads.shutdown()
    print(f"Python {sys.version.split()[0]}, affinity {{{allowed[0]}}}: cpu_count {os.cpu_count()}, "
          f"process_cpu_count {process_cpu_count}, sched_getaffinity {len(os.sched_getaffinity(0))}; "
          f"Pool() {pool_workers} workers, ProcessPoolExecutor() {process_workers}, "
          f"ThreadPoolExecutor() {thread_workers}")
    code = "import os; print('cpu_count', os.cpu_count(), 'process_cpu_count', getattr(os, 'process_cpu_count', lambda: 'absent')())"
    env = {**os.environ, "PYTHON_CPU_COUNT": "5"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    print(f"  PYTHON_CPU_COUNT=5: {done.stdout.strip()}")


if __name__ == "__main__":
    main()
