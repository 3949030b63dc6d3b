"""FOUNDATIONS #15: no in-process timer can interrupt C code that holds the GIL.

A child Python process sets a 1 s SIGALRM (what pytest-timeout's signal method uses)
and a 1 s ``threading.Timer`` (what its thread method uses), then computes
``9 ** 9 ** 9`` on a thread while the main thread joins it. This process watches
from outside: it prints when (if ever) the child reported each timer firing within
10 s, then kills the child, which only a watchdog outside the interpreter can do.

    python bench/facts/f15_gil_alarm.py
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

CHILD = textwrap.dedent(
    """
    import signal, sys, threading, time

    started = time.monotonic()

    def say(what):
        print(f"{what} {time.monotonic() - started:.1f}", flush=True)

    signal.signal(signal.SIGALRM, lambda *_: say("alarm"))
    signal.alarm(1)
    timer = threading.Timer(1, say, args=("timer",))
    timer.daemon = True
    timer.start()
    base, exponent = 9, 9 ** 9
    worker = threading.Thread(target=lambda: base ** exponent, daemon=True)
    say("computing")
    worker.start()
    worker.join()
    say("done")
    """
)

WATCH = 10.0


def main() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    events: dict[str, float] = {}
    assert proc.stdout is not None
    stream = proc.stdout

    def read() -> None:
        for line in stream:
            what, _, seconds = line.strip().partition(" ")
            events[what] = float(seconds)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    started = time.monotonic()
    try:
        proc.wait(timeout=WATCH)
    except subprocess.TimeoutExpired:
        pass
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        reader.join(5)
        stream.close()
    killed = time.monotonic() - started

    def when(what: str) -> str:
        return f"at {events[what]:.1f} s" if what in events else f"not within {WATCH:g} s"

    print(
        f"9**9**9 on a thread (started {when('computing')}): 1 s SIGALRM handler ran {when('alarm')}, 1 s threading.Timer "
        f"{when('timer')}, computation done {when('done')}; child killed from outside at "
        f"{killed:.1f} s (exit code {proc.returncode})"
    )


if __name__ == "__main__":
    main()
