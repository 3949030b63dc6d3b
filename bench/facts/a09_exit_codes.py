"""A child's exit code for each way it can end, under each start method.

Claims in katas/q3/README.md (task, Hints 1-3, "Going further") and
solutions/q3/ANSWER.md (the exit-code table, "A child that runs too long"): ``pid`` is
``None`` before ``start()`` and ``exitcode`` is ``None`` while the child runs;
``join(timeout)`` returns ``None`` whether or not the child ended; the exit code is 0
on return, 1 on an uncaught exception, ``n`` on ``sys.exit(n)`` (``sys.exit(-1)``
gives 255, ``sys.exit("msg")`` gives 1), ``n`` on ``os._exit(n)``, ``-15`` after
``terminate()`` (the child's ``finally`` block does not run), ``-9`` after ``kill()``;
a child that ignores SIGTERM survives ``terminate()``; a daemon child may not start
children of its own.

    python bench/facts/a09_exit_codes.py

Measured 2026-12-08, 2-core Linux VM shared with other work: the same line on every
version (3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10, 3.15.2) and start method:
    pid before start None, exitcode while running None, join(0.1) returned None; return
    0, raise 1, sys.exit(3) 3, sys.exit(-1) 255, sys.exit('msg') 1, os._exit(5) 5;
    terminate() -15 (finally ran: False); SIGTERM ignored: alive 1 s after terminate()
    True, then kill() -9; a daemon starting a child: AssertionError: daemonic processes
    are not allowed to have children
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any
from pathlib import Path


def returns() -> None:
    pass


def raises() -> None:
    sys.stderr = open(os.devnull, "w")  # keep the expected traceback quiet
    raise ValueError("on purpose")


def exits(code: int | str) -> None:
    sys.stderr = open(os.devnull, "w")
    sys.exit(code)


def hard_exit(code: int) -> None:
    os._exit(code)


def sleeps_then_cleans_up(marker: str) -> None:
    try:
        time.sleep(30)
    finally:
        Path(marker).write_text("finally ran")


def ignores_sigterm() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(30)


def noop() -> None:
    pass


def daemon_starts_a_child(method: str, report: str) -> None:
    try:
        ctx: Any = multiprocessing.get_context(method)
        child = ctx.Process(target=noop)
        child.start()
        child.join()
        Path(report).write_text("started a child")
    except Exception as error:
        Path(report).write_text(f"{type(error).__name__}: {error}")


def code_of(ctx: Any, target: Callable[..., None], *args: object) -> int | None:
    child = ctx.Process(target=target, args=args)
    child.start()
    child.join(30)
    code: int | None = child.exitcode
    return code


def one_method(method: str, tmp: Path) -> str:
    ctx: Any = multiprocessing.get_context(method)
    child = ctx.Process(target=sleeps_then_cleans_up, args=(str(tmp / f"{method}-marker"),))
    before = child.pid
    child.start()
    time.sleep(0.5)  # let it reach its sleep
    running = child.exitcode
    joined = child.join(0.1)
    child.terminate()
    child.join()
    cleaned = (tmp / f"{method}-marker").exists()
    stubborn = ctx.Process(target=ignores_sigterm)
    stubborn.start()
    time.sleep(0.5)
    stubborn.terminate()
    stubborn.join(1.0)
    survived = stubborn.is_alive()
    stubborn.kill()
    stubborn.join()
    report = tmp / f"{method}-daemon"
    daemon = ctx.Process(target=daemon_starts_a_child, args=(method, str(report)), daemon=True)
    daemon.start()
    daemon.join(30)
    return (
        f"{method}: pid before start {before}, exitcode while running {running}, join(0.1) returned {joined}; "
        f"return {code_of(ctx, returns)}, raise {code_of(ctx, raises)}, sys.exit(3) {code_of(ctx, exits, 3)}, "
        f"sys.exit(-1) {code_of(ctx, exits, -1)}, sys.exit('msg') {code_of(ctx, exits, 'msg')}, "
        f"os._exit(5) {code_of(ctx, hard_exit, 5)}; terminate() {child.exitcode} "
        f"(finally ran: {cleaned}); SIGTERM ignored: alive 1 s after terminate() {survived}, "
        f"then kill() {stubborn.exitcode}; a daemon starting a child: {report.read_text()}"
    )


def main() -> None:
    print(f"Python {sys.version.split()[0]}:")
    with tempfile.TemporaryDirectory() as name:
        for method in ("fork", "forkserver", "spawn"):
            print(f"  {one_method(method, Path(name))}")


if __name__ == "__main__":
    main()
