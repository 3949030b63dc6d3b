"""Every wrong submission in tests/submissions is rejected by the test meant to catch it,
with a message that names the mistake, under the start methods where it is wrong.

Each case runs only the intended grader test (all its start methods) in a pytest
subprocess, as a mentor would with ``pytest katas/qN --submission DIR``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from katas._kit.grading import available_start_methods
from tests.harness import Outcome, run_graders, submission

ALL = tuple(available_start_methods())
NOT_FORK = tuple(m for m in ALL if m != "fork")


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

    @property
    def kata(self) -> str:
        return self.name.split("_", 1)[0]


Q3 = "katas/q3/test_first_process.py"
Q5 = "katas/q5/test_worker_pool.py"

CASES = [
    # q3: create a process
    Wrong("q3_returns_parent_pid", f"{Q3}::test_run_greetings_in_child_returns_the_pid_of_a_new_child",
          "returned the parent's own pid"),
    Wrong("q3_no_join", f"{Q3}::test_run_greetings_in_child_joins_the_child_before_returning",
          "call join()"),
    Wrong("q3_parent_prints_for_child", f"{Q3}::test_parent_prints_its_line_then_the_child_prints_viva_la",
          "the parent printed 'Viva La'"),
    Wrong("q3_child_line_first", f"{Q3}::test_parent_prints_its_line_then_the_child_prints_viva_la",
          "came before"),
    Wrong("q3_lambda_target", f"{Q3}::test_run_greetings_in_child_returns_the_pid_of_a_new_child",
          "pickle", fails_under=NOT_FORK, passes_under=("fork",)),
    Wrong("q3_target_in_parent", f"{Q3}::test_run_in_child_runs_the_target_in_another_process",
          "the target ran in the parent"),
    Wrong("q3_exit_code_squashed", f"{Q3}::test_run_in_child_returns_the_status_given_to_sys_exit",
          "in the child gives exit code", only_ids=("3", "42")),
    Wrong("q3_kills_at_timeout", f"{Q3}::test_run_in_child_terminates_a_child_still_running_at_the_timeout",
          "-SIGTERM"),
    Wrong("q3_terminate_without_join",
          f"{Q3}::test_run_in_child_terminates_a_child_still_running_at_the_timeout", "join()"),
    Wrong("q3_hangs", f"{Q3}::test_run_in_child_terminates_a_child_still_running_at_the_timeout",
          "Timeout", timeout=3),
    Wrong("q3_no_main_guard",
          f"{Q3}::test_running_the_module_as_a_program_prints_both_lines_parent_first",
          "re-import the main module", fails_under=NOT_FORK, passes_under=("fork",)),
    # q5: a pool of worker processes
    Wrong("q5_squares_in_parent", f"{Q5}::test_square_all_squares_in_the_workers_not_in_the_parent",
          "the parent called square() itself"),
    Wrong("q5_leaked_pool", f"{Q5}::test_square_all_returns_squares_in_input_order",
          "left 3 process(es) running"),
    Wrong("q5_with_block", f"{Q5}::test_square_all_starts_exactly_processes_workers_each_greeting_once",
          "calls terminate()", fails_under=("spawn",), only_ids=("4-2",)),
    Wrong("q5_greeting_in_parent",
          f"{Q5}::test_square_all_starts_exactly_processes_workers_each_greeting_once",
          "the parent printed 'Worker started'"),
    Wrong("q5_threads", f"{Q5}::test_square_all_starts_exactly_processes_workers_each_greeting_once",
          "the parent printed 'Worker started'"),
    Wrong("q5_max_tasks_per_child",
          f"{Q5}::test_square_all_starts_exactly_processes_workers_each_greeting_once",
          "exactly once (no maxtasksperchild)", only_ids=("2-10",)),
    Wrong("q5_sorted_results", f"{Q5}::test_square_all_returns_squares_in_input_order", "assert"),
    Wrong("q5_stats_in_parent", f"{Q5}::test_worker_stats_counts_items_per_worker_process",
          "the parent's pid is a key"),
    Wrong("q5_made_up_pids", f"{Q5}::test_worker_stats_counts_items_per_worker_process",
          "are not pids of worker processes this call started"),
    Wrong("q5_no_validation", f"{Q5}::test_bad_processes_is_rejected_before_any_process_starts",
          "processes=True was accepted", only_ids=("square_all",)),
    Wrong("q5_validates_too_late", f"{Q5}::test_bad_processes_is_rejected_before_any_process_starts",
          "were started before the error", only_ids=("square_all",)),
    Wrong("q5_hangs", f"{Q5}::test_square_all_returns_squares_in_input_order", "Timeout", timeout=3),
]


def test_every_submission_in_the_corpus_has_a_case() -> None:
    folders = {p.name for p in submission("").iterdir() if p.is_dir()}
    assert folders == {case.name for case in CASES}


def _selected(outcomes: list[Outcome], case: Wrong, method: str) -> list[Outcome]:
    chosen = [o for o in outcomes if o.start_method == method]
    if case.only_ids:
        chosen = [o for o in chosen if any(f"-{i}]" in o.test for i in case.only_ids)]
    return chosen


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_wrong_submission_is_rejected_by_the_intended_test(case: Wrong, tmp_path: Path) -> None:
    args = [case.test, "--submission", str(submission(case.name))]
    if case.timeout is not None:
        args += ["-o", f"grader_timeout={case.timeout}"]
    run = run_graders(args, report_dir=tmp_path)
    assert run.outcomes, f"no test ran:\n{run.describe()}"
    assert not run.orphans, f"processes outlived the grader run: {run.orphans}"
    assert not run.by_result("error"), f"errors instead of failures:\n{run.describe()}"
    for method in case.fails_under:
        selected = _selected(run.outcomes, case, method)
        assert selected, f"nothing ran under {method}:\n{run.describe()}"
        for outcome in selected:
            assert outcome.result == "failed", f"{outcome.test} was not rejected:\n{run.describe()}"
            assert case.message in outcome.message, (
                f"{outcome.test} failed for another reason than {case.message!r}:\n{outcome.message}"
            )
            assert "not attempted" not in outcome.message
    for method in case.passes_under:
        for outcome in _selected(run.outcomes, case, method):
            assert outcome.result == "passed", (
                f"{outcome.test} should pass under {method}:\n{run.describe()}"
            )
