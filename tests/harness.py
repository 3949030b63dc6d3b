"""Runs graders the way a learner or mentor does (``pytest katas ...`` in a subprocess)
and reads back what happened to each test, how long it took, and what it left running.

The machinery lives in ``katas._kit.runner`` (the ``mpkatas`` command line uses it
too); this module adds what only the meta-tests need: the corpus of submissions.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import psutil

from katas._kit.runner import (
    META_TOKEN_ENV,
    REPO_ROOT,
    GraderRun,
    Outcome,
    kill_processes_with_token,
    run_graders,
)

__all__ = [
    "META_JOBS",
    "META_WAITING",
    "ComputingRuns",
    "UNMEASURED",
    "Prefetched",
    "selected_params",
    "META_TOKEN_ENV",
    "REPO_ROOT",
    "SUBMISSIONS",
    "GraderRun",
    "Outcome",
    "kill_processes_with_token",
    "names",
    "passed_or_speed_skip",
    "speed_skip",
    "run_graders",
    "submission",
]

SUBMISSIONS = Path(__file__).resolve().parent / "submissions"


def submission(name: str) -> Path:
    return SUBMISSIONS / name


def speed_skip(outcome: Outcome) -> bool:
    """A speed check that skipped because the machine could not show parallelism at
    that moment (a busy machine, or coverage slowing spawn children)."""
    return outcome.result == "skipped" and "speed check skipped" in outcome.message


def passed_or_speed_skip(outcome: Outcome) -> bool:
    """What a correct submission's test may report."""
    return outcome.result == "passed" or speed_skip(outcome)


def names(outcomes: Iterable[Outcome]) -> list[str]:
    return sorted(f"{o.module}::{o.test}" for o in outcomes)


#: How many grader runs the meta-tests keep computing at once (``MPKATAS_META_JOBS``).
#: Two at once roughly halve the suite's wall time on two cores, and the graders are
#: built to judge correctly on a busy machine (a speed check skips with its figure).
META_JOBS = int(os.environ.get("MPKATAS_META_JOBS", "2"))

#: Up to this many more runs may start while others are waiting rather than computing
#: (``MPKATAS_META_WAITING``; 0 turns it off). A wrong submission caught by a deadline
#: (a deadlock, a hang, a slow task that should have been cancelled) spends most of its
#: 10-25 s asleep; it should not hold one of the two computing places.
META_WAITING = int(os.environ.get("MPKATAS_META_WAITING", "2"))

#: A run computes when its processes used more than this share of a core since the last
#: look, at least ``LOOK_SECONDS`` before.
COMPUTING_SHARE = 0.3
LOOK_SECONDS = 0.3


