"""Corpus cases for q10: wrong submissions in tests/submissions/q10_*, and where each is caught."""

from __future__ import annotations

from tests.corpus import ALL, NOT_FORK, WORK_IN_PARENT, Wrong  # noqa: F401

Q10 = "katas/q10/test_shared_state.py"
LOCKED = f"{Q10}::test_locked_total_is_exact_in_every_run_and_counted_by_the_started_processes"
UNLOCKED = f"{Q10}::test_unlocked_total_never_exceeds_the_exact_total_and_runs_in_the_started_processes"
SQUARES = f"{Q10}::test_squares_are_exact_and_each_worker_writes_its_pid_over_one_slice"
MILLION = f"{Q10}::test_a_million_values_are_shared_by_name_not_pickled_to_the_workers"
FAILING = f"{Q10}::test_a_worker_that_fails_makes_the_call_raise_and_leaves_no_block_behind"

CASES = [
    # q10: shared state and locks
    Wrong("q10_missing_get_lock", LOCKED, "updates were lost"),
    Wrong("q10_lock_per_worker", LOCKED, "updates were lost"),
    Wrong("q10_lock_held_by_parent", LOCKED, "without using any CPU"),
    Wrong("q10_threads", LOCKED, "started 0 process(es)"),
    Wrong("q10_counts_in_parent", LOCKED, "the counting ran in this process"),
    Wrong("q10_global_not_shared", UNLOCKED, "created no multiprocessing.Value or RawValue"),
    # Caught only when updates were lost: 2 spawn or forkserver children may not overlap.
    Wrong("q10_unlocked_returns_expected", UNLOCKED, "no shared value that the call created holds that",
          fails_under=("fork",)),
    Wrong("q10_no_increments_check",
          f"{Q10}::test_bad_increments_is_rejected_before_any_process_starts",
          "increments=True was accepted", only_ids=("locked_total",)),
    Wrong("q10_data_pickled", MILLION, "the data went to the worker"),
    Wrong("q10_squares_sent_back", MILLION, "came back from a worker"),
    Wrong("q10_never_unlinked", SQUARES, "shared-memory block(s) behind"),
    Wrong("q10_no_cleanup_on_failure", FAILING, "shared-memory block(s) behind"),
    Wrong("q10_failure_ignored", FAILING, "but the call returned normally"),
    Wrong("q10_remainder_dropped", SQUARES, "element 1005 is 0.5, expected 0.25"),
]
