"""FOUNDATIONS #12: kill a leaked pool's workers and the interpreter may never exit.

Part 1: a program leaves a ``Pool(2)`` open (no close, no terminate), SIGKILLs its
idle workers, and returns. Run several times with a 3 s limit, it prints how often
the program hung at exit, and how often the same program exits when it calls
``pool.terminate()`` before returning instead of killing the workers.
Part 2: in this process, a worker whose task ignores SIGTERM: how long
``pool.terminate()`` waits (given up after 3 s, then the worker is SIGKILLed).

    python bench/facts/f12_kill_pool_workers.py [runs [limit-seconds]]
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

PROGRAM = textwrap.dedent(
    """
    import multiprocessing
    import os
    import signal
    import sys

    if __name__ == "__main__":
        pool = multiprocessing.get_context(sys.argv[1]).Pool(2)
        pool.map(abs, [1, 2, 3, 4])
        if sys.argv[2] == "kill-workers":
            for worker in pool._pool:
                os.kill(worker.pid, signal.SIGKILL)
        else:
            pool.terminate()
        # returns without close()/join(): the interpreter's exit handlers take over
    """
)


def exits(program: Path, method: str, how: str, limit: float) -> float | None:
    """Seconds until the program exited, or None when it was still running at ``limit``."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, str(program), method, how],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        proc.wait(timeout=limit)
        return time.monotonic() - started
    except subprocess.TimeoutExpired:
        return None
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


def ignore_sigterm_and_sleep(seconds: float) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(seconds)


def stubborn_worker() -> str:
    pool = multiprocessing.get_context("fork").Pool(1)
    pool.apply_async(ignore_sigterm_and_sleep, (60,))
    time.sleep(0.5)  # the task is running and has set SIG_IGN
    stopping = threading.Thread(target=pool.terminate, daemon=True)
    started = time.monotonic()
    stopping.start()
    stopping.join(3)
    waited = time.monotonic() - started
    still = stopping.is_alive()
    for worker in pool._pool:  # type: ignore[attr-defined]
        worker.kill()
    stopping.join(5)
    after_kill = time.monotonic() - started - waited
    pool.join()
    return (
        f"terminate() with a worker ignoring SIGTERM: still waiting after {waited:.1f} s: "
        f"{still}; returned {after_kill:.2f} s after the worker was SIGKILLed"
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
    with tempfile.TemporaryDirectory() as folder:
        program = Path(folder) / "leak.py"
        program.write_text(PROGRAM)
        parts = []
        for method in ("fork", "spawn"):
            for how in ("kill-workers", "terminate"):
                times = [exits(program, method, how, limit) for _ in range(runs)]
                hung = sum(t is None for t in times)
                slowest = max((t for t in times if t is not None), default=0.0)
                parts.append(
                    f"{method} {how}: {hung}/{runs} hung"
                    + (f", others exited within {slowest:.2f} s" if hung < runs else "")
                )
    print(f"leaked Pool(2) at exit ({limit:g} s limit): " + "; ".join(parts))
    print(stubborn_worker())


if __name__ == "__main__":
    main()
