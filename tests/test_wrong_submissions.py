"""Every wrong submission in tests/submissions is rejected by the test meant to catch it,
with a message that names the mistake, under the start methods where it is wrong.

Each case runs only the intended grader test (all its start methods) in a pytest
subprocess, as a mentor would with ``pytest katas/qN --submission DIR``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.corpus import Wrong, all_cases, good_submissions, kata_ids
from tests.harness import (
    UNMEASURED,
    Outcome,
    Prefetched,
    passed_or_speed_skip,
    selected_params,
    speed_skip,
    submission,
)

CASES = all_cases()
GOOD = good_submissions()


def _wrong_args(case: Wrong) -> list[str]:
    args = [case.test, "--submission", str(submission(case.name))]
    if case.timeout is not None:
        args += ["-o", f"grader_timeout={case.timeout}"]
    return args


@pytest.fixture(scope="module")
def corpus_runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prefetched]:
    """Every selected corpus run, started together a few at a time (see ``Prefetched``)."""
    jobs: dict[str, tuple[list[str], dict[str, Any]]] = {
        **{case.name: (_wrong_args(case), UNMEASURED) for case in CASES},
        **{name: ([f"katas/{name.split('_', 1)[0]}", "--submission", str(submission(name))], UNMEASURED)
           for name in GOOD},
    }
    runs = Prefetched(jobs, tmp_path_factory.mktemp("corpus"))
    # In the order the tests will ask for them, so each waits only for runs before it.
    runs.start(
        param.name if isinstance(param, Wrong) else str(param)
        for param in selected_params(
            request.session,
            ("test_a_correct_submission_in_another_style_passes_every_test", "name"),
            ("test_wrong_submission_is_rejected_by_the_intended_test", "case"),
        )
    )
    yield runs
    runs.close()


def test_every_submission_in_the_corpus_has_a_case() -> None:
    folders = {p.name for p in submission("").iterdir() if p.is_dir()}
    assert folders == {case.name for case in CASES} | set(GOOD)
    assert {name.split("_", 1)[0] for name in GOOD} == set(kata_ids())


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", GOOD)
def test_a_correct_submission_in_another_style_passes_every_test(name: str, corpus_runs: Prefetched) -> None:
    run = corpus_runs.get(name)
    assert run.outcomes, run.describe()
    assert not run.orphans, run.orphans
    for outcome in run.outcomes:
        assert passed_or_speed_skip(outcome), f"{outcome.test} {outcome.result}:\n{outcome.message}"


def _selected(outcomes: list[Outcome], case: Wrong, method: str) -> list[Outcome]:
    chosen = [o for o in outcomes if o.start_method == method]
    if case.only_ids:
        chosen = [o for o in chosen if any(f"-{i}]" in o.test for i in case.only_ids)]
    return chosen


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_wrong_submission_is_rejected_by_the_intended_test(case: Wrong, corpus_runs: Prefetched) -> None:
    run = corpus_runs.get(case.name)
    assert run.outcomes, f"no test ran:\n{run.describe()}"
    assert run.exit_code == 1, f"a run with a rejected submission must exit with 1:\n{run.describe()}"
    assert not run.orphans, f"processes outlived the grader run: {run.orphans}"
    assert not run.by_result("error"), f"errors instead of failures:\n{run.describe()}"
    unjudged: list[str] = []
    judged = 0
    for method in case.fails_under:
        selected = _selected(run.outcomes, case, method)
        assert selected, f"nothing ran under {method}:\n{run.describe()}"
        for outcome in selected:
            if case.by_speed and speed_skip(outcome):
                unjudged.append(f"{outcome.test}: {outcome.message}")
                continue
            judged += 1
            assert outcome.result == "failed", f"{outcome.test} was not rejected:\n{run.describe()}"
            assert case.message in outcome.message, (
                f"{outcome.test} failed for another reason than {case.message!r}:\n{outcome.message}"
            )
            assert "not attempted yet —" not in outcome.message
    for method in case.passes_under:
        for outcome in _selected(run.outcomes, case, method):
            assert outcome.result == "passed", (
                f"{outcome.test} should pass under {method}:\n{run.describe()}"
            )
    if judged == 0:
        pytest.skip("the machine was too busy to judge speed under any start method: " + "; ".join(unjudged))
