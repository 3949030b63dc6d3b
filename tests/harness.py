"""Runs graders the way a learner or mentor does (``pytest katas ...`` in a subprocess)
and reads back what happened to each test, how long it took, and what it left running.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO_ROOT = Path(__file__).resolve().parents[1]
SUBMISSIONS = Path(__file__).resolve().parent / "submissions"
META_TOKEN_ENV = "MPKATAS_META_TOKEN"


@dataclass(frozen=True)
class Outcome:
    test: str  # e.g. "test_square_all_returns_squares_in_input_order[spawn]"
    module: str  # e.g. "katas.q5.test_worker_pool"
    result: str  # "passed", "failed", "error" or "skipped"
    message: str

    @property
    def start_method(self) -> str:
        return self.test.rsplit("[", 1)[-1].rstrip("]").split("-")[0]

    @property
    def function(self) -> str:
        return self.test.split("[", 1)[0]


@dataclass
class GraderRun:
    exit_code: int
    seconds: float
    outcomes: list[Outcome]
    orphans: list[str]
    output: str
    args: Sequence[str] = field(default_factory=list)

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


def run_graders(
    args: Sequence[str],
    *,
    report_dir: Path,
    timeout: float = 600,
    extra_env: dict[str, str] | None = None,
) -> GraderRun:
    """Run ``python -m pytest args`` from the repository root; kill and list orphans after."""
    token = uuid.uuid4().hex
    report = report_dir / f"report-{token}.xml"
    env = {**os.environ, META_TOKEN_ENV: token, **(extra_env or {})}
    command = [sys.executable, "-m", "pytest", *args, f"--junitxml={report}", "-q", "-rN"]
    started = time.monotonic()
    proc = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    seconds = time.monotonic() - started
    orphans = kill_processes_with_token(token)
    outcomes = _read_junit(report) if report.exists() else []
    output = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    return GraderRun(proc.returncode, seconds, outcomes, orphans, output, list(args))


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


def _read_junit(path: Path) -> list[Outcome]:
    outcomes = []
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        result, message = "passed", ""
        for tag in ("failure", "error", "skipped"):
            element = case.find(tag)
            if element is not None:
                result = {"failure": "failed"}.get(tag, tag)
                message = (element.get("message") or "") + "\n" + (element.text or "")
                break
        outcomes.append(Outcome(case.get("name", ""), case.get("classname", ""), result, message))
    return outcomes


def submission(name: str) -> Path:
    return SUBMISSIONS / name


def names(outcomes: Iterable[Outcome]) -> list[str]:
    return sorted(f"{o.module}::{o.test}" for o in outcomes)
