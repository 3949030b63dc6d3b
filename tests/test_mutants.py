"""Every mechanical mutant of every reference solution is rejected, under every start
method, by a test whose message names the flaw (see ``tests/mutation.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from katas._kit import catalog
from katas._kit.catalog import Kata
from tests.harness import UNMEASURED, GraderRun, Outcome, Prefetched, selected_params
from tests.mutation import EQUIVALENT, OPERATORS, Operator

#: Operators that move the work into the grading process. Work stuck in C code there
#: cannot be interrupted by the test's timeout (the watchdog then ends the whole run),
#: and a task that kills the process it runs in kills the grader: either way the run
#: is "not graded", which kills the mutant as surely as a failed test.
IN_PARENT = {"threads", "pool_calls_in_parent", "targets_in_parent", "hard_coded"}

#: Speed checks judge time, not where the work ran; the mutants are judged without them.
NOT_SPEED = "not faster and not beats"

#: A mutant's run stops after this many failures. Tests are ordered by function, then
#: start method, then parameter set, so a test that kills the mutant under every method
#: ends the run at once. A method left without a killing failure is graded again alone,
#: first with the same limit (q6's first test has three parameter sets, and used all
#: three failures on fork), then in full.
MAXFAIL = 3


def mutants() -> list[tuple[Kata, Operator]]:
    found = []
    for kata in catalog.KATAS:
        if not kata.solution_path.is_file():
            continue
        source = kata.solution_path.read_text(encoding="utf-8")
        found += [
            (kata, op)
            for op in OPERATORS
            if op.apply(source, kata.functions) != source and (kata.id, op.name) not in EQUIVALENT
        ]
    return found


MUTANTS = mutants()


def _key(kata: Kata, op: Operator) -> str:
    return f"{kata.id}-{op.name}"


@pytest.fixture(scope="module")
def mutant_runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prefetched]:
    """Every selected mutant's grader run, started together a few at a time."""
    root = tmp_path_factory.mktemp("mutants")
    jobs: dict[str, tuple[list[str], dict[str, Any]]] = {}
    for kata, op in MUTANTS:
        submission = write_mutant(kata, op, root / _key(kata, op))
        args = [
            f"katas/{kata.id}", "--submission", str(submission), "-k", NOT_SPEED, "-o", "grader_timeout=8",
            "--maxfail", str(MAXFAIL),
        ]
        jobs[_key(kata, op)] = (args, UNMEASURED)
    runs = Prefetched(jobs, root / "reports")
    test = "test_the_mutant_is_killed_under_every_start_method"
    katas = selected_params(request.session, (test, "kata"))
    chosen = [_key(k, o) for k, o in zip(katas, selected_params(request.session, (test, "op")))]
    runs.start(chosen)
    yield runs
    runs.close()


def write_mutant(kata: Kata, op: Operator, root: Path) -> Path:
    folder = root / kata.id
    folder.mkdir(parents=True)
    source = kata.solution_path.read_text(encoding="utf-8")
    (folder / kata.module_file).write_text(op.apply(source, kata.functions), encoding="utf-8")
    return root


def killing(outcomes: list[Outcome], op: Operator) -> list[Outcome]:
    return [o for o in outcomes if o.failed and any(words in o.message for words in op.kills)]


@pytest.mark.slow
@pytest.mark.timeout(400)
@pytest.mark.parametrize(("kata", "op"), MUTANTS, ids=[f"{k.id}-{op.name}" for k, op in MUTANTS])
def test_the_mutant_is_killed_under_every_start_method(kata: Kata, op: Operator, mutant_runs: Prefetched) -> None:
    run = mutant_runs.get(_key(kata, op))
    assert not run.orphans, f"the mutant left processes behind: {run.orphans}"
    if _grader_blocked(run, op):
        return
    assert run.outcomes, run.describe()
    methods = sorted({_start_method(nodeid) for nodeid in run.collected} or {o.start_method for o in run.outcomes})
    for method in methods:
        if killing(_under(run.outcomes, method), op):
            continue
        if len(run.outcomes) < len(run.collected):  # stopped at MAXFAIL: grade this method alone
            for limit in (MAXFAIL, 1000):
                alone = mutant_runs.run_again(_key(kata, op), "--start-method", method, "--maxfail", str(limit))
                assert not alone.orphans, f"the mutant left processes behind: {alone.orphans}"
                judged = _grader_blocked(alone, op) or killing(_under(alone.outcomes, method), op)
                if judged or len(alone.outcomes) >= len(alone.collected):
                    break  # killed, or graded in full already
            if _grader_blocked(alone, op) or killing(_under(alone.outcomes, method), op):
                continue
            run = alone
        raise AssertionError(
            f"{kata.id} mutant '{op.describe}' survived under {method}: no failure names the flaw "
            f"({' / '.join(op.kills)}).\n{run.describe()}"
        )


def _grader_blocked(run: GraderRun, op: Operator) -> bool:
    """Killed too: the work ran in the grading process itself, and blocked it (the
    watchdog ended the run) or killed it (a task that kills "its worker" killed the grader)."""
    ended = run.ended_early
    return op.name in IN_PARENT and ended is not None and ("did not end it" in ended or run.exit_code < 0)


def _under(outcomes: list[Outcome], method: str) -> list[Outcome]:
    return [o for o in outcomes if o.start_method == method]


def _start_method(nodeid: str) -> str:
    return nodeid.rsplit("[", 1)[-1].rstrip("]").split("-")[0]


def test_every_operator_applies_to_some_kata() -> None:
    assert {op.name for _, op in MUTANTS} == {op.name for op in OPERATORS}
