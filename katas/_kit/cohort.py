"""Grades a cohort: several learners at a time on this machine, or on the workers of a
dask.distributed cluster, each learner in its own grading subprocess.

A mentor's cohort takes most of a minute per learner, so ``mpkatas grade`` spreads the
learners out instead of grading them one after another. Whatever the engine, a learner
is graded by the same call (``grade_learner``: ``pytest katas/qN --submission DIR`` in
a subprocess, through ``runner.run_graders``), so the statuses cannot depend on where
the grading ran. A learner whose grading hangs, crashes or cannot start becomes that
learner's "not graded (reason)"; the others are still graded.

The command line's display and reports are not here: this module imports neither rich
nor the command line, since dask workers import it to grade.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from katas._kit import catalog, runner
from katas._kit.runner import KataResult

if TYPE_CHECKING:
    from distributed import Client

#: How long a scheduler may take to answer before ``--scheduler`` is called unreachable.
CONNECT_TIMEOUT = 10.0


class CannotGrade(Exception):
    """The graders reported no test at all for a copy: why, in pytest's last lines."""


class SchedulerUnreachable(Exception):
    """``--scheduler`` names no dask scheduler this machine can reach (or a bad address)."""


@dataclass(frozen=True)
class Assignment:
    """One learner's grading as asked: which copy, which katas, under which start methods."""

    name: str
    path: Path  # the learner's copy on this machine; the report always names this one
    katas: tuple[str, ...]  # kata ids, e.g. ("q2", "q5")
    methods: tuple[str, ...]
    timeout: float = 900.0


@dataclass
class LearnerReport:
    """One learner's grading as it went: results per kata, or why there are none."""

    name: str
    path: Path
    results: dict[str, KataResult] = field(default_factory=dict)
    error: str | None = None
    #: Wall time of the learner's grading, and where it ran: they differ between runs,
    #: everything else in a report does not.
    seconds: float = 0.0
    graded_on: str = ""


OnDone = Callable[[int, LearnerReport], None]  # (the learner's index, its report)


# --- One learner ---------------------------------------------------------------------


def grade_copy(katas: Sequence[str], methods: Sequence[str], source: Path | None, timeout: float = 900) -> dict[str, KataResult]:
    """Run the graders of ``katas`` on ``source`` (the repository's katas/ if None)."""
    args = [*(f"katas/{kata}" for kata in katas), "-p", "no:cacheprovider"]
    for method in methods:
        args += ["--start-method", method]
    if source is not None:
        args += ["--submission", str(source.resolve())]
    with tempfile.TemporaryDirectory(prefix="mpkatas-") as report_dir:
        run = runner.run_graders(args, report_dir=Path(report_dir), timeout=timeout)
    if not run.outcomes and not run.collected:
        raise CannotGrade(run.ended_early or runner.last_lines(run.output) or f"pytest exited with code {run.exit_code}")
    return runner.results_by_kata(run, list(katas))


def grade_learner(assignment: Assignment, copy: Path | None = None) -> LearnerReport:
    """Grade one learner; never raises for the learner's sake: any failure to grade is
    the report's ``error``, so one learner cannot stop a cohort. ``copy`` is where the
    files are when it is not ``assignment.path`` (a dask worker's temporary folder)."""
    report = LearnerReport(assignment.name, assignment.path, graded_on=socket.gethostname())
    started = time.monotonic()
    source = copy or assignment.path
    try:
        report.results = grade_copy(assignment.katas, assignment.methods, source, assignment.timeout)
    except CannotGrade as error:
        report.error = str(error)
    except Exception as error:  # e.g. OSError: the grading subprocess could not start
        report.error = f"the grading could not start: {type(error).__name__}: {error}"
    report.seconds = time.monotonic() - started
    return report


# --- N learners at a time on this machine ---------------------------------------------


def grade_here(assignments: Sequence[Assignment], jobs: int, on_done: OnDone) -> list[LearnerReport]:
    """Grade ``jobs`` learners at a time, each in its own subprocess (a thread waits on
    each); the reports come back in the learners' order, whatever order they finish in."""
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    reports: list[LearnerReport | None] = [None] * len(assignments)
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="mpkatas-grade")
    try:
        futures = {pool.submit(grade_learner, assignment): index for index, assignment in enumerate(assignments)}
        for future in as_completed(futures):
            index = futures[future]
            reports[index] = report = future.result()
            on_done(index, report)
    finally:
        # Interrupted (Ctrl-C): start no one else; the running gradings get the same
        # SIGINT from the terminal, and the runner kills what they leave behind.
        pool.shutdown(wait=True, cancel_futures=True)
    return [report for report in reports if report is not None]


# --- On a dask.distributed cluster ------------------------------------------------------

_ADDRESS = re.compile(r"(?P<scheme>tcp|tls)://(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(?P<port>\d{1,5})")


