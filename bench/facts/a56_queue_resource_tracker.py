"""Does creating a ``multiprocessing.Queue`` start a process?

Claim in katas/q9/README.md ("Exactly ``workers`` processes"): a ``Queue`` starts no
process of its own (its feeder is a thread), but under spawn and forkserver its lock
registers a named semaphore with multiprocessing's resource tracker, which starts that
helper process (once per program) if it is not running yet; under fork it does not.

A fresh interpreter per start method creates one ``Queue`` and prints whether the
resource tracker is running and how many child processes it has.

    python bench/facts/a56_queue_resource_tracker.py

Measured 2026-12-08 (2-core Linux VM), the same on 3.10.13, 3.11.7, 3.12.1, 3.13.0,
3.14.10 and 3.15.2:
    "fork       after Queue(): resource tracker running: False; child processes: 0"
    "forkserver after Queue(): resource tracker running: True; child processes: 1"
    "spawn      after Queue(): resource tracker running: True; child processes: 1"
"""

from __future__ import annotations

import subprocess
import sys

CHILD = r"""
import multiprocessing, os, sys
from multiprocessing import resource_tracker
def children():
    me = str(os.getpid()).encode()
    n = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    n += f.read().rpartition(b")")[2].split()[1] == me
            except FileNotFoundError:
                pass
    return n
q = multiprocessing.get_context(sys.argv[1]).Queue()
print(f"{sys.argv[1]:10} after Queue(): resource tracker running: "
      f"{resource_tracker._resource_tracker._pid is not None}; child processes: {children()}")
"""


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    for method in ("fork", "forkserver", "spawn"):
        done = subprocess.run([sys.executable, "-c", CHILD, method], capture_output=True, text=True, timeout=60)
        print(" ", done.stdout.strip() or done.stderr.strip()[-300:])


if __name__ == "__main__":
    main()
