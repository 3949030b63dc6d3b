"""Who runs the main module's top-level code again: spawn children, or the forkserver once.

Claims in katas/q3/README.md and solutions/q3/ANSWER.md (the ``__main__`` guard),
solutions/q1/ANSWER.md and solutions/q2/ANSWER.md (forkserver children are forks of one
server, not fresh interpreters): a spawn child imports the main script as
``__mp_main__`` itself, every time. A forkserver child is forked from the server; the
server's preload list is ``['__main__']`` by default in every version, but preloading
``__main__`` only works where CPython gh-126631 is fixed (for 3.14; the fix was also
merged into the 3.13 branch in September 2025, PR #138609, long after the 3.13.0
installed here): there the server imports the script once and its children import
nothing; on the 3.10-3.13.0 installed here every forkserver child imports the script
itself, like a spawn child.
``set_forkserver_preload([])`` turns preloading off. The server preloads ``__main__``
only from a file path: a program started as ``python -m package.module`` is imported
again by every forkserver child, on 3.14 and 3.15 too.

A guarded script starts three children one after another; its top level logs the pid
of every process that runs it; each child logs its pid and its parent's pid.

    python bench/facts/a02_forkserver_main_import.py

Measured 2026-12-08, 2-core Linux VM shared with other work (load average 4-6):
    3.10.13, 3.11.7, 3.12.1, 3.13.0:
      spawn: top level ran 3 time(s) as __mp_main__: 3 in a child, 0 in the children's
        parent; children's parent: the script
      forkserver: top level ran 3 time(s) as __mp_main__: 3 in a child, 0 in the children's
        parent; children's parent: another process (the server)
      forkserver-nopreload (set_forkserver_preload([])): the same as forkserver
      forkserver, run as python -m guarded: the same as forkserver
    3.14.10, 3.15.2:
      spawn: the same as above
      forkserver: top level ran 1 time(s) as __mp_main__: 0 in a child, 1 in the children's
        parent; children's parent: another process (the server)
      forkserver-nopreload: top level ran 3 time(s) as __mp_main__: 3 in a child, 0 in the
        children's parent; children's parent: another process (the server)
      forkserver, run as python -m guarded: top level ran 3 time(s) as __mp_main__: 3 in a
        child, 0 in the children's parent; children's parent: another process (the server)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = """
import multiprocessing, os, sys

LOG = sys.argv[2]
with open(LOG, "a") as log:
    log.write(f"top {__name__} {os.getpid()}\\n")


def child() -> None:
    with open(LOG, "a") as log:
        log.write(f"child {os.getpid()} {os.getppid()}\\n")


if __name__ == "__main__":
    method = sys.argv[1]
    ctx = multiprocessing.get_context(method.split("-")[0])
    if method == "forkserver-nopreload":
        ctx.set_forkserver_preload([])
    for _ in range(3):
        p = ctx.Process(target=child)
        p.start()
        p.join()
"""


def who_runs_the_top_level(tmp: Path, script: Path, method: str, as_module: bool = False) -> str:
    log = tmp / f"log-{method}-{as_module}"
    how = ["-m", script.stem] if as_module else [str(script)]
    subprocess.run([sys.executable, *how, method, str(log)], timeout=60, check=True, cwd=tmp)
    lines = [line.split() for line in log.read_text().splitlines()]
    main_pid = next(pid for kind, name, pid in (line for line in lines if line[0] == "top") if name == "__main__")
    children = {line[1] for line in lines if line[0] == "child"}
    parents = {line[2] for line in lines if line[0] == "child"}
    again = [line[2] for line in lines if line[0] == "top" and line[1] == "__mp_main__"]
    in_child = sum(1 for pid in again if pid in children)
    in_server = sum(1 for pid in again if pid in parents and pid != main_pid)
    parent = "the script" if parents == {main_pid} else "another process (the server)"
    return (
        f"top level ran {len(again)} time(s) as __mp_main__: {in_child} in a child, "
        f"{in_server} in the children's parent; children's parent: {parent}"
    )


def main() -> None:
    print(f"Python {sys.version.split()[0]}:")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        script = tmp / "guarded.py"
        script.write_text(SCRIPT)
        for method in ("spawn", "forkserver", "forkserver-nopreload"):
            print(f"  {method}: {who_runs_the_top_level(tmp, script, method)}")
        print(f"  forkserver, run as python -m guarded: {who_runs_the_top_level(tmp, script, 'forkserver', True)}")


if __name__ == "__main__":
    main()
