"""Corpus cases for q1: wrong submissions in tests/submissions/q1_*, and where each is caught."""

from __future__ import annotations

from tests.corpus import ALL, NOT_FORK, WORK_IN_PARENT, Wrong  # noqa: F401

Q1 = "katas/q1/test_count_primes.py"

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
]
