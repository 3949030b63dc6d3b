"""How far ``ProcessPoolExecutor`` can stop a running task, per version.

Claims in katas/q4/README.md ("ProcessPoolExecutor") and solutions/q4/ANSWER.md
("The alternative"): ``future.cancel()`` returns ``False`` for a running task;
``shutdown(wait=False, cancel_futures=True)`` leaves its worker running; a script that
does that with a 5 s task still takes about 5 s to exit, because the interpreter waits
for the executor's workers at exit; 3.14 adds ``terminate_workers()`` and
``kill_workers()``, which do stop it (and what the running task's future then says).

    python bench/facts/a29_executor_stop.py

Measured 2026-12-08 (2-core Linux VM), one run per version:
    every version, fork and spawn: cancel() -> False; worker alive after
      shutdown(wait=False, cancel_futures=True): True; task finished normally
      2.0-2.3 s after submit (it sleeps 2 s); script exited after 5.1-5.4 s
    3.10.13 to 3.13.0: terminate_workers(), kill_workers(): not available
    3.14.10, 3.15.2: terminate_workers(): workers gone: True after 3-6 ms;
      kill_workers(): workers gone: True after 2 ms; either way the running task's
      future: BrokenProcessPool: A process in the process pool was terminated
      abruptly while the future was running or pending.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

SCRIPT = """
import multiprocessing, time
from concurrent.futures import ProcessPoolExecutor
if __name__ == "__main__":
    executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context({method!r}))
    future = executor.submit(time.sleep, 5)
    time.sleep(0.5)
    executor.shutdown(wait=False, cancel_futures=True)
"""


def outcome(future: Future[Any]) -> str:
    try:
        future.result(timeout=5)
    except BaseException as error:  # noqa: BLE001 - the outcome is what we report
        return f"{type(error).__name__}: {str(error)[:80]}"
    return "finished normally"


def cancel_and_shutdown(method: str) -> str:
    executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(method))
    future = executor.submit(time.sleep, 2)
    time.sleep(0.5)
    cancelled = future.cancel()
    workers = list(executor._processes.values())
    executor.shutdown(wait=False, cancel_futures=True)
    alive = all(worker.is_alive() for worker in workers)
    started = time.monotonic()
    result = outcome(future)
    executor.shutdown(wait=True)
    return (
        f"cancel() -> {cancelled}; worker alive after shutdown(wait=False, cancel_futures=True): "
        f"{alive}; task {result} {time.monotonic() - started + 0.5:.1f} s after submit"
    )


def exit_time(method: str) -> str:
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", SCRIPT.format(method=method)], check=True, timeout=30)
    return f"script exited after {time.monotonic() - started:.1f} s"


def stop_method(name: str) -> str:
    executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    stop = getattr(executor, name, None)
    if stop is None:
        executor.shutdown()
        return "not available"
    future = executor.submit(time.sleep, 60)
    time.sleep(0.5)
    workers = list(executor._processes.values())
    started = time.monotonic()
    stop()
    for worker in workers:
        worker.join(5)
    took = (time.monotonic() - started) * 1000
    gone = not any(worker.is_alive() for worker in workers)
    return f"workers gone: {gone} after {took:.0f} ms; the running task's future: {outcome(future)}"


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    for method in ("fork", "spawn"):
        print(f"  {method:5} {cancel_and_shutdown(method)}; {exit_time(method)}")
    for name in ("terminate_workers", "kill_workers"):
        print(f"  {name}(): {stop_method(name)}")


if __name__ == "__main__":
    main()
