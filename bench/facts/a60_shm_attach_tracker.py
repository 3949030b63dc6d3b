"""What happens to a SharedMemory block when a process attaches to it by name and exits.

Claims in katas/q10/README.md ("Going further") and solutions/q10/ANSWER.md (shared
memory blocks): attaching with ``SharedMemory(name=...)`` registers the block with the
attaching process's resource tracker on every version (3.13 added ``track=False`` to
opt out, the default is still ``track=True``). A program that is not a
``multiprocessing`` child has a tracker of its own, so when it exits its tracker
unlinks the block and warns about leaked shared_memory objects, although it only
attached. Children started by ``multiprocessing`` (fork, forkserver, spawn) share
the parent's tracker, so their attaching does no harm. An unlinked block is gone:
a later attach raises ``FileNotFoundError``.

The parent creates a 16-byte block; a separate interpreter (``subprocess``) attaches
by name, closes and exits; the parent then looks for the block. Then the same with
``track=False`` (3.13+). Then, in a fresh interpreter of this script, one child per
start method attaches and exits, and that interpreter unlinks the block itself; its
stderr (where the trackers write) is searched for the warning. Last, a separate
interpreter creates a block and exits without ``unlink()``: is the block left behind?

    python bench/facts/a60_shm_attach_tracker.py

Measured 2026-12-08 (2-core Linux VM) on 3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10 and
3.15.2, the same on all six except where noted:
    separate interpreter attaches and exits, tracked: block gone (attaching raises
      FileNotFoundError); other interpreter's stderr: resource_tracker: There appear to
      be 1 leaked shared_memory objects to clean up at shutdown (3.13+ add the name:
      "...at shutdown: {'/psm_7c1616a1'}")
      ... and the creator's own unlink() then raised FileNotFoundError
    separate interpreter attaches with track=False: 3.10-3.12 "TypeError:
      SharedMemory.__init__() got an unexpected keyword argument 'track'"; 3.13.0,
      3.14.10, 3.15.2 "block still there; other interpreter's stderr: no warning"
    multiprocessing children attach and exit: fork exit 0, block still there;
      forkserver exit 0, block still there; spawn exit 0, block still there; stderr of
      that run: clean
    a separate interpreter creates a block, closes it, never unlinks it: block gone
      after it exited; its stderr: the same leaked shared_memory warning
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path
from multiprocessing.shared_memory import SharedMemory
from typing import Any

ATTACH = """
import sys
from multiprocessing.shared_memory import SharedMemory
kwargs = {"track": False} if sys.argv[2] == "untracked" else {}
block = SharedMemory(name=sys.argv[1], **kwargs)
block.close()
"""


def exists(name: str) -> bool:
    """On Linux a block is a file in /dev/shm (attaching to look would register it)."""
    return (Path("/dev/shm") / name.lstrip("/")).exists()


def leak_warning(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if "leaked" in line]
    return lines[0].partition("UserWarning: ")[2] or lines[0] if lines else "no warning"


unlink_failed: list[bool] = []


def separate_interpreter(mode: str) -> str:
    block = SharedMemory(create=True, size=16)
    try:
        done = subprocess.run(
            [sys.executable, "-c", ATTACH, block.name, mode], capture_output=True, text=True, timeout=30
        )
        if done.returncode != 0:
            return f"{mode}: {done.stderr.strip().splitlines()[-1]} (not in this version)"
        state = "still there" if exists(block.name) else "gone (attaching raises FileNotFoundError)"
        return f"{mode}: block {state}; other interpreter's stderr: {leak_warning(done.stderr)}"
    finally:
        block.close()
        try:
            block.unlink()
        except FileNotFoundError:
            # Gone already: this creator's own tracker still lists it; drop it quietly.
            from multiprocessing import resource_tracker

            resource_tracker.unregister(block._name, "shared_memory")  # type: ignore[attr-defined]
            unlink_failed.append(True)


CREATE_AND_LEAVE = """
from multiprocessing.shared_memory import SharedMemory
block = SharedMemory(create=True, size=16)
print(block.name)
block.close()
"""


def creator_never_unlinks() -> str:
    done = subprocess.run([sys.executable, "-c", CREATE_AND_LEAVE], capture_output=True, text=True, timeout=30)
    name = done.stdout.strip()
    state = "still there" if exists(name) else "gone"
    if state == "still there":  # do not leave it behind
        SharedMemory(name=name).unlink()
    return f"block {state} after it exited; its stderr: {leak_warning(done.stderr)}"


def attach(name: str) -> None:
    block = SharedMemory(name=name)
    block.close()


def children_case() -> None:
    """Run in a fresh interpreter: one child per start method attaches and exits."""
    block = SharedMemory(create=True, size=16)
    parts = []
    try:
        for method in ("fork", "forkserver", "spawn"):
            context: Any = multiprocessing.get_context(method)  # a str picks no typed overload
            child = context.Process(target=attach, args=(block.name,))
            child.start()
            child.join()
            parts.append(f"{method} exit {child.exitcode}, block {'still there' if exists(block.name) else 'gone'}")
    finally:
        block.close()
        block.unlink()
    print("; ".join(parts))


def children() -> str:
    done = subprocess.run(
        [sys.executable, __file__, "--children"], capture_output=True, text=True, timeout=60
    )
    noise = "clean" if not done.stderr.strip() else done.stderr.strip().splitlines()[-1]
    return f"{done.stdout.strip()}; stderr of that run: {noise}"


def main() -> None:
    if sys.argv[1:] == ["--children"]:
        children_case()
        return
    print(f"Python {sys.version.split()[0]}")
    print("separate interpreter attaches and exits, " + separate_interpreter("tracked"))
    if unlink_failed:
        print("  ... and the creator's own unlink() then raised FileNotFoundError")
    print("separate interpreter attaches with track=False, " + separate_interpreter("untracked"))
    print("multiprocessing children attach and exit: " + children())
    print("a separate interpreter creates a block, closes it, never unlinks it: " + creator_never_unlinks())


if __name__ == "__main__":
    main()
