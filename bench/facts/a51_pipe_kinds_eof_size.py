"""What a ``Pipe()`` is underneath, when ``recv()`` sees end-of-file, and how big a message
it carried here.

Claims in katas/q9/README.md and solutions/q9/ANSWER.md: on Linux a duplex ``Pipe()`` is
a pair of connected Unix sockets, ``Pipe(duplex=False)`` and a ``Queue``'s channel are an
OS pipe; a child that reads until ``EOFError`` ends once the parent closes its end
under spawn and forkserver, and hangs under fork (the child holds an inherited copy of
the parent's end); the documentation warns that very large messages (about 32 MiB and
up, depending on the OS) may raise ``ValueError``: here 256 MiB went through
``send_bytes`` and ``send``.

    python bench/facts/a51_pipe_kinds_eof_size.py

Measured 2026-12-08 (2-core Linux VM), the same on 3.10.13, 3.11.7, 3.12.1, 3.13.0,
3.14.10 and 3.15.2:
    "Pipe(): Unix socket; Pipe(duplex=False): OS pipe; Queue: OS pipe"
    "child reads until EOFError, parent closes its end: fork: still waiting after 3 s;
      forkserver: ended; spawn: ended"
    "send_bytes of 256 MiB received 268,435,456 bytes; send() of the same bytes object
      received 268,435,456"
"""

from __future__ import annotations

import multiprocessing
import os
import stat
import sys
from multiprocessing.connection import Connection
from typing import Any

BIG = 256 * 2**20


def kind(conn: Connection) -> str:
    mode = os.fstat(conn.fileno()).st_mode
    return "Unix socket" if stat.S_ISSOCK(mode) else "OS pipe" if stat.S_ISFIFO(mode) else "other"


def read_until_eof(conn: Connection) -> None:
    try:
        while True:
            conn.recv()
    except EOFError:
        return


def receive_big(conn: Connection, out: Any) -> None:
    raw = conn.recv_bytes()
    obj = conn.recv()
    out.put((len(raw), len(obj)))


def eof(method: str) -> str:
    ctx: Any = multiprocessing.get_context(method)
    mine, theirs = ctx.Pipe()
    child = ctx.Process(target=read_until_eof, args=(theirs,))
    child.start()
    theirs.close()
    mine.send("one message")
    mine.close()
    child.join(3)
    ended = not child.is_alive()
    if not ended:
        child.terminate()
        child.join()
    return f"{method}: {'ended' if ended else 'still waiting after 3 s'}"


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    ctx: Any = multiprocessing.get_context("fork")
    a, b = ctx.Pipe()
    r, w = ctx.Pipe(duplex=False)
    q = ctx.Queue()
    print(f"Pipe(): {kind(a)}; Pipe(duplex=False): {kind(r)}; Queue: {kind(q._reader)}")
    for c in (a, b, r, w):
        c.close()
    q.close()
    print("child reads until EOFError, parent closes its end:", "; ".join(eof(m) for m in ("fork", "forkserver", "spawn")))
    out = ctx.SimpleQueue()
    mine, theirs = ctx.Pipe()
    child = ctx.Process(target=receive_big, args=(theirs, out))
    child.start()
    theirs.close()
    payload = bytes(BIG)
    mine.send_bytes(payload)
    mine.send(payload)
    sizes = out.get()
    child.join()
    mine.close()
    print(f"through a duplex Pipe to a reading child: send_bytes of {BIG // 2**20} MiB received {sizes[0]:,} bytes; "
          f"send() of the same bytes object received {sizes[1]:,}")


if __name__ == "__main__":
    main()
