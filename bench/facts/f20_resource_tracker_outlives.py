"""FOUNDATIONS #20: the resource tracker outlives the process that started it.

Runs a child interpreter that starts multiprocessing's resource tracker and exits, five
times, and looks at the tracker's pid at once: still there (running, or exited but not
yet collected by init), or gone. Then the same with the tracker stopped and reaped by
the child at exit, as the kit's plugin does (``processes.stop_resource_trackers_at_exit``).

    python bench/facts/f20_resource_tracker_outlives.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[2]
RUNS = 5
START = "import multiprocessing.resource_tracker as tracker; tracker.ensure_running()"
REPORT = "print(tracker._resource_tracker._pid)"
STOPPED = "from katas._kit import processes; processes.stop_resource_trackers_at_exit()"


def state_after_exit(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    pid = int(done.stdout)
    try:
        proc = psutil.Process(pid)
        return f"{proc.status()} (parent {proc.ppid()})"
    except psutil.NoSuchProcess:
        return "gone"


def main() -> None:
    for label, code in (("left alone", f"{START}; {REPORT}"), ("stopped at exit", f"{STOPPED}; {START}; {REPORT}")):
        states = [state_after_exit(code) for _ in range(RUNS)]
        print(f"{label}: the tracker just after its process exited: {', '.join(states)}")


if __name__ == "__main__":
    main()
