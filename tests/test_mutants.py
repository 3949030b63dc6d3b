"""Every mechanical mutant of every reference solution is rejected, under every start
method, by a test whose message names the flaw (see ``tests/mutation.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from katas._kit import catalog
from katas._kit.catalog import Kata
from tests.harness import Outcome, run_graders
from tests.mutation import OPERATORS, Operator

#: Speed checks judge time, not where the work ran; the mutants are judged without them.
NOT_SPEED = "not faster and not beats"


def mutants() -> list[tuple[Kata, Operator]]:
    found = []
    for kata in catalog.KATAS:
        if not kata.solution_path.is_file():
            continue
        source = kata.solution_path.read_text(encoding="utf-8")
        found += [(kata, op) for op in OPERATORS if op.apply(source, kata.functions) != source]
    return found


MUTANTS = mutants()


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
def test_the_mutant_is_killed_under_every_start_method(kata: Kata, op: Operator, tmp_path: Path) -> None:
    submission = write_mutant(kata, op, tmp_path / "mutant")
    run = run_graders(
        [f"katas/{kata.id}", "--submission", str(submission), "-k", NOT_SPEED, "-o", "grader_timeout=8"],
        report_dir=tmp_path,
    )
    assert run.outcomes, run.describe()
    assert not run.orphans, f"the mutant left processes behind: {run.orphans}"
    methods = sorted({o.start_method for o in run.outcomes})
    for method in methods:
        under = [o for o in run.outcomes if o.start_method == method]
        assert killing(under, op), (
            f"{kata.id} mutant '{op.describe}' survived under {method}: no failure names the flaw "
            f"({' / '.join(op.kills)}).\n{run.describe()}"
        )


def test_every_operator_applies_to_some_kata() -> None:
    assert {op.name for _, op in MUTANTS} == {op.name for op in OPERATORS}
