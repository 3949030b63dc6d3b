"""A watchdog outside the grading process, for what its own timeout cannot stop.

The grader's timeout is a signal handler, and Python runs signal handlers only between
bytecodes of the main thread. Code stuck in C while holding the GIL (``9 ** 9 ** 9``
computed on a thread of the grading process, say) never lets it run, so the run would
hang for good. This process needs no GIL of the grader's: the grading process tells it
(over a pipe) when each grader test starts and ends; if one runs past its deadline, the
watchdog writes why, then kills the grading process and everything it started. The run
then ends with a non-zero status and a report that counts the tests that never ran.

Run as ``python -m katas._kit.watchdog PID [MANIFEST]``; it reads lines from stdin:
``arm SECONDS NODEID`` and ``disarm``. End of input (the grader exited) ends it.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import time

import psutil

GRACE_SECONDS = 5.0


def _kill_tree(pid: int) -> None:
    me = os.getpid()
    try:
        root = psutil.Process(pid)
        family = [root, *root.children(recursive=True)]
    except psutil.Error:
        return
    for proc in family:
        if proc.pid != me:
            try:
                proc.send_signal(signal.SIGKILL)
            except psutil.Error:
                continue


def _say(message: str, manifest: str | None) -> None:
    sys.stderr.write(f"\nmpkatas watchdog: {message}\n")
    sys.stderr.flush()
    if manifest:
        with open(manifest, "a", encoding="utf-8") as out:
            out.write(json.dumps({"watchdog": message}) + "\n")


def watch(pid: int, manifest: str | None) -> None:
    deadline: float | None = None
    test = ""
    limit = 0.0
    buffered = b""
    while True:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([sys.stdin.fileno()], [], [], wait)
        if ready:
            chunk = os.read(sys.stdin.fileno(), 4096)
            if not chunk:
                return  # the grading process has exited
            buffered += chunk
            *lines, rest = buffered.split(b"\n")
            buffered = rest
            for line in lines:
                words = line.decode("utf-8", "replace").split(" ", 2)
                if words[0] == "arm" and len(words) == 3:
                    limit, test = float(words[1]), words[2]
                    deadline = time.monotonic() + limit + GRACE_SECONDS
                elif words[0] == "disarm":
                    deadline = None
        elif deadline is not None and time.monotonic() >= deadline:
            _say(
                f"{test} was still running {GRACE_SECONDS:.0f} s past its {limit:.0f} s time limit: "
                "the grader's own timeout did not end it (the grading process was blocked where "
                "Python cannot interrupt it, such as C code holding the GIL, or went on waiting "
                "after the timeout). The run was ended here; the tests after it did not run.",
                manifest,
            )
            _kill_tree(pid)
            return


if __name__ == "__main__":
    watch(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
