"""Values and functions that remember which process worked on them.

A grader cannot tell from a result alone where it was computed: ``[0, 1, 4]`` looks
the same whether a worker or the parent squared the numbers, or whether they were
typed in. So graders hand learners' code values and functions that keep evidence:

- ``TracedInt``: an ``int`` whose arithmetic results remember the pid of the process
  that computed them (``computed_by``). Pickling keeps the pid, so a result squared
  in a worker and sent back still says which worker squared it. An original value
  (made by the grader) also has a ``label``; every operation on an original is
  written to the trace directory (``TRACE_DIR_ENV``) under the pid that performed it.
- ``Recorded``: wraps a grader function; every call writes one record (pid, thread,
  start and end time, outcome) into a directory, so the grader sees each call and
  the process that made it, even when the learner's code discards the result.

This module runs in every child that unpickles such a value: standard library only.
"""

from __future__ import annotations

import os
import pickle
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TRACE_DIR_ENV = "MPKATAS_TRACE_DIR"


def _rebuild(value: int, pid: int | None, label: int | None) -> TracedInt:
    return TracedInt(value, pid=pid, label=label)


def _note(op: str, operands: tuple[object, ...]) -> None:
    """Log an operation on the grader's original values, under this process's pid."""
    directory = os.environ.get(TRACE_DIR_ENV)
    labels = [o.label for o in operands if isinstance(o, TracedInt) and o.label is not None]
    if not directory or not labels:
        return
    line = f"{op} {' '.join(map(str, labels))}\n"
    with open(os.path.join(directory, f"{os.getpid()}.ops"), "a", encoding="utf-8") as log:
        log.write(line)


class TracedInt(int):
    """An int whose arithmetic results remember the process that computed them."""

    pid: int | None  # who computed this value; None for the grader's originals
    label: int | None  # which original this is; None for computed values

    def __new__(cls, value: int, pid: int | None = None, label: int | None = None) -> TracedInt:
        made = super().__new__(cls, value)
        made.pid = pid
        made.label = label
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (int.__int__(self), self.pid, self.label))

    def __repr__(self) -> str:
        return int.__repr__(self)

    def _result(self, op: str, value: object, *operands: object) -> Any:
        _note(op, (self, *operands))
        if isinstance(value, int) and not isinstance(value, bool):
            return TracedInt(value, pid=os.getpid())
        return value

    def __add__(self, other: Any) -> Any:
        return self._result("add", int.__add__(self, other), other)

    def __radd__(self, other: Any) -> Any:
        return self._result("add", int.__radd__(self, other), other)

    def __sub__(self, other: Any) -> Any:
        return self._result("sub", int.__sub__(self, other), other)

    def __rsub__(self, other: Any) -> Any:
        return self._result("sub", int.__rsub__(self, other), other)

    def __mul__(self, other: Any) -> Any:
        return self._result("mul", int.__mul__(self, other), other)

    def __rmul__(self, other: Any) -> Any:
        return self._result("mul", int.__rmul__(self, other), other)

    def __pow__(self, other: Any, modulo: Any = None) -> Any:
        return self._result("pow", int.__pow__(self, other, modulo), other)

    def __rpow__(self, other: Any, modulo: Any = None) -> Any:
        return self._result("pow", int.__rpow__(self, other, modulo), other)

    def __floordiv__(self, other: Any) -> Any:
        return self._result("floordiv", int.__floordiv__(self, other), other)

    def __rfloordiv__(self, other: Any) -> Any:
        return self._result("floordiv", int.__rfloordiv__(self, other), other)

    def __mod__(self, other: Any) -> Any:
        return self._result("mod", int.__mod__(self, other), other)

    def __rmod__(self, other: Any) -> Any:
        return self._result("mod", int.__rmod__(self, other), other)

    def __lshift__(self, other: Any) -> Any:
        return self._result("lshift", int.__lshift__(self, other), other)

    def __int__(self) -> int:
        _note("int", (self,))
        return int.__int__(self)

    def __index__(self) -> int:
        _note("int", (self,))
        return int.__index__(self)

    def __neg__(self) -> Any:
        return self._result("neg", int.__neg__(self))

    def __abs__(self) -> Any:
        return self._result("abs", int.__abs__(self))


def traced(values: Iterable[int]) -> list[TracedInt]:
    """The grader's originals: value ``i`` of the input gets label ``i``."""
    return [TracedInt(value, label=i) for i, value in enumerate(values)]


def computed_by(value: object) -> int | None:
    """The pid that computed ``value``; None when it carries no trace (a plain int,
    typed in or rebuilt with ``int()``) or is one of the grader's originals."""
    return value.pid if isinstance(value, TracedInt) else None


def operations(directory: Path) -> dict[int, list[tuple[str, tuple[int, ...]]]]:
    """Every logged operation on the originals, per pid: ``(op, labels)``."""
    found: dict[int, list[tuple[str, tuple[int, ...]]]] = {}
    for log in sorted(directory.glob("*.ops")):
        entries = found.setdefault(int(log.stem), [])
        for line in log.read_text(encoding="utf-8").splitlines():
            op, *labels = line.split()
            entries.append((op, tuple(int(label) for label in labels)))
    return found


@dataclass(frozen=True)
class Call:
    """One call of a ``Recorded`` function, as the process that made it saw it."""

    pid: int
    thread: int
    args: str  # repr of the arguments, shortened
    started: float  # time.time() when the call began
    ended: float
    error: str | None  # "ValueError: ..." when the function raised


class Recorded:
    """A grader function that writes one record per call into ``directory``.

    Picklable by reference to this class, so it reaches pool workers, ``Process``
    targets and executor workers under every start method (and through cloudpickle).
    """

    def __init__(self, func: Callable[..., Any], directory: str) -> None:
        self.func = func
        self.directory = directory
        self.__name__ = getattr(func, "__name__", "recorded")
        self.__qualname__ = self.__name__

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        started = time.time()
        error: str | None = None
        try:
            return self.func(*args, **kwargs)
        except BaseException as raised:
            error = f"{type(raised).__name__}: {raised}"
            raise
        finally:
            shown = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
            call = Call(os.getpid(), threading.get_ident(), shown[:200], started, time.time(), error)
            name = os.path.join(self.directory, f"{os.getpid()}-{uuid.uuid4().hex}.call")
            with open(name, "wb") as record:
                pickle.dump(call, record)

    def __repr__(self) -> str:
        return f"<grader function {self.__name__}>"


def calls_in(directory: Path) -> list[Call]:
    """Every call recorded in ``directory``, in the order the calls began."""
    found = []
    for path in directory.glob("*.call"):
        try:
            found.append(pickle.loads(path.read_bytes()))
        except (EOFError, pickle.UnpicklingError):
            continue  # a process killed mid-write (a timed-out task): not a finished call
    return sorted(found, key=lambda call: call.started)