def check_scheduler_address(address: str) -> tuple[str, int]:
    """The host and port of ``tcp://HOST:PORT`` (or ``tls://``); ValueError names what
    is wrong, before anything tries to connect."""
    match = _ADDRESS.fullmatch(address.strip())
    if match is None:
        raise ValueError(f"{address!r} is not a scheduler address of the form tcp://HOST:PORT")
    port = int(match["port"])
    if not 1 <= port <= 65535:
        raise ValueError(f"{address!r}: the port must be between 1 and 65535")
    return match["host"].strip("[]"), port


def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Client:
    """A client of the scheduler at ``address``, or SchedulerUnreachable saying why.

    A plain TCP connection first: a refused or unroutable address fails in seconds with
    the system's reason, where dask's own connect retries until its timeout.
    """
    try:
        host, port = check_scheduler_address(address)
    except ValueError as error:
        raise SchedulerUnreachable(str(error)) from None
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as error:
        raise SchedulerUnreachable(f"cannot reach a dask scheduler at {address}: {error.strerror or error}") from None
    from distributed import Client

    try:
        return Client(address.strip(), timeout=timeout, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        raise SchedulerUnreachable(f"{address} does not answer as a dask scheduler: {error}") from None


def kata_files(path: Path, katas: Sequence[str]) -> dict[str, bytes]:
    """The learner's kata modules, as bytes keyed by relative path (``q5/worker_pool.py``):
    all a worker needs, and nothing else of the learner's folder."""
    files = {}
    for kata in katas:
        module = catalog.BY_ID[kata].module_path(path)
        if module.is_file():
            files[module.relative_to(path).as_posix()] = module.read_bytes()
    return files


def grade_sent_copy(assignment: Assignment, files: dict[str, bytes]) -> LearnerReport:
    """On a dask worker: write the learner's files to a temporary folder, grade them as
    ``grade_learner`` does here, remove the folder, and return the same report, with
    the temporary folder's path put back to the learner's own in every message."""
    allowed = {f"{k.id}/{k.module_file}" for k in catalog.KATAS}
    base, worker = _worker_directory()
    slug = re.sub(r"[^A-Za-z0-9_.-]", "_", assignment.name)[:40]
    folder = Path(tempfile.mkdtemp(prefix=f"mpkatas-{slug}-", dir=base)).resolve()
    try:
        for relative, data in files.items():
            if relative not in allowed:
                raise ValueError(f"not a kata module: {relative!r}")
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        report = grade_learner(assignment, copy=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report = _moved(report, str(folder), str(assignment.path))
    report.graded_on = f"{socket.gethostname()} (dask worker {worker})" if worker else report.graded_on
    return report


def _worker_directory() -> tuple[str | None, str]:
    """The dask worker's own scratch folder (removed with the worker) and its address."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return None, ""
    return worker.local_directory, str(worker.address)


def _moved(report: LearnerReport, old: str, new: str) -> LearnerReport:
    def text(value: str) -> str:
        return value.replace(old, new)

    results = {
        kata: dataclasses.replace(
            result,
            outcomes=tuple(
                dataclasses.replace(o, message=text(o.message), summary=text(o.summary)) for o in result.outcomes
            ),
            not_graded_reason=text(result.not_graded_reason) if result.not_graded_reason else None,
        )
        for kata, result in report.results.items()
    }
    error = text(report.error) if report.error else None
    return dataclasses.replace(report, results=results, error=error)


def grade_on_cluster(client: Client, assignments: Sequence[Assignment], on_done: OnDone) -> list[LearnerReport]:
    """Send each learner's grading to a worker of ``client``'s cluster.

    ``retries=0``: a grading that failed is a verdict, not something to try again. A
    worker that dies mid-grading, or cannot run the task (this repository not installed
    there), makes that learner "not graded" with dask's error; the others go on.
    """
    from distributed import as_completed as completed

    reports: list[LearnerReport | None] = [None] * len(assignments)
    futures = {}
    for index, assignment in enumerate(assignments):
        try:
            if not assignment.path.is_dir():  # else it would be graded as an empty copy
                raise OSError(f"no such directory: {assignment.path}")
            files = kata_files(assignment.path, assignment.katas)
        except OSError as error:
            unread = LearnerReport(assignment.name, assignment.path, error=f"cannot read the learner's files: {error}")
            reports[index] = unread
            on_done(index, unread)
            continue
        # A key of its own: two mentors grading a learner of the same name on one
        # scheduler must not share a result.
        key = f"mpkatas-grade-{assignment.name}-{uuid.uuid4().hex}"
        future = client.submit(grade_sent_copy, assignment, files, key=key, pure=False, retries=0)
        futures[future.key] = (index, future)
    pending = [future for _, future in futures.values()]
    for future in completed(pending, loop=client.loop):  # type: ignore[no-untyped-call]
        index = futures[future.key][0]
        assignment = assignments[index]
        try:
            report: LearnerReport = future.result()
        except Exception as error:
            report = LearnerReport(
                assignment.name, assignment.path, error=f"the dask worker could not grade it: {type(error).__name__}: {error}"
            )
        reports[index] = report
        on_done(index, report)
    return [report for report in reports if report is not None]
