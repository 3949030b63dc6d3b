"""Corpus cases for q12: wrong submissions in tests/submissions/q12_*, and where each is caught.

dask starts its own worker processes, so every q12 test runs once, with the id
``[dask]``: each case fails under that label.
"""

from __future__ import annotations

from tests.corpus import Wrong

Q12 = "katas/q12/test_cluster_map.py"
DASK = ("dask",)

GIVEN_MAP = f"{Q12}::test_with_a_given_client_every_call_runs_on_its_workers_in_order_and_the_client_stays_open"
GIVEN_ERROR = f"{Q12}::test_with_a_given_client_an_error_in_func_reaches_the_caller_with_its_type_and_message"
OWN_MAP = f"{Q12}::test_without_a_client_it_starts_workers_processes_runs_every_call_there_and_closes_them"
OWN_ERROR = f"{Q12}::test_without_a_client_an_error_in_func_reaches_the_caller_and_the_cluster_is_closed"
GIVEN_SUM = f"{Q12}::test_with_a_given_client_the_sum_of_squares_is_computed_on_its_workers_from_data_scattered_once"
OWN_SUM = f"{Q12}::test_without_a_client_the_sum_of_squares_runs_on_its_own_cluster_which_is_closed_after"
BAD_COUNTS = f"{Q12}::test_bad_workers_is_rejected_before_any_process_starts"

CASES = [
    # q12: cluster_map and cluster_sum_of_squares on dask.distributed
    Wrong("q12_threads_not_processes", OWN_MAP, "calls ran in this process", fails_under=DASK),
    Wrong("q12_closes_the_given_client", GIVEN_MAP, "closed the Client it was given", fails_under=DASK),
    Wrong("q12_ignores_the_given_client", GIVEN_MAP, "though it was given a client", fails_under=DASK),
    Wrong("q12_never_closes", OWN_MAP, "left its own cluster behind", fails_under=DASK),
    Wrong("q12_not_closed_on_error", OWN_ERROR, "left its own cluster behind", fails_under=DASK),
    Wrong("q12_error_wrapped", GIVEN_ERROR, "the caller got RuntimeError", fails_under=DASK),
    Wrong("q12_ignores_workers", OWN_ERROR, "workers=1) started 2 process(es)", fails_under=DASK),
    Wrong("q12_no_validation", BAD_COUNTS, "workers=True was accepted", fails_under=DASK),
    Wrong("q12_data_in_every_task", GIVEN_SUM, "carried their data with them", fails_under=DASK),
    Wrong("q12_scatter_in_the_loop", GIVEN_SUM, "times its size", fails_under=DASK),
    Wrong("q12_partials_summed_here", GIVEN_SUM, "value(s) came back from the cluster", fails_under=DASK),
    Wrong("q12_one_task_does_everything", OWN_SUM, "task(s) worked on the scattered data", fails_under=DASK),
    Wrong("q12_squares_in_the_caller", GIVEN_SUM, "did arithmetic on", fails_under=DASK),
]
