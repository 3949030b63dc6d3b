"""FOUNDATIONS #13: the interpreter waits for a leaked ProcessPoolExecutor's work at exit.

A program creates a ``ProcessPoolExecutor(1)``, never shuts it down, and returns:
once with the worker idle, once with a 4 s task just started. Prints how long each
program took to exit (given up after 10 s; everything is then killed).

    python bench/facts/f13_leaked_executor_exit.py
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

PROGRAM = textwrap.dedent(
    """
    import concurrent.futures
    import multiprocessing
    import sys
    import time

    if __name__ == "__main__":
        context = multiprocessing.get_context(sys.argv[1])
        executor = concurrent.futures.ProcessPoolExecutor(1, mp_context=context)
        executor.submit(abs, 1).result()
        if sys.argv[2] == "busy":
            executor.submit(time.sleep, 4)
            time.sleep(0.5)
        # returns without executor.shutdown()
    """
)

LIMIT = 10.0


def exit_time(program: Path, method: str, state: str) -> str:
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, str(program), method, state],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        proc.wait(timeout=LIMIT)
        return f"exited after {time.monotonic() - started:.2f} s"
    except subprocess.TimeoutExpired:
        return f"still running after {LIMIT:g} s"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        program = Path(folder) / "leak.py"
        program.write_text(PROGRAM)
        parts = [
            f"{method} {state}: {exit_time(program, method, state)}"
            for method in ("fork", "spawn")
            for state in ("idle", "busy")
        ]
    print("program leaving a ProcessPoolExecutor(1) open: " + "; ".join(parts))


if __name__ == "__main__":
    main()
