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
from dataclasses import dataclass
from typing import TextIO

TAG_ENV = "MPKATAS_TAG_STDOUT"
START_METHOD_ENV = "MPKATAS_START_METHOD"

_OPEN = b"\x1e"  # record separator, then the pid
_SEP = b"\x1f"  # unit separator, then the text
_CLOSE = b"\x1d"  # group separator ends the record
_RECORD = re.compile(rb"\x1e(\d+)\x1f(.*?)\x1d", re.DOTALL)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class _PidTaggedBytes(io.RawIOBase):
    """``sys.stdout.buffer`` of the tagged stream: binary writes are tagged too."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        payload = bytes(data)  # type: ignore[call-overload]
        if payload:
            _write_all(self._fd, _OPEN + str(os.getpid()).encode() + _SEP + payload + _CLOSE)
        return len(payload)

    def fileno(self) -> int:
        return self._fd


class PidTaggedStdout(io.TextIOBase):
    """A text stream on file descriptor ``fd`` that frames each write with the pid."""

    def __init__(self, fd: int = 1, encoding: str = "utf-8") -> None:
        super().__init__()
        self._fd = fd
        self._encoding = encoding
        self._buffer = _PidTaggedBytes(fd)

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


@dataclass(frozen=True)
class Line:
    """One line of captured output and the process that wrote it (``None``: untagged)."""

    pid: int | None
    text: str


def parse(raw: bytes) -> list[Line]:
    """Split captured bytes into lines per writer, in the order each line was finished.

    Each process's chunks are joined in write order, so a ``print()`` split into two
    writes, or interleaved with other processes' writes, becomes one line again.
    Bytes written outside the tagged stream (``os.write(1, ...)``) count as untagged.
    """
    pending: dict[int | None, str] = {}
    lines: list[Line] = []

    def feed(pid: int | None, text: str) -> None:
        buffered = pending.get(pid, "") + text
        *complete, rest = buffered.split("\n")
        lines.extend(Line(pid, line) for line in complete)
        pending[pid] = rest

    position = 0
    for match in _RECORD.finditer(raw):
        if match.start() > position:
            feed(None, raw[position : match.start()].decode("utf-8", "replace"))
        feed(int(match.group(1)), match.group(2).decode("utf-8", "replace"))
        position = match.end()
    if position < len(raw):
        feed(None, raw[position:].decode("utf-8", "replace"))
    lines.extend(Line(pid, rest) for pid, rest in pending.items() if rest)
    return lines


def install() -> None:
    """Replace this process's stdout by the tagged stream (used in children)."""
    stream: TextIO = PidTaggedStdout(1)  # type: ignore[assignment]
    sys.stdout = stream
    sys.__stdout__ = stream  # type: ignore[misc,assignment]  # children only; see grading


def apply_default_start_method(method: str) -> None:
    """Make ``method`` the default without fixing it, so the program may still choose."""
    import multiprocessing.context as context

    concrete = context._concrete_contexts[method]  # type: ignore[attr-defined]
    context._default_context._default_context = concrete  # type: ignore[attr-defined]
