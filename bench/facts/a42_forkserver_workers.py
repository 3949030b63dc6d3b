"""What a worker is under each start method: whose child it is, who imported the main
script, and whether it sees a global the parent set at run time.

Claims in katas/q7/README.md and solutions/q7/ANSWER.md (forkserver workers are forks
of a server process, not fresh interpreters and not copies of the parent; who imports
the main module; the ``if __name__ == "__main__":`` guard; forkserver is Linux's
default from 3.14) and in solutions/q9/ANSWER.md (why the worker function must be
module-level).

A fresh interpreter runs this file as a script; it prints its default start method,
then, for each start method, starts two children that report: whether their parent is
the script's process, which process imported the script as ``__mp_main__`` (the script
records ``os.getpid()`` at import), whether Pillow was already imported when the
child's task began, and a global that the script set at run time inside its guard.
Then a ``Process`` with a lambda target is started under fork and forkserver. Last, a
script with no guard that builds a ``Pool(2)`` at top level is run under
forkserver and spawn for up to 4 s.

    python bench/facts/a42_forkserver_workers.py

Measured 2026-12-08 (2-core Linux VM):
    3.10.13, 3.11.7, 3.12.1, 3.13.0: "default start method fork"
      fork:       "parent is the script: True; script imported by: the script itself
                  (as __main__); Pillow already imported when the task began: True;
                  SETTING='set at run time'"
      forkserver: "parent is the script: False; script imported by: the child itself;
                  Pillow already imported when the task began: True; SETTING='module
                  default'"
      spawn:      "parent is the script: True; script imported by: the child itself;
                  ... True; SETTING='module default'"
      no guard:   forkserver and spawn: "still running after 4 s (killed); printed
                  nothing; the RuntimeError: True"
    Process(target=lambda: None): "fork: ran, exit code 0; forkserver: start() raised
                  AttributeError" (3.10.13-3.13.0), "... raised PicklingError" (3.14.10,
                  3.15.2)
    3.14.10, 3.15.2: "default start method forkserver"
      fork, spawn: as above
      forkserver: "parent is the script: False; script imported by: one other process
                  (the server), once for both children; Pillow already imported when
                  the task began: True; SETTING='module default'"
      no guard:   spawn as above; forkserver: 3.14.10 "exited with rc 1; printed
                  nothing; the RuntimeError: True", 3.15.2 "still running after 4 s
                  (killed); ... the RuntimeError: True"
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import PIL.Image  # noqa: F401  (a module-level import, as in an image script)

IMPORTED_BY = os.getpid()  # the process that ran this module's top level
SETTING = "module default"

NO_GUARD = """
import multiprocessing
with multiprocessing.get_context(METHOD).Pool(2) as pool:
    print(pool.map(abs, [-1, -2]))
"""


def report(parent: int, out: Any) -> None:
    pil = "PIL.Image" in sys.modules
    out.put((os.getppid() == parent, IMPORTED_BY, os.getpid(), pil, SETTING))


def child_view(method: str) -> str:
    ctx: Any = multiprocessing.get_context(method)
    out: Any = ctx.SimpleQueue()
    me = os.getpid()
    kids = [ctx.Process(target=report, args=(me, out)) for _ in range(2)]
    for kid in kids:
        kid.start()
    seen = [out.get() for _ in kids]
    for kid in kids:
        kid.join()
    is_child, importer, pid, pil, setting = seen[0]
    importers = {row[1] for row in seen}
    if importer == me:
        who = "the script itself (as __main__)"
    elif importer == pid:
        who = "the child itself"
    elif len(importers) == 1:
        who = "one other process (the server), once for both children"
    else:
        who = f"other processes {sorted(importers)}"
    return (
        f"{method:10} parent is the script: {is_child}; script imported by: {who}; "
        f"Pillow already imported when the task began: {pil}; SETTING={setting!r}"
    )


def no_guard(method: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "no_guard.py"
        script.write_text(NO_GUARD.replace("METHOD", repr(method)))
        proc = subprocess.Popen(
            [sys.executable, str(script)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=4)
            ending = f"exited with rc {proc.returncode}"
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            out, err = proc.communicate()
            ending = "still running after 4 s (killed)"
    said = "RuntimeError" in err and "An attempt has been made to start a new process" in err
    return f"{method:10} no guard: {ending}; printed {out.strip() or 'nothing'}; the RuntimeError: {said}"


def lambda_target(method: str) -> str:
    ctx: Any = multiprocessing.get_context(method)
    child = ctx.Process(target=lambda: None)
    try:
        child.start()
    except Exception as error:  # noqa: BLE001 - the point is to show it
        return f"{method}: start() raised {type(error).__name__}"
    child.join()
    return f"{method}: ran, exit code {child.exitcode}"


def main() -> None:
    global SETTING
    SETTING = "set at run time"
    print(f"Python {sys.version.split()[0]}: default start method {multiprocessing.get_start_method()}")
    for method in ("fork", "forkserver", "spawn"):
        print(child_view(method))
    print("Process(target=lambda: None):", "; ".join(lambda_target(m) for m in ("fork", "forkserver")))
    for method in ("forkserver", "spawn"):
        print(no_guard(method))


if __name__ == "__main__":
    main()