class ComputingRuns:
    """Counts this process's children (grader runs) whose process trees are computing.

    A tree's CPU is its live processes' own and their reaped children's, so a pool
    worker that came and went between two looks still counts. A run seen for the first
    time counts as computing."""

    def __init__(self, runs: Callable[[], list[psutil.Process]] | None = None) -> None:
        self._runs = runs or psutil.Process().children
        self._last: dict[int, float] = {}
        self._when = 0.0

    @staticmethod
    def _tree_cpu(run: psutil.Process) -> float | None:
        total = 0.0
        try:
            for proc in [run, *run.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    times = proc.cpu_times()
                    total += times.user + times.system + times.children_user + times.children_system
        except psutil.Error:
            return None
        return total

    def count(self) -> int:
        wait = self._when + LOOK_SECONDS - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        now = time.monotonic()
        elapsed = now - self._when
        seen: dict[int, float] = {}
        computing = 0
        for run in self._runs():
            cpu = self._tree_cpu(run)
            if cpu is None:
                continue
            seen[run.pid] = cpu
            before = self._last.get(run.pid)
            computing += before is None or cpu - before > COMPUTING_SHARE * elapsed
        self._last, self._when = seen, now
        return computing


#: ``run_graders`` options for a run that coverage does not measure. The corpus and the
#: mutants run the kit's code again and again in hundreds of grader runs (and every
#: worker they start); under coverage they took 876 s of CI's 1325 s, without it 395 s.
#: Coverage counts the solutions' and the stubs' grader runs, the CLI's, the cohort's
#: and the kit's own tests: a floor on what is proven, not all of it.
UNMEASURED: dict[str, Any] = {"unset_env": ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START")}


class Prefetched:
    """Grader runs started together, a few at a time, the first time any is asked for.

    Each parametrized meta-test asks for its own run by key and gets the same result it
    would get by running alone; only the runs of tests selected in this session start,
    in the order the tests ask for them: ``META_JOBS`` at once, and up to
    ``META_WAITING`` more while runs wait instead of computing.
    """

    def __init__(self, jobs: dict[str, tuple[list[str], dict[str, Any]]], report_dir: Path) -> None:
        self._jobs = jobs
        self._report_dir = report_dir
        self._futures: dict[str, concurrent.futures.Future[GraderRun]] = {}
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._dispatcher: threading.Thread | None = None
        self._closing = threading.Event()

    def start(self, wanted: Iterable[str]) -> None:
        if self._executor is not None:
            return
        keys = [key for key in dict.fromkeys(wanted) if key in self._jobs]
        self._futures = {key: concurrent.futures.Future() for key in keys}
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, META_JOBS) + META_WAITING)
        self._dispatcher = threading.Thread(target=self._dispatch, args=(keys,), name="mpkatas-meta-runs", daemon=True)
        self._dispatcher.start()

    def _dispatch(self, keys: list[str]) -> None:
        pending = collections.deque(keys)
        running: list[concurrent.futures.Future[GraderRun]] = []
        computing = ComputingRuns()
        try:
            while pending and not self._closing.is_set():
                running = [run for run in running if not run.done()]
                if len(running) < max(1, META_JOBS) or (
                    len(running) < max(1, META_JOBS) + META_WAITING and computing.count() < META_JOBS
                ):
                    running.append(self._launch(pending.popleft()))
                else:
                    self._closing.wait(0.1)
        except BaseException as error:  # noqa: BLE001 - every test waiting for a run learns why
            for key in pending:
                with contextlib.suppress(concurrent.futures.InvalidStateError):
                    self._futures[key].set_exception(error)
            raise
        for key in pending:  # closing: nobody will ask for these
            self._futures[key].cancel()

    def _launch(self, key: str) -> concurrent.futures.Future[GraderRun]:
        assert self._executor is not None
        args, options = self._jobs[key]
        folder = self._report_dir / key
        folder.mkdir(parents=True, exist_ok=True)
        inner = self._executor.submit(run_graders, args, report_dir=folder, **options)
        outer = self._futures[key]

        def hand_over(done: concurrent.futures.Future[GraderRun]) -> None:
            with contextlib.suppress(concurrent.futures.InvalidStateError):
                error = done.exception()
                if error is None:
                    outer.set_result(done.result())
                else:
                    outer.set_exception(error)

        inner.add_done_callback(hand_over)
        return inner

    def get(self, key: str) -> GraderRun:
        if key not in self._futures:
            args, options = self._jobs[key]
            return run_graders(args, report_dir=self._report_dir, **options)
        return self._futures[key].result()

    def run_again(self, key: str, *more_args: str) -> GraderRun:
        """The run of ``key`` once more, now, with ``more_args`` added."""
        args, options = self._jobs[key]
        return run_graders([*args, *more_args], report_dir=self._report_dir, **options)

    def close(self) -> None:
        self._closing.set()
        if self._dispatcher is not None:
            self._dispatcher.join()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)


def selected_params(session: Any, *wanted: tuple[str, str]) -> list[Any]:
    """The values of each (test function, parameter name) in ``wanted`` among the
    session's selected tests, in the order the tests will run."""
    found = []
    names = dict(wanted)
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        name = names.get(getattr(item, "originalname", ""))
        if name is not None and callspec is not None:
            found.append(callspec.params[name])
    return found
