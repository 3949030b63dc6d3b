"""When ProcessPoolExecutor starts its workers, how many by default, and the newer
parameters and methods: ``max_tasks_per_child``, ``map(buffersize=)``,
``terminate_workers()`` / ``kill_workers()``.

Claims in katas/q11/README.md ("Going further", hint 3) and solutions/q11/ANSWER.md
("Timeouts and stopping work", "What a strong candidate adds"):

- under fork the executor starts all ``max_workers`` workers at the first
  ``submit()``; under spawn and forkserver it starts them on demand;
- the default start method (fork up to 3.13 on Linux, forkserver from 3.14);
- the default ``max_workers``: ``os.cpu_count()`` up to 3.12,
  ``os.process_cpu_count()`` (the CPUs this process may use) from 3.13;
- ``max_tasks_per_child`` (3.11+): without ``mp_context`` the executor uses spawn,
  even when the global start method is fork; with a fork context it is a
  ``ValueError``;
- ``Executor.map`` submits every item at once; ``buffersize=`` (from 3.14) bounds that;
- ``terminate_workers()`` / ``kill_workers()`` exist from 3.14: they signal the
  workers and return without waiting for them (or for the executor's threads);
  whether a later ``shutdown(wait=True)`` waits for them to be reaped.

    python bench/facts/a68_executor_workers.py

Measured 2026-12-08 (2-core Linux VM):
    all six: workers started by the first submit(): fork: 4 of 4, forkserver: 1 of 4,
      spawn: 1 of 4
    3.10.13, 3.11.7, 3.12.1: default start method fork; pinned to 1 CPU: max_workers 2,
      os.cpu_count() 2, os.process_cpu_count() n/a
    3.13.0: default start method fork; pinned to 1 CPU: max_workers 1, os.cpu_count() 2,
      os.process_cpu_count() 1
    3.14.10, 3.15.2: default start method forkserver; pinned to 1 CPU: max_workers 1,
      os.cpu_count() 2, os.process_cpu_count() 1
    3.10.13: max_tasks_per_child: not a parameter in this version
    3.11.7 to 3.15.2: global fork, max_tasks_per_child=1: the executor uses spawn; with a
      fork context: ValueError: max_tasks_per_child is incompatible with the 'fork'
      multiprocessing start method; supply a different mp_context.
    Executor.map has buffersize: False up to 3.13.0, True on 3.14.10 and 3.15.2;
      map(10 items) submitted 10 at once on all six; map(10 items, buffersize=2)
      submitted 2 at once (3.14.10, 3.15.2)
    terminate_workers / kill_workers: not in 3.10-3.13; on 3.14.10 and 3.15.2 they
      returned in 0.000-0.014 s, in most runs with both workers not yet reaped and 1-2
      executor threads alive; a later shutdown(wait=True) took 0.000-0.002 s (it does not
      wait); everything reaped and the threads gone within 0.01 s; futures
      ['BrokenProcessPool'] or ['BrokenProcessPool', 'cancelled']
"""

from __future__ import annotations

import inspect
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, wait

DEFAULTS = """
import multiprocessing, os
from concurrent.futures import ProcessPoolExecutor
os.sched_setaffinity(0, {0})
executor = ProcessPoolExecutor()
process_cpu_count = getattr(os, "process_cpu_count", lambda: "n/a")()
print(f"default start method {multiprocessing.get_start_method()}; with this process "
      f"pinned to 1 CPU: max_workers {executor._max_workers}, os.cpu_count() {os.cpu_count()}, "
      f"os.process_cpu_count() {process_cpu_count}")
executor.shutdown()
"""

TASKS_PER_CHILD = """
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
multiprocessing.set_start_method("fork")
try:
    executor = ProcessPoolExecutor(2, max_tasks_per_child=1)
    print(f"global fork, max_tasks_per_child=1: the executor uses "
          f"{executor._mp_context.get_start_method()}", end="; ")
    executor.shutdown()
    ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"), max_tasks_per_child=1)
    print("with a fork context: accepted")
except Exception as error:
    print(f"with a fork context: {type(error).__name__}: {error}")
"""


def sleeps(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def reaped(pid: int) -> bool:
    return not os.path.exists(f"/proc/{pid}")


def start_on_demand(method: str) -> str:
    executor = ProcessPoolExecutor(4, mp_context=multiprocessing.get_context(method))
    try:
        executor.submit(abs, -1).result()
        return f"{method}: {len(executor._processes)} of 4"
    finally:
        executor.shutdown()


def force(method_name: str) -> str:
    executor = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
    futures = [executor.submit(sleeps, 5) for _ in range(4)]
    while sum(f.running() for f in futures) < 2 or len(executor._processes or {}) < 2:
        time.sleep(0.01)
    time.sleep(0.3)
    pids = list(executor._processes)
    began = time.monotonic()
    getattr(executor, method_name)()
    returned = time.monotonic() - began
    unreaped_at_return = sum(not reaped(pid) for pid in pids)
    threads_at_return = threading.active_count() - 1
    began = time.monotonic()
    executor.shutdown(wait=True)
    shutdown_took = time.monotonic() - began
    unreaped_after_shutdown = sum(not reaped(pid) for pid in pids)
    deadline = time.monotonic() + 10
    while not all(reaped(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.01)
    all_reaped = time.monotonic() - began
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    threads_gone = time.monotonic() - began
    wait(futures, timeout=5)
    states = sorted({type(f.exception()).__name__ if not f.cancelled() else "cancelled" for f in futures})
    return (f"{method_name}() returned in {returned:.3f} s with {unreaped_at_return} of 2 workers "
            f"not yet reaped and {threads_at_return} executor thread(s) alive; a later "
            f"shutdown(wait=True) took {shutdown_took:.3f} s, {unreaped_after_shutdown} still "
            f"unreaped then, all reaped after {all_reaped:.2f} s, threads gone after "
            f"{threads_gone:.2f} s; futures: {states}")


def submitted_by_map(buffersize: bool) -> str:
    """Work items the executor holds right after map() is called, before any is read."""
    parts = []
    for kwargs in ({}, {"buffersize": 2}) if buffersize else ({},):
        executor = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
        results = executor.map(sleeps, [0.2] * 10, **kwargs)
        held = len(executor._pending_work_items)
        list(results)
        executor.shutdown()
        parts.append(f"map(10 items{', buffersize=2' if kwargs else ''}) submitted {held} at once")
    return ", ".join(parts)


def run_snippet(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    print("  workers started by the first submit(): " + ", ".join(
        start_on_demand(m) for m in ("fork", "forkserver", "spawn")))
    print("  " + run_snippet(DEFAULTS))
    if "max_tasks_per_child" in inspect.signature(ProcessPoolExecutor).parameters:
        print("  " + run_snippet(TASKS_PER_CHILD))
    else:
        print("  max_tasks_per_child: not a parameter in this version")
    buffersize = "buffersize" in inspect.signature(ProcessPoolExecutor.map).parameters
    print(f"  Executor.map has buffersize: {buffersize}; {submitted_by_map(buffersize)}")
    for name in ("terminate_workers", "kill_workers"):
        if hasattr(ProcessPoolExecutor, name):
            print(f"  {force(name)}")
        else:
            print(f"  {name}: not in this version")


if __name__ == "__main__":
    main()
