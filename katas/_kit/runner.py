"""Runs graders as a learner or mentor does (``pytest katas ...`` in a subprocess) and
reads back what happened to each test, how long it took, and what it left running.

The command line (``mpkatas``) and the repository's meta-tests (``tests/harness.py``)
both use it. The outcomes come from pytest's JUnit XML report, not from its console
output, so they do not depend on how pytest formats a run.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import psutil

REPO_ROOT = Path(__file__).resolve().parents[2]
META_TOKEN_ENV = "MPKATAS_META_TOKEN"
MANIFEST_ENV = "MPKATAS_MANIFEST"  # the same name as in the plugin, which writes it
# The kit's one-line report for a function that still raises NotImplementedError.
NOT_ATTEMPTED_MARK = "not attempted yet —"

Status = Literal["passing", "failing", "not attempted", "not graded"]
#: The JUnit property in which the plugin records the try that decided a speed check.
SPEED_PROPERTY = "mpkatas_speed"


@dataclass(frozen=True)
class SpeedFigures:
    """The try that decided a speed check, as the command line draws it: seconds of the
    serial and the parallel run, and how much faster two processes ran than one then."""

    serial: float
    parallel: float
    capacity: float
    required: float  # the speed-up the check asked for at that capacity

    @property
    def speedup(self) -> float:
        return self.serial / self.parallel

    @property
    def possible(self) -> float:
        """Seconds the work would have taken using all the capacity measured."""
        return self.serial / self.capacity

    def to_json(self) -> str:
        return json.dumps(
            {"serial": self.serial, "parallel": self.parallel, "capacity": self.capacity, "required": self.required}
        )

    @classmethod
    def from_json(cls, text: str) -> SpeedFigures | None:
        """None for anything but four positive, finite figures: a chart of them would lie."""
        try:
            loaded = json.loads(text)
            figures = cls(*(float(loaded[key]) for key in ("serial", "parallel", "capacity", "required")))
        except (ValueError, TypeError, KeyError):
            return None
        values = (figures.serial, figures.parallel, figures.capacity, figures.required)
        return figures if all(math.isfinite(v) and v > 0 for v in values) else None


@dataclass(frozen=True)
class Outcome:
    test: str  # e.g. "test_square_all_returns_squares_in_input_order[spawn]"
    module: str  # e.g. "katas.q5.test_worker_pool"
    result: str  # "passed", "failed", "error" or "skipped"
    message: str  # pytest's short message, then the traceback
    summary: str = ""  # the short message alone (JUnit's message attribute)
    speed: SpeedFigures | None = None  # a speed check's deciding try (passed or failed)

    @property
    def start_method(self) -> str:
        return self.test.rsplit("[", 1)[-1].rstrip("]").split("-")[0]

    @property
    def function(self) -> str:
        return self.test.split("[", 1)[0]

    @property
    def kata(self) -> str:
        """``q5`` for a test of ``katas.q5.test_worker_pool``."""
        parts = self.module.split(".")
        return parts[1] if len(parts) > 2 and parts[0] == "katas" else ""

    @property
    def failed(self) -> bool:
        return self.result in ("failed", "error")

    @property
    def not_attempted(self) -> bool:
        return self.failed and NOT_ATTEMPTED_MARK in self.message


@dataclass
class GraderRun:
    exit_code: int
    seconds: float
    outcomes: list[Outcome]
    orphans: list[str]
    output: str
    args: Sequence[str] = field(default_factory=list)
    #: Node ids of every test the run collected, from the run's manifest.
    collected: list[str] = field(default_factory=list)
    #: Why the run did not report every collected test, when it did not.
    ended_early: str | None = None
    #: Forks of the grading process made while it had other threads (each a test's
    #: id, the OS's count of threads and the Python threads' names), from the manifest.
    forks_with_threads: list[dict[str, Any]] = field(default_factory=list)

    def expected(self, kata: str) -> int:
        """How many tests of ``kata`` the run collected (and so should report)."""
        return sum(1 for nodeid in self.collected if nodeid.startswith(f"katas/{kata}/"))

    def by_result(self, result: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.result == result]

    def of(self, function: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.function == function]

    def describe(self) -> str:
        lines = [f"pytest {' '.join(self.args)} -> exit {self.exit_code} in {self.seconds:.1f} s"]
        lines += [f"  {o.result:7} {o.module}::{o.test}  {o.message[:200]}" for o in self.outcomes]
        if self.orphans:
            lines.append(f"  orphans: {self.orphans}")
        lines.append(self.output[-3000:])
        return "\n".join(lines)


#: The only pytest plugins a grader run loads besides the kit's own (named in the
#: repository's conftest.py): whatever else is installed (asyncio, hypothesis or
#: random-order plugins) neither slows each run's start-up nor changes how it runs.
GRADER_PLUGINS = ("-p", "pytest_timeout")


def pycache_dir() -> Path:
    """Where grader runs keep compiled modules: outside every source folder, so a
    learner's or a cohort's folders stay as they were."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mpkatas" / "pycache"


