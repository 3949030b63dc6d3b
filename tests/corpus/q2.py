"""Corpus cases for q2: wrong submissions in tests/submissions/q2_*, and where each is caught."""

from __future__ import annotations

from tests.corpus import ALL, NOT_FORK, WORK_IN_PARENT, Wrong  # noqa: F401

Q2 = "katas/q2/test_processes_vs_threads.py"

CASES = [
    # q2: processes vs threads
    Wrong("q2_processes_are_threads", f"{Q2}::test_processes_run_in_other_processes", "an item ran in the parent"),
    Wrong("q2_threads_in_a_loop", f"{Q2}::test_threads_run_in_the_parent_process_on_several_threads",
          "all items ran on one thread"),
    Wrong("q2_one_worker_process", f"{Q2}::test_waiting_tasks_overlap", "one at a time",
          only_ids=("run_in_processes",)),
    Wrong("q2_idle_threads_left", f"{Q2}::test_threads_call_the_function_once_per_item_in_the_parent",
          "thread(s) running in the grading process after returning"),
    Wrong("q2_processes_for_everything", f"{Q2}::test_better_choice_matches_the_answer_key",
          "waiting releases the GIL", only_ids=("WAITING_ON_NETWORK",)),
]
