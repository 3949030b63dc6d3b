"""What q3's program does without its ``if __name__ == "__main__":`` guard, per start method.

Claims in katas/q3/README.md (Hint 5, "What the grader checks") and
solutions/q3/ANSWER.md ("Why the guard"): under ``fork`` the unguarded program works.
Under ``spawn`` the child re-imports the script as ``__mp_main__``, prints the
parent's line a second time, its own ``start()`` fails with "RuntimeError: An attempt
has been made to start a new process before the current process has finished its
bootstrapping phase", the child exits with 1 and ``Viva La`` never appears. Under
``forkserver`` each child does the same on 3.10-3.13.0 here; from 3.14 the *server*
imports the script first (it preloads ``__main__``) and fails there: on 3.14 the server
dies and the script's ``start()`` raises ConnectionResetError (exit status 1); on 3.15
the server ignores the failed preload, and the child then re-imports the script and
fails as under spawn. No version prints ``Viva La`` without the guard, except under fork.

The program is q3's, with ``get_context(METHOD)`` so the method can be chosen without
touching the global default; every line is prefixed with the pid that printed it. Each
run is in a fresh interpreter with a 20 s limit.

    python bench/facts/a03_unguarded_program.py

Measured 2026-12-08, 2-core Linux VM shared with other work (load average 4-6):
    all six (3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10, 3.15.2):
      fork: rc 0; lines from the script ['parent', 'child exit code 0'], from other pids
        ['Viva La']; bootstrapping error 0
      spawn: rc 0; lines from the script ['parent', 'child exit code 1'], from other pids
        ['parent']; bootstrapping error 1; last error line: RuntimeError
    3.10.13, 3.11.7, 3.12.1, 3.13.0:
      forkserver: the same as spawn
    3.14.10:
      forkserver: rc 1; lines from the script ['parent'], from other pids ['parent'];
        bootstrapping error 1; last error line: ConnectionResetError: [Errno 104]
        Connection reset by peer
    3.15.2:
      forkserver: rc 0; lines from the script ['parent', 'child exit code 1'], from other
        pids ['parent', 'parent']; bootstrapping error 1; last error line: RuntimeError
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

LIMIT = 20.0
BOOTSTRAP = "An attempt has been made to start a new process before"

UNGUARDED = """
import multiprocessing, os, sys


def greetings() -> None:
    print(f"{os.getpid()} Viva La", flush=True)


ctx = multiprocessing.get_context(sys.argv[1])
child = ctx.Process(target=greetings)
print(f"{os.getpid()} parent", flush=True)
child.start()
child.join()
print(f"{os.getpid()} child exit code {child.exitcode}", flush=True)
"""


def run(script: Path, method: str) -> str:
    proc = subprocess.Popen(
        [sys.executable, str(script), method],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=LIMIT)
        ending = f"rc {proc.returncode}"
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the script, its children and any server
        out, err = proc.communicate()
        ending = f"still running after {LIMIT:.0f} s (killed)"
    mine: list[str] = []
    others: list[str] = []
    for line in out.splitlines():
        pid, _, text = line.partition(" ")
        (mine if pid == str(proc.pid) else others).append(text)
    raised = [line for line in err.splitlines() if line and not line.startswith(" ") and "Error" in line]
    last = raised[-1] if raised else "nothing"
    return (
        f"{ending}; lines from the script {mine}, from other pids {others}; "
        f"bootstrapping error {err.count(BOOTSTRAP)}; last error line: {last[:90]}"
    )


def main() -> None:
    print(f"Python {sys.version.split()[0]}:")
    with tempfile.TemporaryDirectory() as name:
        script = Path(name) / "unguarded.py"
        script.write_text(UNGUARDED)
        for method in ("fork", "forkserver", "spawn"):
            print(f"  {method}: {run(script, method)}")


if __name__ == "__main__":
    main()
