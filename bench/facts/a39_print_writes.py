"""How many ``write`` calls one ``print()`` makes, with and without ``-u``.

Claim in katas/q6/README.md (Hint 3) and solutions/q6/ANSWER.md ("One write per
line"): with unbuffered output (``python -u`` or ``PYTHONUNBUFFERED=1``),
``print(line)`` makes two writes, the text and then the newline, so another process
can write in between; ``sys.stdout.write(line + "\\n")`` then ``flush()`` makes one;
with ordinary buffered output ``print(line, flush=True)`` makes one. The child's
stdout is a ``SOCK_SEQPACKET`` socket, which keeps the boundary of every write, so the
number of messages received is the number of write calls.

    python bench/facts/a39_print_writes.py

The buffered case runs with ``PYTHONUNBUFFERED`` removed from the child's
environment (it is set on the machine where this was measured, which makes every
``print`` there two writes).

Measured 2026-12-08 (2-core Linux VM), the same on 3.10.13, 3.11.7, 3.12.1, 3.13.0,
3.14.10 and 3.15.2:
    -u, print(line)                               2 write(s): [b'process 12345 prints 1', b'\n']
    -u, sys.stdout.write(line + '\n'); flush()    1 write(s): [b'process 12345 prints 1\n']
    buffered, print(line, flush=True)             1 write(s): [b'process 12345 prints 1\n']
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

LINE = "process 12345 prints 1"
CASES = {
    "-u, print(line)": (["-u"], f"print({LINE!r})"),
    "-u, sys.stdout.write(line + '\\n'); flush()": (
        ["-u"], f"import sys; sys.stdout.write({LINE!r} + '\\n'); sys.stdout.flush()"
    ),
    "buffered, print(line, flush=True)": ([], f"print({LINE!r}, flush=True)"),
}


def writes(flags: list[str], code: str) -> list[bytes]:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    with ours, theirs:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered unless -u
        subprocess.run([sys.executable, *flags, "-c", code], stdout=theirs.fileno(), env=env, check=True, timeout=30)
        theirs.close()
        messages = []
        while message := ours.recv(4096):
            messages.append(message)
    return messages


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    for label, (flags, code) in CASES.items():
        got = writes(flags, code)
        print(f"  {label:45} {len(got)} write(s): {got}")


if __name__ == "__main__":
    main()
