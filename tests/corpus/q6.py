"""Corpus cases for q6: wrong submissions in tests/submissions/q6_*, and where each is caught."""

from __future__ import annotations

from tests.corpus import ALL, NOT_FORK, WORK_IN_PARENT, Wrong  # noqa: F401

Q6 = "katas/q6/test_four_processes.py"

CASES = [
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
    Wrong("q6_towers_in_parent", f"{Q6}::test_each_tower_is_computed_by_a_worker_process_the_call_started",
          "computed in the parent"),
    Wrong("q6_seed_hard_coded_beside_idle_process",
          f"{Q6}::test_seed_program_returns_the_four_lists_computed_in_a_pool", "never sent back by a pool worker"),
    Wrong("q6_raw_os_write", f"{Q6}::test_each_number_is_printed_once_by_its_own_child",
          "was written around sys.stdout"),
]
