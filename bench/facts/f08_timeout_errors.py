"""FOUNDATIONS #8: two different TimeoutErrors, and cancel_futures spares running tasks.

Prints how ``multiprocessing.TimeoutError`` and ``concurrent.futures.TimeoutError``
relate to the built-in ``TimeoutError`` (also on other Pythons with ``--versions``),
which ``except`` clause catches a real ``AsyncResult.get(timeout=...)``, and what
``ProcessPoolExecutor.shutdown(cancel_futures=True)`` does to a running task and to
queued ones.

    python bench/facts/f08_timeout_errors.py [--versions]
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

PROBE = (
    "import concurrent.futures as f, multiprocessing as m\n"
    "print('mp', m.TimeoutError is TimeoutError, 'futures', f.TimeoutError is TimeoutError)\n"
)


def napped(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def caught_by() -> str:
    pool = multiprocessing.get_context("fork").Pool(1)
    try:
        pending = pool.apply_async(napped, (5,))
        try:
            pending.get(timeout=0.2)
        except TimeoutError:
            return "except TimeoutError (built-in)"
        except multiprocessing.TimeoutError:
            return "only except multiprocessing.TimeoutError"
        return "nothing raised"
    finally:
        pool.terminate()
        pool.join()


def cancel_futures() -> str:
    executor = concurrent.futures.ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("fork")
    )
    futures = [executor.submit(napped, 1.5) for _ in range(6)]
    while not futures[0].running():
        time.sleep(0.01)
    time.sleep(0.2)  # the first task is running in the worker
    started = time.monotonic()
    executor.shutdown(wait=True, cancel_futures=True)
    took = time.monotonic() - started
    ran = [f for f in futures if not f.cancelled()]
    return (
        f"shutdown(wait=True, cancel_futures=True) returned after {took:.1f} s; "
        f"the running task finished ({futures[0].result()} s nap); "
        f"{len(futures) - len(ran)} of 5 queued cancelled, {len(ran) - 1} ran anyway"
    )


def main() -> None:
    # Typed as plain objects: the identity tests below are the measurement.
    builtin: object = TimeoutError
    futures_error: object = concurrent.futures.TimeoutError
    mp_error = multiprocessing.TimeoutError
    mro = " -> ".join(c.__name__ for c in mp_error.__mro__[1:-2])
    print(
        f"Python {sys.version.split()[0]}: multiprocessing.TimeoutError is TimeoutError: "
        f"{mp_error is builtin} (bases: {mro}); concurrent.futures.TimeoutError is "
        f"TimeoutError: {futures_error is builtin}; "
        f"Pool get(timeout) caught by: {caught_by()}"
    )
    print(cancel_futures())
    if "--versions" in sys.argv[1:]:
        root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
        found = []
        for python in sorted(root.glob("3.*/bin/python3")):
            done = subprocess.run(
                [str(python), "-c", PROBE], capture_output=True, text=True, timeout=10, check=False
            )
            found.append(f"{python.parent.parent.name} {done.stdout.strip() or 'error'}")
        print("is TimeoutError: " + "; ".join(found))


if __name__ == "__main__":
    main()
