"""Corpus cases for q11: wrong submissions in tests/submissions/q11_*, and where each is caught."""

from __future__ import annotations

from tests.corpus import ALL, NOT_FORK, WORK_IN_PARENT, Wrong  # noqa: F401

Q11 = "katas/q11/test_executor_failures.py"

CASES = [
    # q11: ProcessPoolExecutor's errors, first results and crashed workers
    Wrong("q11_completion_order",
          f"{Q11}::test_map_with_errors_gives_ok_rows_in_input_order_not_in_completion_order",
          "not with as_completed"),
    Wrong("q11_map_loses_results",
          f"{Q11}::test_each_failing_item_becomes_an_error_row_and_loses_no_other_result",
          "expected a list with one row per item"),
    Wrong("q11_error_repr",
          f"{Q11}::test_each_failing_item_becomes_an_error_row_and_loses_no_other_result",
          "A task that raised gives ('error'"),
    Wrong("q11_first_submitted",
          f"{Q11}::test_first_result_returns_the_result_that_finishes_first_and_stops_the_rest",
          "not for the first submitted"),
    Wrong("q11_first_waits_for_everything",
          f"{Q11}::test_first_result_returns_the_result_that_finishes_first_and_stops_the_rest",
          "waits for the slow tasks"),
    Wrong("q11_first_leaves_workers_running",
          f"{Q11}::test_first_result_returns_the_result_that_finishes_first_and_stops_the_rest",
          "still running the slow tasks"),
    Wrong("q11_multiprocessing_timeout_error",
          f"{Q11}::test_first_result_past_its_timeout_raises_the_builtin_timeout_error_and_stops_every_task",
          "expected the built-in TimeoutError"),
    Wrong("q11_retries_forever",
          f"{Q11}::test_a_crashing_item_runs_exactly_retries_plus_one_times_and_every_other_result_is_kept",
          "expected exactly retries + 1"),
    Wrong("q11_off_by_one_retries",
          f"{Q11}::test_a_crashing_item_runs_exactly_retries_plus_one_times_and_every_other_result_is_kept",
          "expected exactly retries + 1"),
    Wrong("q11_rerun_everything",
          f"{Q11}::test_a_crashing_item_runs_exactly_retries_plus_one_times_and_every_other_result_is_kept",
          "though its result had arrived before the crash", only_ids=("exit-1", "kill-2")),
    Wrong("q11_crash_becomes_none",
          f"{Q11}::test_items_lost_with_a_crashed_worker_are_run_again_on_a_fresh_executor",
          "again on a new executor"),
    Wrong("q11_pool_hangs_on_crash",
          f"{Q11}::test_items_lost_with_a_crashed_worker_are_run_again_on_a_fresh_executor",
          "Timeout", timeout=5),
    Wrong("q11_retries_task_errors",
          f"{Q11}::test_an_exception_raised_by_func_is_not_a_crash_it_reaches_the_caller_and_is_not_retried",
          "catch BrokenProcessPool, not Exception"),
    Wrong("q11_no_validation",
          f"{Q11}::test_bad_workers_is_rejected_before_any_process_starts",
          "workers=True was accepted"),
]
