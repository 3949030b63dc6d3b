"""Corpus cases for q1: wrong submissions in tests/submissions/q1_*, and where each is caught."""

from __future__ import annotations

from tests.corpus import ALL, NOT_FORK, WORK_IN_PARENT, Wrong  # noqa: F401

Q1 = "katas/q1/test_count_primes.py"

CASES = [
    # q1: why multiprocessing (a parallel prime count)
    Wrong("q1_serial_in_parent", f"{Q1}::test_the_count_is_done_by_worker_processes_running_at_the_same_time", WORK_IN_PARENT),
    Wrong("q1_threads", f"{Q1}::test_the_count_is_done_by_worker_processes_running_at_the_same_time", "or threads"),
    Wrong("q1_hard_coded", f"{Q1}::test_the_count_is_done_by_worker_processes_running_at_the_same_time", WORK_IN_PARENT),
    Wrong("q1_overlapping_chunks", f"{Q1}::test_counts_the_primes_below_small_and_edge_stops",
          "no gap or overlap", only_ids=("10-4",)),
    Wrong("q1_one_child_after_another",
          f"{Q1}::test_the_count_is_done_by_worker_processes_running_at_the_same_time",
          "did not run at the same time"),
    Wrong("q1_sieve_in_parent",
          f"{Q1}::test_the_count_is_done_by_worker_processes_running_at_the_same_time", "no process was started"),
    Wrong("q1_sieve_beside_idle_pool",
          f"{Q1}::test_the_count_is_done_by_worker_processes_running_at_the_same_time",
          "s of work past their start-up"),
    Wrong("q1_leaked_workers", f"{Q1}::test_counts_the_primes_below_larger_stops", "process(es) running"),
]
