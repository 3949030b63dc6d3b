"""What a grader calls: captured output, argument checks, and running programs.

Fixtures that hand these to tests live in ``plugin``; this module holds the logic so
that it can be typed, documented and tested on its own.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, TextIO

import pytest

from katas._kit import tagged_output, workloads
from katas._kit.processes import Recorder
from katas._kit.sources import NotAttempted, function_in_traceback_text
from katas._kit.tagged_output import Line

SITE_DIR = Path(__file__).resolve().parent / "site"


def grades(kata: str, module: str) -> pytest.MarkDecorator:
    """Mark a grader module: ``pytestmark = grades("q5", "worker_pool")``."""
    return pytest.mark.grades(kata, module)


def child_environment(start_method: str | None, nonce: str) -> dict[str, str]:
    """Environment entries that make Python children tag their stdout with their pid
    (framed with ``nonce``), and make ``start_method`` the default in programs that a
    grader runs."""
    paths = [str(SITE_DIR)]
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    env = {"PYTHONPATH": os.pathsep.join(paths), tagged_output.TAG_ENV: nonce}
    if start_method:
        env[tagged_output.START_METHOD_ENV] = start_method
    return env


class CapturedOutput:
    """Everything written to file descriptor 1 while active, with the writer's pid.

    Works under every start method: fork children inherit the tagged ``sys.stdout``,
    spawn and forkserver children (and Python programs run meanwhile) install it at
    start-up from the environment set here. A forkserver started before the capture is
    replaced at the first start inside it, so the server too starts inside the capture
    (docs/FOUNDATIONS.md #1).
    """

    def __init__(self, start_method: str | None) -> None:
        self._start_method = start_method
        self._nonce = secrets.token_hex(8)
        self._file = tempfile.TemporaryFile()
        self._saved_fd: int | None = None
        self._saved_streams: tuple[TextIO, TextIO] | None = None
        self._saved_env: dict[str, str | None] = {}

    def __enter__(self) -> CapturedOutput:
        sys.stdout.flush()
        self._saved_fd = os.dup(1)
        os.dup2(self._file.fileno(), 1)
        self._saved_streams = (sys.stdout, sys.__stdout__)  # type: ignore[assignment]
        tagged_output.install(self._nonce)
        for key, value in child_environment(self._start_method, self._nonce).items():
            self._saved_env[key] = os.environ.get(key)
            os.environ[key] = value
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if self._saved_streams is not None:
            sys.stdout = self._saved_streams[0]
            sys.__stdout__ = self._saved_streams[1]  # type: ignore[misc,assignment]
        if self._saved_fd is not None:
            os.dup2(self._saved_fd, 1)
            os.close(self._saved_fd)
            self._saved_fd = None
        # Shown under "Captured stdout" when a test fails, one writer per line.
        for line in self.lines():
            print(f"[{describe_writer(line.pid)}] {line.text}")

    def raw(self) -> bytes:
        self._file.seek(0)
        return self._file.read()

    def lines(self) -> list[Line]:
        return tagged_output.parse(self.raw(), self._nonce)

    def matching(self, pattern: str) -> list[Line]:
        """Lines that contain ``pattern`` (a regular expression), whoever wrote them."""
        regex = re.compile(pattern)
        return [line for line in self.lines() if regex.search(line.text)]


#: Why a line has no writer: it bypassed the stream the kit tags (os.write to fd 1).
UNTAGGED = (
    "was written around sys.stdout (os.write to file descriptor 1, say), so the grader "
    "cannot tell which process wrote it: write it with print() or sys.stdout.write()"
)


def describe_writer(pid: int | None) -> str:
    if pid is None:
        return "untagged"
    return "parent" if pid == os.getpid() else f"pid {pid}"


BAD_COUNTS: Sequence[tuple[object, type[Exception]]] = (
    (True, TypeError),
    (2.5, TypeError),
    ("4", TypeError),
    (None, TypeError),
    (0, ValueError),
    (-1, ValueError),
)


def assert_rejects_bad_count(
    call: Callable[[Any], object],
    argname: str,
    recorder: Recorder,
    bad: Sequence[tuple[object, type[Exception]]] = BAD_COUNTS,
    hint: str = "",
) -> None:
    """``call(value)`` must raise the right error for each bad value, naming ``argname``,
    before any process starts. ``bad`` defaults to the rules for a count of workers;
    ``hint`` is added to the message when a bad value is accepted."""
    for value, expected in bad:
        started_before = len(recorder.launches)
        try:
            call(value)
        except NotImplementedError:
            raise
        except Exception as error:  # noqa: BLE001 - judged just below
            assert isinstance(error, expected), (
                f"{argname}={value!r} raised {type(error).__name__}: {error}; "
                f"expected {expected.__name__}"
            )
            assert argname in str(error), (
                f"{argname}={value!r}: the {expected.__name__} message should name the "
                f"argument '{argname}', got: {error}"
            )
        else:
            pytest.fail(f"{argname}={value!r} was accepted; expected {expected.__name__}{hint}")
        started = len(recorder.launches) - started_before
        assert started == 0, (
            f"{argname}={value!r}: {started} process(es) were started before the error; "
            f"check arguments before creating any process or pool"
        )


def assert_rejects_value(
    call: Callable[[], object], expected: type[Exception], argname: str, recorder: Recorder
) -> None:
    """``call()`` must raise ``expected`` naming ``argname``, before any process starts."""
    started_before = len(recorder.started)
    with pytest.raises(expected) as caught:
        call()
    assert argname in str(caught.value), (
        f"the {expected.__name__} message should name '{argname}', got: {caught.value}"
    )
    assert len(recorder.started) == started_before, (
        f"processes were started before the {expected.__name__} about '{argname}'; "
        "check arguments before creating any process or pool"
    )


@dataclass(frozen=True)
class ProgramRun:
    pid: int
    returncode: int
    lines: list[Line]
    stderr: str


def run_program(
    args: Sequence[str],
    *,
    cwd: Path,
    start_method: str | None,
    timeout: float,
    kata: str,
    module_file: Path,
) -> ProgramRun:
    """Run ``python args...`` as a learner would, under ``start_method``.

    Each line of its stdout comes back with the pid of the process that wrote it. A
    stub's traceback on stderr becomes "not attempted".
    """
    nonce = secrets.token_hex(8)
    env = {**os.environ, **child_environment(start_method, nonce)}
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            [sys.executable, *args],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            pytest.fail(f"`python {' '.join(args)}` did not finish within {timeout} s")
        out.seek(0)
        lines = tagged_output.parse(out.read(), nonce)
    stderr = err.decode("utf-8", "replace")
    if "NotImplementedError" in stderr:
        where = function_in_traceback_text(stderr, module_file)
        if where is not None:
            what = f" (run as a program)" if where == "<module>" else f".{where}"
            raise NotAttempted(kata, f"{module_file.stem}{what}")
    return ProgramRun(proc.pid, proc.returncode, lines, stderr)


def module_file(module: ModuleType) -> Path:
    return Path(module.__file__ or "").resolve()


def available_start_methods() -> list[str]:
    """The start methods graded on this platform, its default first.

    Linux: fork, forkserver, spawn. macOS: spawn (its default) and fork; Python offers
    forkserver there too, but the kata contract grades the two that macOS code meets.
    """
    offered = multiprocessing.get_all_start_methods()
    preferred = ["spawn", "fork"] if sys.platform == "darwin" else ["fork", "forkserver", "spawn"]
    return [m for m in preferred if m in offered]


class ParentCallSpy:
    """Stands in for a kata function and counts the calls made in the parent itself.

    It pickles as "``module.name``, looked up in the child", so a spawn or forkserver
    worker runs the learner's real function; a forked worker finds the spy it
    inherited, which does not count there because its pid differs from the parent's.
    """

    def __init__(self, module: ModuleType, name: str) -> None:
        self.original = getattr(module, name)
        self.location = (module.__name__, name)
        self.parent = os.getpid()
        self.count = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() == self.parent:
            self.count += 1
        return self.original(*args, **kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (workloads.resolve, self.location)


def spy_on_parent_calls(
    monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str
) -> ParentCallSpy:
    """Replace ``module.name`` by a ``ParentCallSpy`` for the rest of the test."""
    spy = ParentCallSpy(module, name)
    monkeypatch.setattr(module, name, spy)
    return spy
