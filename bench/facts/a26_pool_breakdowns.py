"""Where a ``Pool`` breaks down: a worker that dies, an exception that does not
unpickle, a task that ignores SIGTERM.

Claims in katas/q4/README.md ("Going further") and solutions/q4/ANSWER.md ("Errors"):
(1) a task that calls ``os._exit(1)`` kills its worker; the pool replaces the worker,
but ``get(timeout=3)`` on that task times out, where ``ProcessPoolExecutor`` raises
``BrokenProcessPool``; and ``close()`` + ``join()`` on that pool never returns (the
lost task stays pending), while ``terminate()`` + ``join()`` does; (2) an exception
whose ``__init__`` needs two arguments pickles in the worker but not back in the
parent: the pool's result-handler thread dies, ``get(timeout=3)`` times out, and
``terminate()`` raises ``AssertionError``; (3) ``terminate()`` sends SIGTERM and
waits: a task that ignores SIGTERM makes it hang. The cases that hang run in a child
interpreter with a time limit (then killed). Fork pools throughout.

    python bench/facts/a26_pool_breakdowns.py

Measured 2026-12-08 (2-core Linux VM), the same on 3.11.7 (9 s limit) and on 3.10.13,
3.12.1, 3.13.0, 3.14.10 and 3.15.2 (8 s limit) except where shown:
    os._exit task, Pool get(timeout=3)   TimeoutError; worker replaced: True /
                                         terminate()+join() returned
    os._exit task, then close()+join()   had not returned after 8 s (killed)
    os._exit task, ProcessPoolExecutor   BrokenProcessPool
    exception that does not unpickle     get: TimeoutError; result handler alive: False /
                                         terminate: AssertionError: Cannot have cache with
                                         result_handler not alive (3.10.13 and 3.11.7
                                         spell it "result_hander")
    task ignoring SIGTERM, terminate()   had not returned after 8 s (killed)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

LIMIT = 4.0

COMMON = """
import multiprocessing, os, signal, sys, time, threading
from concurrent.futures import ProcessPoolExecutor
ctx = multiprocessing.get_context("fork")

class TwoArgs(Exception):
    def __init__(self, code, detail):
        super().__init__(f"{code}: {detail}")

def raise_two_args(_):
    raise TwoArgs(1, "boom")

def ignore_sigterm_and_sleep(_):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(60)
"""

CASES = {
    "os._exit task, Pool get(timeout=3)": """
pool = ctx.Pool(1); first = pool._pool[0].pid
try:
    pool.apply_async(os._exit, (1,)).get(timeout=3)
    print("returned")
except multiprocessing.TimeoutError:
    print(f"TimeoutError; worker replaced: {pool._pool[0].pid != first}")
pool.terminate(); pool.join(); print("terminate()+join() returned")
""",
    "os._exit task, then close()+join()": """
pool = ctx.Pool(1); pool.apply_async(os._exit, (1,)); time.sleep(0.5)
pool.close(); pool.join(); print("close()+join() returned")
""",
    "os._exit task, ProcessPoolExecutor": """
with ProcessPoolExecutor(1, mp_context=ctx) as executor:
    try:
        executor.submit(os._exit, 1).result(timeout=3)
    except Exception as error:
        print(type(error).__name__)
""",
    "exception that does not unpickle": """
pool = ctx.Pool(1)
try:
    pool.apply_async(raise_two_args, (0,)).get(timeout=3)
except multiprocessing.TimeoutError:
    print(f"get: TimeoutError; result handler alive: {pool._result_handler.is_alive()}")
except Exception as error:
    print(f"get: {type(error).__name__}: {error}")
try:
    pool.terminate(); pool.join(); print("terminate() returned")
except AssertionError as error:
    print(f"terminate: AssertionError: {error}")
""",
    "task ignoring SIGTERM, terminate()": """
pool = ctx.Pool(1); pool.apply_async(ignore_sigterm_and_sleep, (0,)); time.sleep(0.5)
pool.terminate(); pool.join(); print("terminate()+join() returned")
""",
}


def run(body: str) -> str:
    code = COMMON + "if __name__ == '__main__':\n" + textwrap.indent(body.strip(), "    ") + "\n"
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=LIMIT + 4)
        return " / ".join(out.split("\n")).strip(" /")
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return (" / ".join(out.split("\n")).strip(" /") + " / " if out.strip() else "") + (
            f"had not returned after {LIMIT + 4:.0f} s (killed)"
        )


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    for label, body in CASES.items():
        print(f"  {label:38} {run(body)}")


if __name__ == "__main__":
    main()
