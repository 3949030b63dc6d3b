"""Corpus cases for q8: wrong submissions in tests/submissions/q8_*, and where each is caught.

Loky tests run once, with the id ``[loky]``, and thread tests with ``[threads]``: those
are the "start methods" their cases fail under. Multiprocessing-backend tests run under
every start method.
"""

from __future__ import annotations

from tests.corpus import ALL, Wrong

Q8 = "katas/q8/test_joblib_tasks.py"
LOKY = ("loky",)
THREADS = ("threads",)

CASES = [
    # q8: joblib
    Wrong("q8_keeps_loky_workers",
          f"{Q8}::test_cubes_with_loky_returns_the_cubes_in_input_order_computed_in_loky_workers",
          "release_workers() returned while", fails_under=LOKY),
    Wrong("q8_terminate_without_join",
          f"{Q8}::test_cubes_with_loky_returns_the_cubes_in_input_order_computed_in_loky_workers",
          "release_workers() returned while", fails_under=LOKY),
    Wrong("q8_small_inputs_in_parent",
          f"{Q8}::test_cubes_with_loky_returns_the_cubes_in_input_order_computed_in_loky_workers",
          "were computed in the parent", fails_under=LOKY),
    Wrong("q8_shuts_down_every_call",
          f"{Q8}::test_loky_keeps_its_workers_after_a_call_and_the_next_call_reuses_them",
          "had already exited", fails_under=LOKY),
    Wrong("q8_rejects_minus_one",
          f"{Q8}::test_cubes_with_loky_starts_n_jobs_workers_and_minus_one_means_every_cpu",
          "or -1 for one worker per CPU", fails_under=LOKY, only_ids=("every-cpu",)),
    Wrong("q8_ignores_backend",
          f"{Q8}::test_cubes_with_multiprocessing_returns_the_cubes_in_order_from_a_pool_of_n_jobs",
          "ran in loky workers", fails_under=ALL),
    Wrong("q8_threads_without_n_jobs",
          f"{Q8}::test_cubes_in_threads_computes_in_this_process_on_two_threads_at_once",
          "every cube was computed on one thread", fails_under=THREADS),
    Wrong("q8_threads_are_processes",
          f"{Q8}::test_cubes_in_threads_computes_in_this_process_on_two_threads_at_once",
          "prefer='threads' runs the tasks on threads", fails_under=THREADS),
    Wrong("q8_no_n_jobs_check",
          f"{Q8}::test_bad_n_jobs_for_multiprocessing_is_rejected_before_any_process_starts",
          "n_jobs=True was accepted", fails_under=ALL),
    Wrong("q8_backend_passed_through",
          f"{Q8}::test_an_unknown_backend_is_rejected_before_any_process_starts",
          "DID NOT RAISE", only_ids=("threading", "sequential")),
    Wrong("q8_delayed_without_arguments", f"{Q8}::test_as_delayed_builds_exactly_what_delayed_builds",
          "as_delayed(add, 2, y=5) returned"),
]
