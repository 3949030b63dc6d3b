"""Closing a SharedMemory block while a numpy view of it is alive.

Claims in katas/q10/README.md ("Shared memory with numpy") and
solutions/q10/ANSWER.md: with ``np.frombuffer(block.buf)`` the buffer stays exported,
so ``block.close()`` raises ``BufferError``; with ``np.ndarray(..., buffer=block.buf)``
it does not, ``close()`` succeeds, and using the old view afterwards reads unmapped
memory and kills the process (SIGSEGV).

Each case runs in a fresh interpreter (the second one is expected to crash), which
creates a block, views it, closes it, then reads the view, and unlinks the block in a
``finally`` (a crashed interpreter cannot: the parent then unlinks it by name).

    python bench/facts/a63_numpy_view_close.py

Measured 2026-12-08 (2-core Linux VM), the same on all six:
    3.10.13 (numpy 2.2.6), 3.11.7 (numpy 2.4.6), 3.12.1, 3.13.0, 3.14.10, 3.15.2 (numpy
    2.5.5):
      np.frombuffer(block.buf): close() raised BufferError: cannot close exported
        pointers exist; then reading the view: sum 1536.0
      np.ndarray(buffer=block.buf): close() succeeded; then the process died of SIGSEGV
"""

from __future__ import annotations

import signal
import subprocess
import sys
from multiprocessing.shared_memory import SharedMemory

CASE = """
import sys
import numpy as np
from multiprocessing.shared_memory import SharedMemory
block = SharedMemory(create=True, size=8 * 1024)
print(block.name, flush=True)
try:
    if sys.argv[1] == "frombuffer":
        view = np.frombuffer(block.buf, dtype=np.float64)
    else:
        view = np.ndarray((1024,), dtype=np.float64, buffer=block.buf)
    view[:] = 1.5
    try:
        block.close()
        print("close() succeeded", flush=True)
    except BufferError as error:
        print(f"close() raised BufferError: {error}", flush=True)
    print(f"then reading the view: sum {float(view.sum())}", flush=True)
    del view
    block.close()
finally:
    block.unlink()
"""


def run(kind: str) -> str:
    done = subprocess.run([sys.executable, "-c", CASE, kind], capture_output=True, text=True, timeout=60)
    lines = done.stdout.strip().splitlines()
    name, said = lines[0], lines[1:]
    if done.returncode < 0:
        said.append(f"then the process died of {signal.Signals(-done.returncode).name}")
        try:  # it could not unlink its block: do it here
            SharedMemory(name=name).unlink()
        except FileNotFoundError:
            pass
    elif done.returncode != 0:
        said.append(f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1]}")
    return "; ".join(said)


def main() -> None:
    import numpy

    print(f"Python {sys.version.split()[0]}, numpy {numpy.__version__}")
    print(f"  np.frombuffer(block.buf): {run('frombuffer')}")
    print(f"  np.ndarray(buffer=block.buf): {run('ndarray')}")


if __name__ == "__main__":
    main()
