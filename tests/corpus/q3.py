"""Corpus cases for q3: wrong submissions in tests/submissions/q3_*, and where each is caught."""

from __future__ import annotations

from tests.corpus import ALL, NOT_FORK, WORK_IN_PARENT, Wrong  # noqa: F401

Q3 = "katas/q3/test_first_process.py"

CASES = [
    # q3: create a process
    Wrong("q3_returns_parent_pid", f"{Q3}::test_run_greetings_in_child_returns_the_pid_of_a_new_child",
          "returned the parent's pid, this process's own"),
    Wrong("q3_no_join", f"{Q3}::test_run_greetings_in_child_joins_the_child_before_returning",
          "call join()"),
    Wrong("q3_parent_prints_for_child", f"{Q3}::test_parent_prints_its_line_then_the_child_prints_viva_la",
          "the parent printed 'Viva La'"),
    Wrong("q3_child_line_first", f"{Q3}::test_parent_prints_its_line_then_the_child_prints_viva_la",
          "after it had called start()"),
    Wrong("q3_parent_prints_after_start", f"{Q3}::test_parent_prints_its_line_then_the_child_prints_viva_la",
          "after it had called start()"),
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
          "import the main module", fails_under=NOT_FORK, passes_under=("fork",)),
]
