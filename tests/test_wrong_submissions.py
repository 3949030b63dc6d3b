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
from tests.harness import Outcome, passed_or_speed_skip, run_graders, speed_skip, submission

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
    #: Only a speed check can catch it: on a machine too busy to judge, that check
    #: skips (with its figures) instead of failing, and so does this case.
    by_speed: bool = False

    @property
    def kata(self) -> str:
        return self.name.split("_", 1)[0]


Q1 = "katas/q1/test_count_primes.py"
Q2 = "katas/q2/test_processes_vs_threads.py"
Q3 = "katas/q3/test_first_process.py"
Q4 = "katas/q4/test_pool_basics.py"
Q5 = "katas/q5/test_worker_pool.py"
Q6 = "katas/q6/test_four_processes.py"
WORK_IN_PARENT = "The work ran in this process"

CASES = [
    # q1: why multiprocessing (a parallel prime count)
    Wrong("q1_serial_in_parent", f"{Q1}::test_the_parent_does_little_of_the_counting_itself", WORK_IN_PARENT),
    Wrong("q1_threads", f"{Q1}::test_the_parent_does_little_of_the_counting_itself", "or threads"),
    Wrong("q1_hard_coded", f"{Q1}::test_the_parent_does_little_of_the_counting_itself", WORK_IN_PARENT),
    Wrong("q1_overlapping_chunks", f"{Q1}::test_counts_the_primes_below_small_and_edge_stops",
          "no gap or overlap", only_ids=("10-4",)),
    Wrong("q1_one_child_after_another",
          f"{Q1}::test_two_processes_count_faster_than_one_when_two_cores_are_free",
          "is not faster than doing the work serially", by_speed=True),
    Wrong("q1_leaked_workers", f"{Q1}::test_counts_the_primes_below_larger_stops", "process(es) running"),
    # q2: processes vs threads
    Wrong("q2_processes_are_threads", f"{Q2}::test_processes_run_in_other_processes", "an item ran in the parent"),
    Wrong("q2_threads_in_a_loop", f"{Q2}::test_threads_run_in_the_parent_process_on_several_threads",
          "all items ran on one thread"),
    Wrong("q2_one_worker_process", f"{Q2}::test_waiting_tasks_overlap", "one at a time",
          only_ids=("run_in_processes",)),
    Wrong("q2_processes_for_everything", f"{Q2}::test_better_choice_matches_the_answer_key",
          "waiting releases the GIL", only_ids=("WAITING_ON_NETWORK",)),
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
    # q4: pool basics
    Wrong("q4_results_sorted", f"{Q4}::test_pool_map_returns_results_in_input_order", "assert"),
    Wrong("q4_process_per_task", f"{Q4}::test_many_tasks_reuse_a_few_worker_processes",
          "a pool starts its workers once"),
    Wrong("q4_timeout_leaves_worker", f"{Q4}::test_a_task_past_its_timeout_raises_promptly_and_its_worker_is_killed",
          "does not stop the task"),
    Wrong("q4_serial_in_parent", f"{Q4}::test_the_parent_does_little_of_the_mapped_work_itself", WORK_IN_PARENT),
    Wrong("q4_swallows_errors", f"{Q4}::test_an_error_in_a_worker_reaches_the_caller_with_its_type_and_message",
          "DID NOT RAISE"),
    # q5: a pool of worker processes
    Wrong("q5_squares_in_parent", f"{Q5}::test_square_all_squares_in_the_workers_not_in_the_parent",
          "the parent called square() itself"),
    Wrong("q5_leaked_pool", f"{Q5}::test_square_all_returns_squares_in_input_order",
          "left 3 process(es) running"),
    Wrong("q5_with_block", f"{Q5}::test_square_all_closes_and_joins_its_pool_instead_of_terminating_it",
          "calls terminate()"),
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
    # q6: four processes, power towers
    Wrong("q6_pool_for_numbers", f"{Q6}::test_each_number_is_printed_once_by_its_own_child",
          "start one Process per number", only_ids=("seven",)),
    Wrong("q6_parent_prints", f"{Q6}::test_each_number_is_printed_once_by_its_own_child", "the parent printed"),
    Wrong("q6_left_associative", f"{Q6}::test_power_tower_is_right_associative_and_exact", "n ** (n ** n)",
          only_ids=("3", "4")),
    Wrong("q6_timeout_leaves_workers", f"{Q6}::test_towers_past_the_timeout_raise_promptly_and_leave_nothing_running",
          "terminate the pool on timeout"),
    Wrong("q6_seed_hard_coded", f"{Q6}::test_seed_program_returns_the_four_lists_computed_in_a_pool",
          "processes were started"),
    Wrong("q6_repeats_allowed", f"{Q6}::test_repeated_numbers_are_rejected_before_any_process_starts",
          "DID NOT RAISE"),
]

# Correct submissions written in other styles than the reference: every grader test
# of their kata must pass (a speed check may skip on a busy machine, with its reason).
GOOD = sorted(p.name for p in submission("").iterdir() if "_good_" in p.name)


def test_every_submission_in_the_corpus_has_a_case() -> None:
    folders = {p.name for p in submission("").iterdir() if p.is_dir()}
    assert folders == {case.name for case in CASES} | set(GOOD)
    assert {name.split("_", 1)[0] for name in GOOD} == {"q1", "q2", "q3", "q4", "q5", "q6"}


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", GOOD)
def test_a_correct_submission_in_another_style_passes_every_test(name: str, tmp_path: Path) -> None:
    kata = name.split("_", 1)[0]
    run = run_graders([f"katas/{kata}", "--submission", str(submission(name))], report_dir=tmp_path)
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
def test_wrong_submission_is_rejected_by_the_intended_test(case: Wrong, tmp_path: Path) -> None:
    args = [case.test, "--submission", str(submission(case.name))]
    if case.timeout is not None:
        args += ["-o", f"grader_timeout={case.timeout}"]
    run = run_graders(args, report_dir=tmp_path)
    assert run.outcomes, f"no test ran:\n{run.describe()}"
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
