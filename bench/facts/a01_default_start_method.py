"""What breaks when the default start method changes from fork (3.13) to forkserver (3.14).

Claims in katas/q1/README.md, katas/q3/README.md, solutions/q1/ANSWER.md,
solutions/q2/ANSWER.md and solutions/q3/ANSWER.md: Linux's default start method is
``fork`` up to 3.13 and ``forkserver`` from 3.14; with the new default, a target that
does not pickle (a lambda), or an argument that does not (a ``threading.Lock``), fails at
``start()``, and a global that the script sets at
run time (inside its ``__main__`` guard) no longer reaches the child;
``multiprocessing.get_context("fork")`` brings the old behaviour back. (katas/q3/README.md:
a second ``set_start_method()`` without ``force=True`` raises ``RuntimeError``.)

A small script runs in a fresh interpreter, once with the default context and once with
``get_context("fork")``: it sets a global inside its guard, starts a child that prints
it, then a child whose target is a lambda, then one given a ``threading.Lock`` argument.

    python bench/facts/a01_default_start_method.py

Measured 2026-12-08, 2-core Linux VM shared with other work (load average 4-6):
    3.10.13, 3.11.7, 3.12.1, 3.13.0:
      default context: fork; child saw SETTING = 'set at run time'; lambda target: exit
        code 0; threading.Lock argument: exit code 0
      get_context('fork'): the same
    3.14.10, 3.15.2:
      default context: forkserver; child saw SETTING = 'module default'; lambda target:
        start() raised PicklingError; threading.Lock argument: start() raised TypeError:
        cannot pickle '_thread.lock' object
      get_context('fork'): fork; child saw SETTING = 'set at run time'; lambda target:
        exit code 0; threading.Lock argument: exit code 0
    all six: set_start_method() twice: RuntimeError: context has already been set
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = """
import multiprocessing, sys, threading

SETTING = "module default"


def show() -> None:
    print(f"child saw SETTING = {SETTING!r}", flush=True)


def takes(lock) -> None:
    pass


if __name__ == "__main__":
    SETTING = "set at run time"
    ctx = multiprocessing.get_context("fork") if sys.argv[1] == "fork" else multiprocessing.get_context()
    print(ctx.get_start_method(), flush=True)
    child = ctx.Process(target=show)
    child.start()
    child.join()
    try:
        child = ctx.Process(target=lambda: None)
        child.start()
        child.join()
        print(f"lambda target: exit code {child.exitcode}", flush=True)
    except Exception as error:
        print(f"lambda target: start() raised {type(error).__name__}", flush=True)
    try:
        child = ctx.Process(target=takes, args=(threading.Lock(),))
        child.start()
        child.join()
        print(f"threading.Lock argument: exit code {child.exitcode}", flush=True)
    except Exception as error:
        print(f"threading.Lock argument: start() raised {type(error).__name__}: {error}", flush=True)
"""


def run(script: Path, how: str) -> str:
    done = subprocess.run(
        [sys.executable, str(script), how], capture_output=True, text=True, timeout=60, check=False
    )
    return "; ".join(line for line in done.stdout.splitlines() if line)


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        script = Path(name) / "upgrade.py"
        script.write_text(SCRIPT)
        print(f"Python {sys.version.split()[0]}:")
        print(f"  default context: {run(script, 'default')}")
        print(f"  get_context('fork'): {run(script, 'fork')}")
    twice = "import multiprocessing as mp; mp.set_start_method('spawn'); mp.set_start_method('spawn')"
    done = subprocess.run([sys.executable, "-c", twice], capture_output=True, text=True, timeout=60, check=False)
    print(f"  set_start_method() twice: {done.stderr.strip().splitlines()[-1] if done.returncode else 'accepted'}")


if __name__ == "__main__":
    main()
