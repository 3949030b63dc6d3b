"""Runs graders the way a learner or mentor does (``pytest katas ...`` in a subprocess)
and reads back what happened to each test, how long it took, and what it left running.

The machinery lives in ``katas._kit.runner`` (the ``mpkatas`` command line uses it
too); this module adds what only the meta-tests need: the corpus of submissions.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from katas._kit.runner import (
    META_TOKEN_ENV,
    REPO_ROOT,
    GraderRun,
    Outcome,
    kill_processes_with_token,
    run_graders,
)

__all__ = [
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
