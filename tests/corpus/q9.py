"""Corpus cases for q9: wrong submissions in tests/submissions/q9_*, and where each is caught."""

from __future__ import annotations

from tests.corpus import ALL, NOT_FORK, WORK_IN_PARENT, Wrong  # noqa: F401

Q9 = "katas/q9/test_pipeline.py"

CASES = [
    # q9: queues and pipes
    Wrong("q9_join_before_drain", f"{Q9}::test_megabyte_results_with_more_items_than_workers_do_not_deadlock",
          "the join-before-drain deadlock"),
    Wrong("q9_one_sentinel", f"{Q9}::test_map_with_queues_returns_results_in_input_order",
          "put one sentinel per worker"),
    Wrong("q9_swallows_errors", f"{Q9}::test_an_error_in_a_worker_reaches_the_caller_with_its_type_and_message",
          "although func raised in a worker"),
    Wrong("q9_wraps_errors", f"{Q9}::test_an_error_in_a_worker_reaches_the_caller_with_its_type_and_message",
          "raised RuntimeError"),
    Wrong("q9_stops_after_an_error",
          f"{Q9}::test_when_every_item_fails_the_error_still_reaches_the_caller_and_every_worker_stops",
          "After an error a worker should go on to its next task"),
    Wrong("q9_completion_order",
          f"{Q9}::test_results_are_put_back_in_input_order_when_workers_finish_out_of_order",
          "send each with its index"),
    Wrong("q9_terminates_workers", f"{Q9}::test_each_worker_ends_on_its_own_with_exit_code_0_and_is_joined",
          "terminate() was called on worker pid"),
    Wrong("q9_manager_queues",
          f"{Q9}::test_every_item_is_handled_once_by_one_of_exactly_workers_started_processes",
          "a Manager, whose server is one more process"),
    Wrong("q9_all_pings_first", f"{Q9}::test_every_pong_comes_over_the_pipe_after_its_ping_and_before_the_next",
          "before it had received 'pong 0 from"),
    Wrong("q9_parent_adds_pid", f"{Q9}::test_every_pong_comes_over_the_pipe_after_its_ping_and_before_the_next",
          "the parent received 'pong 0' over the pipe"),
    Wrong("q9_child_answers_before_reading",
          f"{Q9}::test_every_pong_comes_over_the_pipe_after_its_ping_and_before_the_next",
          "a pong was already waiting on the pipe"),
    Wrong("q9_child_waits_for_eof", f"{Q9}::test_ping_pong_logs_each_ping_then_its_pong_from_the_child",
          "Waiting for end-of-file does not work under fork", fails_under=("fork",), passes_under=NOT_FORK),
]
