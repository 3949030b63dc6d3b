"""The graders, run as learners and mentors run them: on the reference solutions (all
pass), on the untouched stubs (all fail, only as "not attempted"), and on a copy of
the solutions outside the repository (all pass, under spawn)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from katas._kit.grading import available_start_methods
from tests.harness import REPO_ROOT, UNMEASURED, passed_or_speed_skip, run_graders

KATA_MODULES = sorted(
    p.relative_to(REPO_ROOT / "katas")
    for p in (REPO_ROOT / "katas").glob("q*/*.py")
    if not p.name.startswith(("test_", "__"))
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

#: Ids of grader tests marked own_processes: joblib's loky, q8's threads, dask.
OWN_LABELS = {"loky", "threads", "dask"}


def test_every_kata_has_a_stub_a_grader_a_readme_a_solution_and_an_answer() -> None:
    assert KATA_MODULES, "no kata modules found"
    for module in KATA_MODULES:
        kata = module.parent
        assert (REPO_ROOT / "katas" / kata / f"test_{module.name}").is_file()
        assert (REPO_ROOT / "katas" / kata / "README.md").is_file()
        assert (REPO_ROOT / "solutions" / module).is_file()
        assert (REPO_ROOT / "solutions" / kata / "ANSWER.md").is_file()


def test_solutions_pass_every_grader_test_under_every_start_method(tmp_path: Path) -> None:
    run = run_graders(["katas", "--solutions"], report_dir=tmp_path)
    assert run.exit_code == 0, run.describe()
    assert run.outcomes and all(passed_or_speed_skip(o) for o in run.outcomes), run.describe()
    # Tests of libraries that start their own processes run once, under their own label.
    assert {o.start_method for o in run.outcomes} == set(available_start_methods()) | OWN_LABELS
    assert not run.orphans, run.orphans
    # No solution starts a thread before it forks, and the kit and the libraries it
    # drives leave none alive: no fork of the grading process had a Python thread for
    # company. (An OS thread alone can be one that Python has joined and that is still
    # exiting: 3.12 counts it, docs/FOUNDATIONS.md #22.)
    with_threads = [fork for fork in run.forks_with_threads if fork["threads"]]
    assert not with_threads, with_threads[:5]


def test_untouched_stubs_fail_every_grader_test_as_not_attempted(tmp_path: Path) -> None:
    run = run_graders(["katas"], report_dir=tmp_path)
    assert run.exit_code == 1, run.describe()
    assert run.outcomes, run.describe()
    for outcome in run.outcomes:
        assert outcome.result == "failed", f"{outcome.test} did not fail on a stub"
        assert "not attempted yet — see katas/q" in outcome.message, outcome.message
        assert "Traceback" not in outcome.message, outcome.message
    assert "not attempted yet" in run.output


def test_a_submission_outside_the_repository_is_graded_under_spawn(tmp_path: Path) -> None:
    copy = tmp_path / "learner copy"
    for module in KATA_MODULES:
        (copy / module.parent).mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO_ROOT / "solutions" / module, copy / module)
    # Speed is judged on the same modules by the --solutions run; here, where they load from.
    args = ["katas", "--submission", str(copy), "--start-method", "spawn", "-k", "not faster and not beats"]
    # Unmeasured: the --solutions run already covers the kit on the same modules.
    run = run_graders(args, report_dir=tmp_path, **UNMEASURED)
    assert run.exit_code == 0, run.describe()
    assert run.outcomes and {o.start_method for o in run.outcomes} == {"spawn"} | OWN_LABELS
    assert all(passed_or_speed_skip(o) for o in run.outcomes), run.describe()


def test_a_missing_module_in_a_submission_counts_as_not_attempted(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run = run_graders(["katas/q5", "--submission", str(empty), "--start-method", "fork"], report_dir=tmp_path)
    assert run.outcomes and all(o.result == "failed" for o in run.outcomes), run.describe()
    assert all("q5 worker_pool (no " in o.message for o in run.outcomes), run.describe()


def test_forkserver_children_are_captured_in_consecutive_tests(tmp_path: Path) -> None:
    """docs/FOUNDATIONS.md #1: only the first forkserver test used to see its children's output."""
    greeting = "katas/q5/test_worker_pool.py::test_square_all_starts_exactly_processes_workers_each_greeting_once"
    run = run_graders([greeting, greeting, "--solutions", "--start-method", "forkserver"], report_dir=tmp_path)
    assert len(run.outcomes) >= 2, run.describe()
    assert all(o.result == "passed" for o in run.outcomes), run.describe()


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["--solutions", "--submission", "."], "cannot be combined"),
        (["--submission", "no/such/dir"], "no such directory"),
        (["--start-method", "teleport"], "invalid choice"),
    ],
)
def test_bad_options_are_usage_errors(args: list[str], complaint: str, tmp_path: Path) -> None:
    run = run_graders(["katas/q5", *args], report_dir=tmp_path)
    assert run.exit_code == 4, run.describe()
    assert complaint in run.output
