"""Runs graders the way a learner or mentor does (``pytest katas ...`` in a subprocess)
and reads back what happened to each test, how long it took, and what it left running.

The machinery lives in ``katas._kit.runner`` (the ``mpkatas`` command line uses it
too); this module adds what only the meta-tests need: the corpus of submissions.
"""

from __future__ import annotations

import concurrent.futures
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

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


#: How many grader runs the meta-tests keep going at once (``MPKATAS_META_JOBS``).
#: Most of a run's time is start-up and waiting; two at once roughly halve the suite's
#: wall time on two cores, and the graders are built to judge correctly on a busy
#: machine (a speed check skips with its figure instead).
META_JOBS = int(os.environ.get("MPKATAS_META_JOBS", "2"))

#: ``run_graders`` options for a run that coverage does not measure. The corpus and the
#: mutants run the kit's code again and again in hundreds of grader runs (and every
#: worker they start); under coverage they took 876 s of CI's 1325 s, without it 395 s.
#: Coverage counts the solutions' and the stubs' grader runs, the CLI's, the cohort's
#: and the kit's own tests: a floor on what is proven, not all of it.
UNMEASURED: dict[str, Any] = {"unset_env": ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START")}


class Prefetched:
    """Grader runs started together, a few at a time, the first time any is asked for.

    Each parametrized meta-test asks for its own run by key and gets the same result it
    would get by running alone; only the runs of tests selected in this session start.
    """

    def __init__(self, jobs: dict[str, tuple[list[str], dict[str, Any]]], report_dir: Path) -> None:
        self._jobs = jobs
        self._report_dir = report_dir
        self._futures: dict[str, concurrent.futures.Future[GraderRun]] = {}
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None

    def start(self, wanted: Iterable[str]) -> None:
        if self._executor is not None:
            return
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=META_JOBS)
        for key in wanted:
            if key in self._jobs:
                args, options = self._jobs[key]
                folder = self._report_dir / key
                folder.mkdir(parents=True, exist_ok=True)
                self._futures[key] = self._executor.submit(run_graders, args, report_dir=folder, **options)

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
