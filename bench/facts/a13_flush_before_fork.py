"""Buffered output and process creation: ``start()`` flushes, a bare fork does not, ``os._exit`` loses.

Claims in katas/q3/README.md ("Going further": ``sys.exit`` vs ``os._exit``, flush
before fork) and solutions/q3/ANSWER.md ("Why the two lines come out in order"): with
stdout on a pipe and ``PYTHONUNBUFFERED`` unset, a line printed before a bare
``os.fork()`` and not flushed comes out twice, once from each process; on POSIX
``Process.start()`` flushes stdout first, under every start method, so it comes out
once; a child that prints and then calls ``os._exit(0)`` loses its line, one that
returns normally does not.

    python bench/facts/a13_flush_before_fork.py

Measured 2026-12-08, 2-core Linux VM: the same on 3.10.13, 3.11.7, 3.12.1, 3.13.0,
3.14.10 and 3.15.2:
    bare os.fork(): 'parent line' appears 2 time(s)
    fork/forkserver/spawn Process.start(): 'parent line' 1 time(s); child that returns:
      'Viva La' 1 time(s); child that calls os._exit(0) after print: 'Viva La' 0 time(s)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

BARE_FORK = """
import os
print("parent line")
pid = os.fork()
if pid:
    os.waitpid(pid, 0)
"""  # both processes then exit normally, each flushing its copy of the buffer

START = """
import multiprocessing, os, sys

def greetings():
    print("Viva La")

def greetings_then_os_exit():
    print("Viva La")
    os._exit(0)

if __name__ == "__main__":
    ctx = multiprocessing.get_context(sys.argv[1])
    target = greetings_then_os_exit if sys.argv[2] == "os_exit" else greetings
    print("parent line")
    child = ctx.Process(target=target)
    child.start()
    child.join()
"""


def stdout_of(code: str, *args: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    with tempfile.TemporaryDirectory() as name:
        script = Path(name) / "program.py"  # a file: spawn children must find __main__
        script.write_text(code)
        done = subprocess.run(
            [sys.executable, str(script), *args], env=env, stdout=subprocess.PIPE, text=True, timeout=60, check=True
        )
    return done.stdout


def main() -> None:
    bare = stdout_of(BARE_FORK).count("parent line")
    print(f"Python {sys.version.split()[0]}: bare os.fork(): 'parent line' appears {bare} time(s)")
    for method in ("fork", "forkserver", "spawn"):
        returns = stdout_of(START, method, "return")
        exits = stdout_of(START, method, "os_exit")
        print(
            f"  {method} Process.start(): 'parent line' {returns.count('parent line')} time(s); child that "
            f"returns: 'Viva La' {returns.count('Viva La')} time(s); child that calls os._exit(0) after "
            f"print: 'Viva La' {exits.count('Viva La')} time(s)"
        )


if __name__ == "__main__":
    main()
