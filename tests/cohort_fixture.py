"""The fixture cohort of 8 learners, made when it is needed.

Each learner's kata modules are copies of a reference solution, of a submission in
``tests/submissions``, or of a pristine stub, taken at the moment the cohort is made:
the cohort follows them as they change. Only q2, q3 and q5 (fast katas without a
speed check), so one learner takes a few seconds under one start method.

``python -m tests.cohort_fixture DIR`` makes it in DIR, for grading by hand
(``mpkatas grade DIR``, as in docs/RELIABILITY.md).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from katas._kit import catalog

SUBMISSIONS = Path(__file__).resolve().parent / "submissions"

#: learner -> kata -> "solution", "stub", or a submission's folder name. A kata a
#: learner lacks is a missing module; a missing module and a stub are both "not attempted".
LEARNERS: dict[str, dict[str, str]] = {
    "ada": {"q2": "solution", "q3": "solution", "q5": "solution"},
    "bea": {"q2": "q2_good_executors", "q3": "q3_good_process_subclass", "q5": "q5_good_imap_and_current_process"},
    "cy": {"q2": "q2_threads_in_a_loop", "q3": "q3_no_join", "q5": "q5_sorted_results"},
    "dan": {"q2": "stub", "q3": "stub", "q5": "stub"},
    "eve": {"q3": "solution"},
    "fay": {"q2": "solution", "q5": "q5_squares_in_parent"},
    "gus": {"q2": "q2_one_worker_process", "q3": "q3_exit_code_squashed", "q5": "solution"},
    "hal": {"q2": "stub", "q3": "q3_parent_prints_for_child"},
}


def source(kata_id: str, what: str) -> Path:
    kata = catalog.BY_ID[kata_id]
    if what == "solution":
        return kata.solution_path
    if what == "stub":
        return kata.stub_path
    return kata.module_path(SUBMISSIONS / what)


def build(target: Path) -> Path:
    """Make the cohort in ``target`` (which must not exist yet) and return it."""
    target.mkdir(parents=True)
    for name, katas in LEARNERS.items():
        (target / name).mkdir()
        for kata_id, what in katas.items():
            module = catalog.BY_ID[kata_id].module_path(target / name)
            module.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source(kata_id, what), module)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.cohort_fixture DIR")
    print(build(Path(sys.argv[1])))
