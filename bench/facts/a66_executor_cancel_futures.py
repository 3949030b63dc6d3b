"""What ``ProcessPoolExecutor.shutdown(wait=True, cancel_futures=True)`` cancels.

Claims in katas/q11/README.md (the question, hint 3) and solutions/q11/ANSWER.md
(timeouts and stopping work): ``cancel_futures=True`` cancels only the futures still
waiting in the executor's own queue. The manager thread moves work items into the
*call queue* that the workers read (``max_workers + 1`` items, on every version) and
marks their futures RUNNING as it does, so those can no longer be cancelled, nor can
the ones the workers have taken. A task that has started is never stopped: it runs
to the end, and ``shutdown(wait=True)`` waits for it.

Two workers, 10 tasks of 0.5 s each; once both workers have started a task (and
0.2 s more, for the call queue to fill), ``shutdown(wait=True, cancel_futures=True)``.
Per start method: the call queue's size, how many futures were cancelled, how many
tasks ran (each leaves a file when it starts), and how long ``shutdown`` waited.

    python bench/facts/a66_executor_cancel_futures.py

Measured 2026-12-08 (2-core Linux VM, load average 2.3 to 2.7):
    all six (3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10, 3.15.2), every start method: call
      queue holds 3
    forkserver and spawn, all six: at shutdown 3 futures RUNNING; cancelled 7 of 10,
      3 ran to the end (3 started); shutdown waited 0.72-0.84 s
    fork: 3.10.13, 3.14.10, 3.15.2 as above (3 ran, 0.80 s); 3.13.0: 4 RUNNING, 4 ran,
      0.80 s; 3.11.7 and 3.12.1: 5 RUNNING, cancelled 5 of 10, 5 ran to the end,
      shutdown waited 1.30 s
  (3 = 2 taken by the workers + 1 still in the call queue, which the manager thread
  refills only when it wakes; 5 = 2 running + a full call queue of 3.)
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

TASKS, NAP, WORKERS = 10, 0.5, 2


def task(directory: str, i: int) -> int:
    Path(directory, f"{i}.started").touch()
    time.sleep(NAP)
    return i


def started(directory: str) -> int:
    return len(list(Path(directory).glob("*.started")))


def one(method: str) -> str:
    with tempfile.TemporaryDirectory() as directory:
        executor = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context(method))
        futures = [executor.submit(task, directory, i) for i in range(TASKS)]
        deadline = time.monotonic() + 20
        while started(directory) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        queue_size = executor._call_queue._maxsize  # type: ignore[attr-defined]
        running = sum(f.running() for f in futures)
        began = time.monotonic()
        executor.shutdown(wait=True, cancel_futures=True)
        waited = time.monotonic() - began
        cancelled = sum(f.cancelled() for f in futures)
        finished = sum(f.done() and not f.cancelled() and f.exception() is None for f in futures)
        return (f"{method}: call queue holds {queue_size}; at shutdown {running} futures RUNNING; "
                f"cancelled {cancelled} of {TASKS}, {finished} ran to the end "
                f"({started(directory)} started); shutdown waited {waited:.2f} s")


def main() -> None:
    print(f"Python {sys.version.split()[0]}, {WORKERS} workers, {TASKS} tasks of {NAP} s, "
          f"load average {os.getloadavg()[0]:.1f}")
    for method in ("fork", "forkserver", "spawn"):
        print("  " + one(method))


if __name__ == "__main__":
    main()
