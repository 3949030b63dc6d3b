"""Corpus cases for q4: wrong submissions in tests/submissions/q4_*, and where each is caught."""

from __future__ import annotations

from tests.corpus import ALL, NOT_FORK, WORK_IN_PARENT, Wrong  # noqa: F401

Q4 = "katas/q4/test_pool_basics.py"

CASES = [
    # q4: pool basics
    Wrong("q4_results_sorted", f"{Q4}::test_pool_map_returns_results_in_input_order", "assert"),
    Wrong("q4_process_per_task", f"{Q4}::test_many_tasks_reuse_a_few_worker_processes",
          "a pool starts its workers once"),
    Wrong("q4_timeout_leaves_worker", f"{Q4}::test_a_task_past_its_timeout_raises_promptly_and_its_worker_is_killed",
          "does not stop the task"),
    Wrong("q4_serial_in_parent", f"{Q4}::test_a_cpu_bound_map_runs_in_two_workers_at_the_same_time", WORK_IN_PARENT),
    Wrong("q4_swallows_errors", f"{Q4}::test_an_error_in_a_worker_reaches_the_caller_with_its_type_and_message",
          "DID NOT RAISE"),
    Wrong("q4_starmap_in_parent",
          f"{Q4}::test_pool_starmap_calls_the_function_once_per_tuple_in_worker_processes", "ran in the parent"),
]
