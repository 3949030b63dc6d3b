"""Standard output that records which process wrote each piece of text.

Children's writes interleave (with ``PYTHONUNBUFFERED=1`` one ``print()`` is two
writes), and the text itself cannot say who wrote it: a parent can print
``process 123 prints 4`` on a child's behalf. So every write is framed with the pid
of the writing process, measured at write time. A forked child inherits the wrapper
and tags its own pid; spawn and forkserver children install it at start-up through
``site/sitecustomize.py`` when ``TAG_ENV`` is set.

This module runs in every child during grading: standard library only, cheap import.
"""

from __future__ import annotations

import io
import os
import re
import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

TAG_ENV = "MPKATAS_TAG_STDOUT"  # its value is the capture's nonce
START_METHOD_ENV = "MPKATAS_START_METHOD"

# A record: \x1e, the capture's nonce, then "|pid|monotonic ns|length" and \x1f, then
# exactly ``length`` bytes of text. The length means text that contains the framing
# bytes (a parent printing a fake record) stays text; the nonce means bytes written
# around the stream cannot pass for a record.
_OPEN = b"\x1e"
_SEP = b"\x1f"


def _header(nonce: bytes) -> re.Pattern[bytes]:
    return re.compile(_OPEN + re.escape(nonce) + rb"\|(\d+)\|(\d+)\|(\d+)" + _SEP)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class _PidTaggedBytes(io.RawIOBase):
    """``sys.stdout.buffer`` of the tagged stream: binary writes are tagged too."""

    def __init__(self, fd: int, nonce: bytes) -> None:
        super().__init__()
        self._fd = fd
        self._nonce = nonce

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        payload = bytes(data)  # type: ignore[call-overload]
        if payload:
            head = f"|{os.getpid()}|{time.monotonic_ns()}|{len(payload)}".encode()
            _write_all(self._fd, _OPEN + self._nonce + head + _SEP + payload)
        return len(payload)

    def fileno(self) -> int:
        return self._fd


class PidTaggedStdout(io.TextIOBase):
    """A text stream on file descriptor ``fd`` that frames each write with the pid."""

    def __init__(self, fd: int = 1, encoding: str = "utf-8", nonce: str | None = None) -> None:
        super().__init__()
        self._fd = fd
        self._encoding = encoding
        self._buffer = _PidTaggedBytes(fd, (nonce or os.environ.get(TAG_ENV) or "-").encode())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    @property
    def errors(self) -> str:  # type: ignore[override]
        return "backslashreplace"

    @property
    def buffer(self) -> _PidTaggedBytes:
        return self._buffer

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._buffer.write(text.encode(self._encoding, "backslashreplace"))
        return len(text)

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        """Nothing is buffered: each write reaches the descriptor at once."""

    def reconfigure(self, **_settings: object) -> None:
        """Accepted and ignored: every write is already unbuffered and tagged."""


@dataclass(frozen=True)
class Line:
    """One line of captured output and the process that wrote it (``None``: untagged)."""

    pid: int | None
    text: str
    #: ``time.monotonic_ns()`` of the line's first write (None for untagged bytes).
    at: int | None = field(default=None, compare=False)


def parse(raw: bytes, nonce: str) -> list[Line]:
    """Split captured bytes into lines per writer, in the order each line was finished.

    Each process's chunks are joined in write order, so a ``print()`` split into two
    writes, or interleaved with other processes' writes, becomes one line again.
    Bytes written outside the tagged stream (``os.write(1, ...)``) count as untagged.
    """
    pending: dict[int | None, tuple[str, int | None]] = {}
    lines: list[Line] = []

    def feed(pid: int | None, text: str, at: int | None) -> None:
        buffered, first = pending.get(pid, ("", None))
        first = first if buffered else at
        *complete, rest = (buffered + text).split("\n")
        for i, line in enumerate(complete):
            lines.append(Line(pid, line, first if i == 0 else at))
        pending[pid] = (rest, at if complete else first)

    header = _header(nonce.encode())
    position = 0
    while position < len(raw):
        match = header.search(raw, position)
        if match is None:
            feed(None, raw[position:].decode("utf-8", "replace"), None)
            break
        if match.start() > position:
            feed(None, raw[position : match.start()].decode("utf-8", "replace"), None)
        end = match.end() + int(match.group(3))
        feed(int(match.group(1)), raw[match.end() : end].decode("utf-8", "replace"), int(match.group(2)))
        position = end
    lines.extend(Line(pid, rest, at) for pid, (rest, at) in pending.items() if rest)
    return lines


#: Every stream ever installed stays referenced: ``print()`` holds only a borrowed
#: reference to ``sys.stdout`` while it writes, so a thread still printing when the
#: stream is replaced would write into freed memory (seen: a segfault of the grading
#: process when code under test left threads printing after a capture ended).
_INSTALLED: list[object] = []


def install(nonce: str | None = None) -> None:
    """Replace this process's stdout by the tagged stream (used in children)."""
    stream: TextIO = PidTaggedStdout(1, nonce=nonce)  # type: ignore[assignment]
    _INSTALLED.append(stream)
    sys.stdout = stream
    sys.__stdout__ = stream  # type: ignore[misc,assignment]  # children only; see grading


def apply_default_start_method(method: str) -> None:
    """Make ``method`` the default without fixing it, so the program may still choose."""
    import multiprocessing.context as context

    concrete = context._concrete_contexts[method]  # type: ignore[attr-defined]
    context._default_context._default_context = concrete  # type: ignore[attr-defined]
