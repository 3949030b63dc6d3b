"""The join-before-drain deadlock: the exact size at which it starts, ``SimpleQueue``, and
which process waits for its feeder thread at exit.

Claims in katas/q9/README.md and solutions/q9/ANSWER.md: a worker that put a result on a
``Queue`` cannot exit until its feeder thread has written it all into the pipe (64 KiB
on Linux); with ``join()`` before ``get()``, a 65,514-byte ``bytes`` result lets the
worker exit and 65,515 bytes does not (the message is the pickle plus a 4-byte length
header); a ``SimpleQueue`` (no feeder thread) blocks in ``put()`` instead, with the same
result; the process that created the queue waits for its own feeder at exit too
(``Queue.cancel_join_thread()`` lets it exit without the unread data); get() unblocks
all of them.

    python bench/facts/a50_queue_pipe_capacity.py

Measured 2026-12-08 (2-core Linux VM, fork), the same on 3.10.13, 3.11.7, 3.12.1,
3.13.0, 3.14.10 and 3.15.2 (pickle.DEFAULT_PROTOCOL 4 up to 3.13, 5 from 3.14):
    "pickle of bytes(65,514): 65,532 bytes; with the 4-byte header: 65,536"
    "Queue, 65,514 bytes: worker exited before get(): True"
    "Queue, 65,515 bytes: worker exited before get(): False; after get(): True"
    "SimpleQueue, 100,000 bytes: worker exited before get(): False; after get(): True"
    "the creator of a Queue, 1 MiB unread, at exit: still running after 5 s (killed);
      with cancel_join_thread(): exited rc 0 after 0.1 s"
"""

from __future__ import annotations

import multiprocessing
import pickle
import subprocess
import sys
import time
from multiprocessing.reduction import ForkingPickler
from typing import Any

CREATOR = """
import multiprocessing, sys
q = multiprocessing.get_context("fork").Queue()
q.put(bytes(2**20))          # nobody will read it
if sys.argv[1] == "cancel":
    q.cancel_join_thread()
print("main() done")
"""


def put_bytes(q: Any, n: int) -> None:
    q.put(bytes(n))


def exits_before_get(kind: str, n: int) -> str:
    ctx: Any = multiprocessing.get_context("fork")
    q = getattr(ctx, kind)()
    worker = ctx.Process(target=put_bytes, args=(q, n))
    worker.start()
    worker.join(1.5)
    exited = not worker.is_alive()
    got = len(q.get())  # the worker is alive (or has sent it): this returns
    worker.join(10)
    return f"{kind}, {n:,} bytes: worker exited before get(): {exited}; after get(): {not worker.is_alive()} ({got:,} read)"


def creator_exit(mode: str) -> str:
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", CREATOR, mode], capture_output=True, text=True, timeout=5)
        ended = f"exited rc {done.returncode} after {time.perf_counter() - started:.1f} s"
    except subprocess.TimeoutExpired:
        ended = "still running after 5 s (killed)"
    return ended


def main() -> None:
    print(f"Python {sys.version.split()[0]}; pickle.DEFAULT_PROTOCOL {pickle.DEFAULT_PROTOCOL}")
    for n in (65_514, 65_515):
        size = len(ForkingPickler.dumps(bytes(n)))
        print(f"  pickle of bytes({n:,}): {size:,} bytes; with the 4-byte header: {size + 4:,}")
    for n in (65_514, 65_515):
        print(" ", exits_before_get("Queue", n))
    print(" ", exits_before_get("SimpleQueue", 100_000))
    print(f"  the creator of a Queue, 1 MiB unread, at exit: {creator_exit('plain')}; "
          f"with cancel_join_thread(): {creator_exit('cancel')}")


if __name__ == "__main__":
    main()
