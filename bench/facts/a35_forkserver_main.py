"""What each start method does with the main module, and the default method per version.

Claims in solutions/q4/ANSWER.md, solutions/q5/ANSWER.md and solutions/q6/ANSWER.md
(the ``if __name__ == "__main__":`` guard; what a child sees of the parent's globals;
forkserver being the default on Linux from 3.14): which start method a fresh
interpreter uses by default; for a script that starts three children, which processes
import the script as ``__mp_main__`` (each child under spawn; under forkserver, each
child while ``__main__`` preloading was broken, the server once where it works, CPython
gh-126631); whether a global the script set at run time, inside its guard, reaches the
child; and what a script that builds a ``Pool`` with no guard at all does.

    python bench/facts/a35_forkserver_main.py

Measured 2026-12-08 (2-core Linux VM; counts of RuntimeError lines vary run to run):
    3.10.13, 3.11.7, 3.12.1, 3.13.0: default start method fork
      fork       guarded, 3 children: imported as __mp_main__ 0 times; children saw
                 SETTING = set at run time
      forkserver guarded, 3 children: imported 3 times, 3 by a child; module default
      spawn      guarded, 3 children: imported 3 times, 3 by a child; module default
      forkserver Pool(2) with no guard: still running after 8 s (killed), printed [],
                 290-539 x 'RuntimeError: An attempt has been made to start a new
                 process before...'
      spawn      Pool(2) with no guard: still running after 8 s (killed), printed [],
                 56-100 x the same RuntimeError
    3.14.10: default start method forkserver
      fork, spawn: as above
      forkserver guarded, 3 children: imported 1 time, 0 by a child (by the server);
                 module default
      forkserver Pool(2) with no guard: exited rc 1, printed [], 1 x the RuntimeError
                 (in the server), last line 'ConnectionResetError: [Errno 104]
                 Connection reset by peer'
      spawn      Pool(2) with no guard: still running after 8 s (killed)
    3.15.2: default start method forkserver
      fork, spawn: as above
      forkserver guarded, 3 children: imported 1 time, 0 by a child (by the server)
      forkserver Pool(2) with no guard: still running after 8 s (killed), 375 x the
                 RuntimeError (3.15's server ignores a failed preload by default,
                 set_forkserver_preload(..., on_error="ignore"), so each child
                 imports the script again)
      spawn      Pool(2) with no guard: still running after 8 s (killed)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

LIMIT = 8.0
BOOTSTRAP = "An attempt has been made to start a new process before"

GUARDED = """
import multiprocessing, os, sys
LOG = sys.argv[2]
with open(LOG, "a") as log:
    log.write(f"import {__name__} {os.getpid()}\\n")
SETTING = "module default"

def child():
    with open(LOG, "a") as log:
        log.write(f"child {os.getpid()} {SETTING}\\n")

if __name__ == "__main__":
    SETTING = "set at run time"
    ctx = multiprocessing.get_context(sys.argv[1])
    for _ in range(3):
        p = ctx.Process(target=child)
        p.start()
        p.join()
"""

UNGUARDED = """
import multiprocessing, sys
ctx = multiprocessing.get_context(sys.argv[1])
pool = ctx.Pool(2)
print("result", pool.map(abs, [1, -2]), flush=True)
pool.close()
pool.join()
"""


def default_method() -> str:
    code = "import multiprocessing; print(multiprocessing.get_start_method())"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def who_imports(tmp: Path, method: str) -> str:
    script = tmp / "guarded.py"
    script.write_text(GUARDED)
    log = tmp / f"log-{method}"
    done = subprocess.run(
        [sys.executable, str(script), method, str(log)], capture_output=True, text=True, timeout=60, check=False
    )
    lines = log.read_text().split("\n")
    children = {line.split()[1] for line in lines if line.startswith("child ")}
    imports = [line.split()[1:] for line in lines if line.startswith("import __mp_main__")]
    by_children = sum(1 for _, pid in imports if pid in children)
    settings = {line.split(maxsplit=2)[2] for line in lines if line.startswith("child ")}
    return (
        f"rc {done.returncode}; imported as __mp_main__ {len(imports)} time(s): "
        f"{by_children} by a child, {len(imports) - by_children} by another process; "
        f"children saw SETTING = {' / '.join(sorted(settings))}"
    )


def unguarded(tmp: Path, method: str) -> str:
    script = tmp / "unguarded.py"
    script.write_text(UNGUARDED)
    proc = subprocess.Popen(
        [sys.executable, str(script), method],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=LIMIT)
        ending = f"exited rc {proc.returncode}"
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the script, its pool and any server
        out, err = proc.communicate()
        ending = f"still running after {LIMIT:.0f} s (killed)"
    printed = [line for line in out.splitlines() if line.startswith("result")]
    last = err.strip().splitlines()[-1] if err.strip() else ""
    return (
        f"{ending}, printed {printed}, stderr has {err.count(BOOTSTRAP)} x "
        f"'RuntimeError: {BOOTSTRAP}...'" + (f"; last line {last!r}" if ending.startswith("exited") else "")
    )


def main() -> None:
    print(f"Python {sys.version.split()[0]}: default start method {default_method()}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for method in ("fork", "forkserver", "spawn"):
            print(f"  {method:10} guarded script, 3 children: {who_imports(tmp, method)}")
        for method in ("forkserver", "spawn"):
            print(f"  {method:10} Pool(2) with no guard: {unguarded(tmp, method)}")


if __name__ == "__main__":
    main()
