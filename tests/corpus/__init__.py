"""The corpus of submissions: for each kata, ``tests/corpus/qN.py`` lists its wrong
submissions (``CASES``) and where each must be caught; correct submissions in other
styles are the folders named ``qN_good_*`` and need no entry.

One file per kata keeps each kata's cases beside each other and lets katas be added
without touching the others' lists.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from katas._kit.grading import available_start_methods

ALL = tuple(available_start_methods())
NOT_FORK = tuple(m for m in ALL if m != "fork")
WORK_IN_PARENT = "in this process"
SUBMISSIONS = Path(__file__).resolve().parent.parent / "submissions"


@dataclass(frozen=True)
class Wrong:
    """A wrong submission and where it must be caught.

    ``fails_under``: the start methods under which the intended test must fail (every
    one of its parameter sets there, unless ``only_ids`` narrows them); the test must
    pass under ``passes_under``; it may go either way under the others (a race).
    """

    name: str
    test: str
    message: str
    fails_under: tuple[str, ...] = ALL
    passes_under: tuple[str, ...] = ()
    only_ids: tuple[str, ...] = ()
    timeout: float | None = None
    #: Only a speed check can catch it: on a machine too busy to judge, that check
    #: skips (with its figures) instead of failing, and so does this case.
    by_speed: bool = False

    @property
    def kata(self) -> str:
        return self.name.split("_", 1)[0]


def kata_ids() -> list[str]:
    """Every kata with a corpus file, in order (q1, q2, ..., q10, ...)."""
    found = [p.stem for p in Path(__file__).parent.glob("q*.py")]
    return sorted(found, key=lambda k: int(k[1:]))


def all_cases() -> list[Wrong]:
    cases: list[Wrong] = []
    for kata in kata_ids():
        cases.extend(importlib.import_module(f"tests.corpus.{kata}").CASES)
    return cases


def good_submissions() -> list[str]:
    """Correct submissions written in other styles than the reference."""
    return sorted(p.name for p in SUBMISSIONS.iterdir() if "_good_" in p.name)
