"""What a pool does with a task function defined inside ``if __name__ == "__main__":``.

Claim in katas/q5/README.md (Hint 2): such a function pickles (by name, as
``__main__.f``), but under spawn and forkserver the worker's copy of the main module
was imported without running the guard, so the name is missing there: the worker
fails to unpickle the task, dies and is replaced, and the task's result never comes
(a 5 s limit here). Under fork the worker is a copy of the parent and finds it.

    python bench/facts/a27_function_in_guard.py

Measured 2026-12-08 (2-core Linux VM):
    every version (3.10.13 to 3.15.2): fork  result [2, 4]; worker errors: none
    forkserver and spawn: no result after 5 s; the workers' stderr has
      3.10.13-3.13.0: AttributeError: Can't get attribute 'double' on <module
        '__mp_main__' from '.../guarded_function.py'>
      3.14.10, 3.15.2: AttributeError: module '__mp_main__' has no attribute 'double'
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = """
import multiprocessing, sys

if __name__ == "__main__":
    def double(x):
        return 2 * x

    pool = multiprocessing.get_context(sys.argv[1]).Pool(1)
    try:
        print("result", pool.map_async(double, [1, 2]).get(timeout=5), flush=True)
    except multiprocessing.TimeoutError:
        print("no result after 5 s", flush=True)
    pool.terminate()
    pool.join()
"""


def run(script: Path, method: str) -> str:
    proc = subprocess.Popen(
        [sys.executable, str(script), method],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    errors = sorted({line for line in err.splitlines() if line.startswith("AttributeError")})
    return f"{out.strip()}; worker errors: {errors or 'none'}"


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "guarded_function.py"
        script.write_text(SCRIPT)
        for method in ("fork", "forkserver", "spawn"):
            print(f"  {method:10} {run(script, method)}")


if __name__ == "__main__":
    main()
