"""Corpus cases for q5: wrong submissions in tests/submissions/q5_*, and where each is caught."""

from __future__ import annotations

from tests.corpus import ALL, NOT_FORK, WORK_IN_PARENT, Wrong  # noqa: F401

Q5 = "katas/q5/test_worker_pool.py"

CASES = [
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
    Wrong("q5_inline_squares_beside_pool",
          f"{Q5}::test_each_square_is_computed_by_a_worker_process_the_call_started", "computed in the parent"),
    Wrong("q5_max_tasks_per_child_50", f"{Q5}::test_the_pool_keeps_its_workers_for_the_whole_call",
          "maxtasksperchild=50"),
    # Submissions that try to decide their own grade: each fails, and the run's status is non-zero.
    Wrong("q5_imports_pytest_to_skip", f"{Q5}::test_square_all_returns_squares_in_input_order", "refused before loading"),
    Wrong("q5_raises_skiptest", f"{Q5}::test_square_all_returns_squares_in_input_order", "skipped this test"),
    Wrong("q5_xfails_through_dunder_import", f"{Q5}::test_square_all_returns_squares_in_input_order", "skipped this test"),
    Wrong("q5_calls_pytest_exit", f"{Q5}::test_square_all_returns_squares_in_input_order", "called pytest.exit"),
    Wrong("q5_os_exit_on_import", f"{Q5}::test_square_all_returns_squares_in_input_order", "called os._exit(0)"),
    Wrong("q5_atexit_os_exit", f"{Q5}::test_square_all_returns_squares_in_input_order", "assert"),
    Wrong("q5_sys_exit_in_function", f"{Q5}::test_square_all_returns_squares_in_input_order", "called sys.exit(0)"),
]
