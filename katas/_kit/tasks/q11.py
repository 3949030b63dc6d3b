"""Grader functions for q11: an executor's errors, first results and crashed workers.

``Scripted(directory, script)`` is the function the grader hands to the learner's code.
Called with an int item, it first writes an *attempt* record (``<pid>-<uuid>.attempt``,
holding the item) and only then does what the script says for that item: square it
(the default), sleep or wait for other results first, raise an exception, or crash its worker (``os._exit(1)``
or SIGKILL). The record is written before anything else happens, so even an attempt
whose worker dies is counted: the grader knows how often each item ran, and where.

Its results are ``Answer`` ints: they remember the pid that computed them, and when one
is unpickled in the grader's own process (which is how a result reaches the caller from
an executor worker), it writes a *receipt* (``<item>-<uuid>.received``). A crash can
then wait until the other items' results have reached the caller (``Crash.after``), so
"results that arrived before the crash are kept" is tested without guessing at timing.

Imported in every worker that unpickles one of these: standard library only.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ATTEMPT = ".attempt"
RECEIVED = ".received"
#: How long a gated crash waits for the results it waits on, at most.
GATE_SECONDS = 5.0


class GraderError(Exception):
    """An exception type of the grader's own, so its name cannot be guessed."""


_KINDS: dict[str, type[Exception]] = {
    "ValueError": ValueError,
    "KeyError": KeyError,
    "GraderError": GraderError,
}


def make_error(kind: str, message: str) -> Exception:
    """The exception ``Raise(kind, message)`` raises (the grader builds the same one to
    know the expected text)."""
    return _KINDS[kind](message)


def describe_error(error: BaseException) -> str:
    """``"ValueError: message"``: how q11 reports an error."""
    return f"{type(error).__name__}: {error}"


@dataclass(frozen=True)
class Sleep:
    """Sleep ``seconds``, then square the item."""

    seconds: float


@dataclass(frozen=True)
class Await:
    """Wait (up to ``GATE_SECONDS``) until the results of ``items`` have reached the
    grader's process, then square the item: a task that surely finishes after those."""

    items: tuple[int, ...]


@dataclass(frozen=True)
class Raise:
    """Raise ``make_error(kind, message)`` (after ``delay`` seconds)."""

    kind: str
    message: str
    delay: float = 0.0


@dataclass(frozen=True)
class Crash:
    """Kill this worker: ``how`` is ``"exit"`` (``os._exit(1)``) or ``"kill"`` (SIGKILL).

    ``after``: first wait (up to ``GATE_SECONDS``) until the results of these items have
    reached the grader's process. ``up_to``: crash on the first ``up_to`` attempts of
    this item only; a later attempt squares it (None: crash on every attempt). This lets
    a caller that retries forever end, so the grader can count its attempts.
    """

    how: str = "exit"
    after: tuple[int, ...] = ()
    up_to: int | None = None


Action = Sleep | Await | Raise | Crash


class Answer(int):
    """An item's square, remembering the pid that computed it.

    Unpickled in the grader's process (the only place an executor sends results to), it
    leaves a receipt, so a crash gated on it knows the result has arrived.
    """

    pid: int
    item: int
    grader: int
    directory: str

    def __new__(cls, value: int, item: int, pid: int, grader: int, directory: str) -> Answer:
        made = super().__new__(cls, value)
        made.item = item
        made.pid = pid
        made.grader = grader
        made.directory = directory
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (_arrived, (int(self), self.item, self.pid, self.grader, self.directory))

    def __copy__(self) -> Answer:
        return self

    def __deepcopy__(self, memo: object) -> Answer:
        return self

    def __repr__(self) -> str:
        return int.__repr__(self)


def _arrived(value: int, item: int, pid: int, grader: int, directory: str) -> Answer:
    if os.getpid() == grader and pid != grader:
        _touch(Path(directory) / f"{item}-{uuid.uuid4().hex}{RECEIVED}", "")
    return Answer(value, item, pid, grader, directory)


def computed_by(value: object) -> int | None:
    """The pid that computed an ``Answer``; None for anything else."""
    return value.pid if isinstance(value, Answer) else None


def _touch(path: Path, text: str) -> None:
    # Written under a temporary name and renamed: a reader never sees half a record.
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


class Scripted:
    """The grader's function: ``Scripted(directory, script)(item)``.

    Records the attempt, then follows ``script.get(item)``: ``None`` squares the item,
    ``Sleep``, ``Await``, ``Raise`` and ``Crash`` do what they say. Picklable (a module-level class
    holding plain data), so it reaches executor workers under every start method.
    """

    def __init__(self, directory: str | Path, script: dict[int, Action] | None = None) -> None:
        self.directory = str(directory)
        self.script = dict(script or {})
        self.grader = os.getpid()
        self.__name__ = "grader_function"
        self.__qualname__ = self.__name__

    def __call__(self, item: int) -> Answer:
        _touch(Path(self.directory) / f"{os.getpid()}-{uuid.uuid4().hex}{ATTEMPT}", f"{item} {time.time()!r}")
        action = self.script.get(item)
        if isinstance(action, Sleep):
            time.sleep(action.seconds)
        elif isinstance(action, Await):
            self._wait_for(action.items)
        elif isinstance(action, Raise):
            if action.delay:
                time.sleep(action.delay)
            raise make_error(action.kind, action.message)
        elif isinstance(action, Crash):
            if action.up_to is None or attempts_of(Path(self.directory), item) <= action.up_to:
                self._wait_for(action.after)
                if action.how == "kill":
                    os.kill(os.getpid(), signal.SIGKILL)
                    time.sleep(60)  # not reached: SIGKILL cannot be caught
                os._exit(1)
        return Answer(item * item, item, os.getpid(), self.grader, self.directory)

    def _wait_for(self, items: tuple[int, ...]) -> None:
        deadline = time.monotonic() + GATE_SECONDS
        while time.monotonic() < deadline:
            arrived = receipts(Path(self.directory))
            if all(arrived[item] for item in items):
                return
            time.sleep(0.01)

    def __repr__(self) -> str:
        return "<grader function>"


@dataclass(frozen=True)
class Attempt:
    pid: int
    item: int
    started: float


def attempts(directory: Path) -> list[Attempt]:
    """Every attempt recorded in ``directory``, in the order they began."""
    found = []
    for path in directory.glob(f"*{ATTEMPT}"):
        item, started = path.read_text(encoding="utf-8").split()
        found.append(Attempt(int(path.name.split("-", 1)[0]), int(item), float(started)))
    return sorted(found, key=lambda attempt: attempt.started)


def attempts_of(directory: Path, item: int) -> int:
    return sum(attempt.item == item for attempt in attempts(directory))


def receipts(directory: Path) -> Counter[int]:
    """How many times each item's result reached the grader's process."""
    return Counter(int(path.name.split("-", 1)[0]) for path in directory.glob(f"*{RECEIVED}"))