def grader_env() -> dict[str, str]:
    """This process's environment, with plugin autoloading off and bytecode cached.

    Each run starts a fresh interpreter that imports the kit, the graders (rewritten by
    pytest for its assertion messages) and, under spawn and forkserver, the kata modules
    again in every worker. With ``PYTHONDONTWRITEBYTECODE`` set, all of it is compiled
    from source every time: about 1.5 s per run here, hundreds of runs in a cohort.
    """
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(pycache_dir()))
    return env


def run_graders(
    args: Sequence[str],
    *,
    report_dir: Path,
    timeout: float = 600,
    extra_env: dict[str, str] | None = None,
    unset_env: Sequence[str] = (),
) -> GraderRun:
    """Run ``python -m pytest args`` from the repository root; kill and list orphans after.

    The run is judged by what it reports, not by its exit status: the plugin writes a
    manifest of the tests it collected and how far it got, and a run that reports fewer
    tests than it collected (ended by the code under test, by the kit's watchdog, or by
    ``timeout``) carries the reason in ``ended_early``.
    """
    token = uuid.uuid4().hex
    report = report_dir / f"report-{token}.xml"
    manifest = report_dir / f"manifest-{token}.jsonl"
    env = {**grader_env(), META_TOKEN_ENV: token, MANIFEST_ENV: str(manifest), **(extra_env or {})}
    for name in unset_env:
        env.pop(name, None)
    command = [sys.executable, "-m", "pytest", *GRADER_PLUGINS, *args, f"--junitxml={report}", "-q", "-rN"]
    started = time.monotonic()
    timed_out = False
    try:
        proc = subprocess.run(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        exit_code, raw = proc.returncode, proc.stdout + proc.stderr
    except subprocess.TimeoutExpired as expired:
        timed_out = True
        exit_code, raw = -9, (expired.stdout or b"") + (expired.stderr or b"")
    finally:
        # Also when interrupted (Ctrl-C in ``mpkatas watch``): leave nothing running.
        orphans = kill_processes_with_token(token)
    seconds = time.monotonic() - started
    outcomes = read_junit(report) if report.exists() else []
    output = raw.decode("utf-8", "replace")
    notes = read_manifest(manifest)
    collected = [n for note in notes for n in note.get("collected", [])]
    run = GraderRun(exit_code, seconds, outcomes, orphans, output, list(args), collected)
    run.ended_early = _why_early(run, notes, timed_out, timeout)
    run.forks_with_threads = [note["fork_with_threads"] for note in notes if "fork_with_threads" in note]
    return run


def read_manifest(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    notes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError):
            notes.append(json.loads(line))
    return notes


def _why_early(run: GraderRun, notes: list[dict[str, Any]], timed_out: bool, timeout: float) -> str | None:
    if timed_out:
        return f"timed out after {timeout:.0f} s"
    if run.collected and len(run.outcomes) >= len(run.collected) and run.exit_code in (0, 1):
        return None
    if not run.collected and run.exit_code in (0, 1, 5) and run.outcomes:
        return None
    finished = {note["finished"] for note in notes if "finished" in note}
    unfinished = [note["started"] for note in notes if "started" in note and note["started"] not in finished]
    watchdog = next((note["watchdog"] for note in notes if "watchdog" in note), None)
    where = f" at {unfinished[-1]}" if unfinished else ""
    if watchdog:
        reason = watchdog
    elif run.exit_code not in (0, 1):
        reason = f"pytest exited with status {run.exit_code}"
    else:
        reason = "the run reported fewer tests than it collected"
    if not run.collected and not run.outcomes:
        return f"the graders did not run: {last_lines(run.output) or reason}"
    return f"the run ended early{where}: {reason}"


def last_lines(text: str, count: int = 3) -> str:
    """The last few non-blank lines of ``text``, on one line: why a run could not start."""
    return " | ".join(line.strip() for line in text.strip().splitlines()[-count:] if line.strip())


def kill_processes_with_token(token: str, grace: float = 3.0) -> list[str]:
    """Processes that inherited ``token`` and are still alive ``grace`` seconds after the
    run ended: each one is an orphan. (multiprocessing's resource tracker exits by
    itself once the run's last process has closed its pipe, which takes a moment.)"""
    deadline = time.monotonic() + grace
    while True:
        alive = _with_token(token)
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    found = []
    for proc in alive:
        try:
            found.append(f"{proc.pid}: {' '.join(proc.cmdline())[:120]}")
            proc.kill()
        except psutil.Error:
            continue
    return found


def _with_token(token: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get(META_TOKEN_ENV) == token and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except psutil.Error:
            continue
    return found


def read_junit(path: Path) -> list[Outcome]:
    """Every test case of a JUnit XML report, with its result and failure message."""
    outcomes = []
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        result, message, summary = "passed", "", ""
        for tag in ("failure", "error", "skipped"):
            element = case.find(tag)
            if element is not None:
                result = {"failure": "failed"}.get(tag, tag)
                summary = element.get("message") or ""
                message = summary + "\n" + (element.text or "")
                break
        speed = next(
            (
                SpeedFigures.from_json(prop.get("value", ""))
                for prop in case.iter("property")
                if prop.get("name") == SPEED_PROPERTY
            ),
            None,
        )
        outcomes.append(Outcome(case.get("name", ""), case.get("classname", ""), result, message, summary, speed))
    return outcomes


@dataclass(frozen=True)
class Tally:
    """How the tests of one kata went (under one start method, or under all)."""

    passed: int = 0
    failed: int = 0  # failures that are not "not attempted yet"
    not_attempted: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.not_attempted + self.skipped

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> Tally:
        listed = list(outcomes)
        return cls(
            passed=sum(o.result == "passed" for o in listed),
            failed=sum(o.failed and not o.not_attempted for o in listed),
            not_attempted=sum(o.not_attempted for o in listed),
            skipped=sum(o.result == "skipped" for o in listed),
        )


@dataclass(frozen=True)
class KataResult:
    """One kata's grader run on one copy of the kata modules."""

    kata: str
    outcomes: tuple[Outcome, ...]
    #: Why this kata cannot be judged (its run ended early, or reported too few tests).
    not_graded_reason: str | None = None

    @property
    def tally(self) -> Tally:
        return Tally.of(self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failed]

    @property
    def start_methods(self) -> list[str]:
        return list(dict.fromkeys(o.start_method for o in self.outcomes))

    def under(self, start_method: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.start_method == start_method]

    @property
    def status(self) -> Status:
        """Not attempted: nothing passed and every failure is a stub's "not attempted yet".

        A kata with some tests passing and others not attempted is being worked on, so
        it counts as failing: that tells the learner more than "not attempted".
        """
        tally = self.tally
        if not self.outcomes or self.not_graded_reason:
            return "not graded"
        if tally.failed + tally.not_attempted == 0:
            return "passing"
        if tally.failed == 0 and tally.passed == 0:
            return "not attempted"
        return "failing"

    @property
    def speed_not_measured(self) -> list[Outcome]:
        """The kit's speed checks that skipped (the only skips a run may hold)."""
        return [o for o in self.outcomes if o.result == "skipped"]

    def summary(self) -> str:
        """``passing``, ``not attempted``, ``failing 3 of 12``, or ``not graded (why)``."""
        if self.status == "not graded":
            return f"not graded ({self.not_graded_reason or 'no tests reported'})"
        if self.status == "passing" and self.speed_not_measured:
            return "passing, speed not measured"
        if self.status != "failing":
            return self.status
        return f"failing {len(self.failures)} of {len(self.outcomes)}"


def results_by_kata(run: GraderRun, katas: Iterable[str]) -> dict[str, KataResult]:
    """The outcomes of one run, split by kata, each counted against the tests the run
    collected for it: a kata with fewer outcomes than that is "not graded"."""
    results = {}
    for kata in katas:
        outcomes = tuple(o for o in run.outcomes if o.kata == kata)
        expected = run.expected(kata)
        reason = None
        if run.ended_early and (len(outcomes) < expected or not outcomes):
            reason = run.ended_early
        elif len(outcomes) < expected:
            reason = f"{len(outcomes)} of its {expected} tests reported"
        results[kata] = KataResult(kata, outcomes, reason)
    return results
