"""Grader for q8: joblib's Parallel and delayed on loky, multiprocessing and threads.

Where each cube was computed is proven, not assumed: the grader passes numbers that
remember the process that computed with them (``TracedInt``, kept through loky's
cloudpickle and through multiprocessing's pickle), so every result must come from a
worker process the call started, never from the parent. For ``cubes_in_threads`` the
numbers also note the thread, and the first cube waits until a second thread computes
too: the threads must run at the same time, in this process, and no process may start.

Test ids say how a test runs. ``[loky]``: once, since loky starts its own processes
(fresh interpreters) whatever the start method. ``[fork]``, ``[forkserver]``,
``[spawn]``: the multiprocessing backend builds a ``multiprocessing.Pool`` with the
start method the grader sets. ``[threads]``: once, no process at all.

loky keeps its workers alive after ``Parallel`` returns (a reusable executor). Each
loky test calls ``release_workers()`` itself and then runs the leak check at once:
right after ``release_workers()`` returns, nothing may be left running or unjoined.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import joblib  # type: ignore[import-untyped]
import pytest
from joblib.externals.loky import reusable_executor  # type: ignore[import-untyped]

from katas._kit import processes, workloads
from katas._kit.attribution import CallLog, assert_results_computed_in_started_processes
from katas._kit.grading import assert_rejects_bad_count, assert_rejects_value, grades
from katas._kit.processes import Recorder
from katas._kit.tasks import q8
from katas._kit.traced import computed_by, traced

pytestmark = grades("q8", "joblib_tasks")

LOKY = pytest.mark.own_processes("loky")
THREADS = pytest.mark.own_processes("threads")

RELEASE = (
    "joblib's loky backend keeps its worker processes alive after Parallel returns (a "
    "reusable executor, kept for the next call until it has been idle for 300 s); "
    "release_workers() must shut that executor down and wait until its workers have "
    "exited: get_reusable_executor(reuse=True).shutdown(wait=True), with "
    "get_reusable_executor from joblib.externals.loky"
)


@pytest.fixture
def joblib_tasks(kata: ModuleType) -> ModuleType:
    return kata


@pytest.fixture(autouse=True)
def _loky_executor_shut_down_after_each_test(start_method: str | None) -> Iterator[None]:
    """Whatever the test did, the next one starts without loky's executor: the kit's
    clean-up kills leftover workers but does not know loky's executor object."""
    yield
    executor = reusable_executor._executor
    if executor is not None:
        with contextlib.suppress(Exception):
            executor.shutdown(wait=True, kill_workers=True)


#: Seconds a loky worker takes to exit on SIGTERM once the grader has set it so.
SLOW_EXIT = 2.0


def _make_workers_slow_to_exit_on_sigterm() -> None:
    """Where loky's executor is running, its workers take ``SLOW_EXIT`` s to die on
    SIGTERM (see ``q8.exit_slowly_on_sigterm``); an executor shut down or broken by the
    call has no workers to slow."""
    executor = reusable_executor._executor
    if executor is None:
        return
    with contextlib.suppress(Exception):
        futures = [executor.submit(q8.exit_slowly_on_sigterm, SLOW_EXIT) for _ in range(2)]
        for future in futures:
            future.result(timeout=10)


def _release_and_check_nothing_is_left(joblib_tasks: ModuleType, guard: Recorder, what: str) -> None:
    """Call ``release_workers()`` and run the leak check right after it returns."""
    _make_workers_slow_to_exit_on_sigterm()
    joblib_tasks.release_workers()
    leaks = processes.find_leaks(guard, os.environ[processes.TOKEN_ENV])
    assert not leaks, (
        f"after {what}, release_workers() returned while {processes.describe(leaks)}. {RELEASE}"
    )


def _assert_loky_workers(guard: Recorder, n_workers: int, what: str) -> None:
    kinds = sorted({type(p).__name__ for p in guard.started if getattr(p, "_start_method", None) != "loky"})
    assert not kinds, (
        f"{what} started {', '.join(kinds)} processes, not loky workers: pass backend to "
        "Parallel(n_jobs=n_jobs, backend=backend)"
    )
    assert len(guard.started_pids) == n_workers, (
        f"{what} started {len(guard.started_pids)} loky worker(s), expected {n_workers}: pass "
        "n_jobs to Parallel as it is (loky starts n_jobs workers; -1 means one per CPU)"
    )


# --- delayed: one task as Parallel receives it ----------------------------------------


def test_as_delayed_builds_exactly_what_delayed_builds(joblib_tasks: ModuleType) -> None:
    cases: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = [
        (workloads.add, (2,), {"y": 5}),
        (joblib_tasks.cube, (3,), {}),
        (workloads.do_nothing, (), {}),
    ]
    for func, args, kwargs in cases:
        got = joblib_tasks.as_delayed(func, *args, **kwargs)
        expected = joblib.delayed(func)(*args, **kwargs)
        assert expected == (func, args, kwargs)  # what joblib builds, on any version
        shown = ", ".join([func.__name__, *map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
        assert type(got) is tuple and got == expected, (
            f"as_delayed({shown}) returned {got!r}; delayed({func.__name__})(...) builds "
            f"{expected!r}: a tuple of the function itself, the positional arguments as a "
            "tuple and the keyword arguments as a dict"
        )
        assert got[0] is func, "the first item must be the function itself, not a wrapper"


def test_as_delayed_describes_the_call_without_making_it(
    joblib_tasks: ModuleType, calls: CallLog
) -> None:
    add = calls.wrap(workloads.add)
    task = joblib_tasks.as_delayed(add, 20, 22)
    made = calls.calls()
    assert not made, (
        f"as_delayed called the function ({len(made)} call(s)): it must only describe the "
        "call, (func, args, kwargs), for Parallel's workers to make later"
    )
    assert joblib.Parallel(n_jobs=1)([task]) == [42], "Parallel could not run what as_delayed built"


# --- loky: joblib's default backend, its own processes ---------------------------------


@LOKY
def test_cubes_with_loky_returns_the_cubes_in_input_order_computed_in_loky_workers(
    joblib_tasks: ModuleType, guard: Recorder
) -> None:
    values = list(range(-4, 14))
    expected = [v**3 for v in values]
    what = f"cubes({len(values)} values, n_jobs=2, backend='loky')"
    originals = traced(values)
    got = joblib_tasks.cubes((v for v in originals), n_jobs=2, backend="loky")
    assert got == expected, f"{what} returned {got!r}, expected the cubes in input order {expected!r}"
    assert_results_computed_in_started_processes(got, guard, what)
    _assert_loky_workers(guard, 2, what)
    _release_and_check_nothing_is_left(joblib_tasks, guard, what)


@LOKY
@pytest.mark.parametrize("n_jobs", [3, -1], ids=["3", "every-cpu"])
def test_cubes_with_loky_starts_n_jobs_workers_and_minus_one_means_every_cpu(
    joblib_tasks: ModuleType, guard: Recorder, n_jobs: int
) -> None:
    values = list(range(8))
    what = f"cubes(8 values, n_jobs={n_jobs}, backend='loky')"
    try:
        got = joblib_tasks.cubes(traced(values), n_jobs=n_jobs, backend="loky")
    except (TypeError, ValueError) as error:
        pytest.fail(
            f"{what} raised {type(error).__name__}: {error}. n_jobs is a positive int, or -1 "
            "for one worker per CPU (joblib's convention): accept it and pass it to Parallel",
            pytrace=False,
        )
    assert got == [v**3 for v in values], f"{what} returned {got!r}"
    workers = n_jobs if n_jobs > 0 else joblib.cpu_count()
    if workers > 1:  # n_jobs=-1 on one CPU: joblib runs the tasks in the caller
        assert_results_computed_in_started_processes(got, guard, what)
    _assert_loky_workers(guard, workers if workers > 1 else 0, what)
    _release_and_check_nothing_is_left(joblib_tasks, guard, what)


@LOKY
def test_cubes_with_one_job_returns_the_cubes(joblib_tasks: ModuleType, guard: Recorder) -> None:
    # joblib runs n_jobs=1 one task after another in the caller, by design (for
    # debugging), whatever the backend: so where these were computed is not graded.
    got = joblib_tasks.cubes(traced(range(5)), n_jobs=1, backend="loky")
    assert got == [v**3 for v in range(5)], f"cubes(5 values, n_jobs=1) returned {got!r}"
    _release_and_check_nothing_is_left(joblib_tasks, guard, "cubes(..., n_jobs=1)")


@LOKY
def test_cubes_of_no_values_is_an_empty_list(joblib_tasks: ModuleType, guard: Recorder) -> None:
    got = joblib_tasks.cubes([], n_jobs=2, backend="loky")
    assert got == [], f"cubes([]) returned {got!r}, expected []"
    _release_and_check_nothing_is_left(joblib_tasks, guard, "cubes([])")


@LOKY
def test_loky_keeps_its_workers_after_a_call_and_the_next_call_reuses_them(
    joblib_tasks: ModuleType, guard: Recorder
) -> None:
    first = joblib_tasks.cubes(traced(range(6)), n_jobs=2, backend="loky")
    assert first == [v**3 for v in range(6)], f"cubes(range(6)) returned {first!r}"
    workers = set(guard.started_pids)
    gone = sorted(pid for pid in workers if not processes.is_running(pid))
    assert workers and not gone, (
        f"after cubes() returned, loky worker(s) {gone} had already exited: leave loky's "
        "workers running, so that the next call reuses them without paying start-up again; "
        "shutting them down is release_workers()'s job"
    )
    what = "a second cubes(6 values, n_jobs=2, backend='loky')"
    second = joblib_tasks.cubes(traced(range(6, 12)), n_jobs=2, backend="loky")
    assert second == [v**3 for v in range(6, 12)], f"{what} returned {second!r}"
    new = sorted(guard.started_pids - workers)
    assert not new, (
        f"{what} started new processes {new} instead of reusing the workers of the first "
        f"call {sorted(workers)}: leave loky's executor running between calls"
    )
    assert_results_computed_in_started_processes(second, guard, what)
    _release_and_check_nothing_is_left(joblib_tasks, guard, what)


@LOKY
def test_release_workers_stops_the_default_loky_workers_and_may_be_called_again(
    joblib_tasks: ModuleType, guard: Recorder
) -> None:
    what = "cubes(4 values, n_jobs=2) with the default backend"
    got = joblib_tasks.cubes(traced(range(4)), n_jobs=2)
    assert got == [v**3 for v in range(4)], f"{what} returned {got!r}"
    _assert_loky_workers(guard, 2, what)  # loky is joblib's default, and this kata's
    _release_and_check_nothing_is_left(joblib_tasks, guard, what)
    started = set(guard.started_pids)
    _release_and_check_nothing_is_left(joblib_tasks, guard, "a second release_workers()")
    assert guard.started_pids == started, (
        "release_workers() with no workers running started processes: it should only stop them"
    )


# --- the multiprocessing backend: a multiprocessing.Pool, under each start method ------


def test_cubes_with_multiprocessing_returns_the_cubes_in_order_from_a_pool_of_n_jobs(
    joblib_tasks: ModuleType, guard: Recorder, start_method: str
) -> None:
    values = list(range(-3, 9))
    expected = [v**3 for v in values]
    what = f"cubes({len(values)} values, n_jobs=3, backend='multiprocessing')"
    got = joblib_tasks.cubes(traced(values), n_jobs=3, backend="multiprocessing")
    assert got == expected, f"{what} returned {got!r}, expected the cubes in input order {expected!r}"
    loky_workers = [p.pid for p in guard.started if getattr(p, "_start_method", None) == "loky"]
    assert not loky_workers, (
        f"{what} ran in loky workers {loky_workers}: pass backend to Parallel, so that "
        "backend='multiprocessing' builds a multiprocessing.Pool"
    )
    assert_results_computed_in_started_processes(got, guard, what)
    sizes = [settings.processes for settings in guard.pool_settings]
    assert sizes == [3], (
        f"{what} built pools of {sizes} processes, expected one pool of 3: pass n_jobs and "
        "backend to Parallel"
    )
    # Nothing may be left running: joblib terminates and joins this pool before Parallel
    # returns (the kit's leak check after every test proves it).


# --- threads ------------------------------------------------------------------------------


@THREADS
def test_cubes_in_threads_computes_in_this_process_on_two_threads_at_once(
    joblib_tasks: ModuleType, guard: Recorder
) -> None:
    values = list(range(-3, 9))
    expected = [v**3 for v in values]
    what = f"cubes_in_threads({len(values)} values, n_jobs=2)"
    with q8.meeting(patience=5.0) as seen:
        got = joblib_tasks.cubes_in_threads(q8.thread_traced(values), n_jobs=2)
    assert got == expected, f"{what} returned {got!r}, expected the cubes in input order {expected!r}"
    assert not guard.started_pids, (
        f"{what} started {len(guard.started_pids)} process(es): prefer='threads' runs the "
        "tasks on threads of this process (Parallel(n_jobs=n_jobs, prefer='threads'))"
    )
    me = os.getpid()
    by = [computed_by(r) for r in got]
    assert None not in by, (
        f"{what}: {by.count(None)} results were not computed from the values the grader passed "
        "in: cube each value (the grader's numbers remember who computed with them)"
    )
    elsewhere = sorted({pid for pid in by if pid is not None and pid != me})
    assert not elsewhere, f"{what}: cubes were computed in other processes {elsewhere}, not in this one"
    threads = seen.distinct_threads
    assert len(threads) >= 2, (
        f"{what}: every cube was computed on one thread (the first cube waited "
        f"{seen.patience:.0f} s for a second thread, and none came): pass n_jobs to "
        "Parallel; its default, n_jobs=None, means 1, and joblib then runs the tasks one "
        "after another in the caller"
    )


# --- arguments ------------------------------------------------------------------------------

BAD_N_JOBS: list[tuple[object, type[Exception]]] = [
    (True, TypeError),
    (False, TypeError),
    (2.5, TypeError),
    ("2", TypeError),
    (None, TypeError),
    (0, ValueError),
]


def _assert_rejects_bad_n_jobs(call: Callable[[object], object], guard: Recorder) -> None:
    """Like the kit's count rules, but -1 is a valid n_jobs (every CPU)."""
    assert_rejects_bad_count(
        call, "n_jobs", guard, BAD_N_JOBS,
        hint=". joblib itself takes True as 1 and 2.5, '2' or None without complaint: check "
        "n_jobs yourself (a bool is an int in Python)",
    )


@LOKY
def test_bad_n_jobs_for_loky_is_rejected_before_any_process_starts(
    joblib_tasks: ModuleType, guard: Recorder
) -> None:
    _assert_rejects_bad_n_jobs(lambda bad: joblib_tasks.cubes([1, 2], n_jobs=bad, backend="loky"), guard)


def test_bad_n_jobs_for_multiprocessing_is_rejected_before_any_process_starts(
    joblib_tasks: ModuleType, guard: Recorder
) -> None:
    _assert_rejects_bad_n_jobs(
        lambda bad: joblib_tasks.cubes([1, 2], n_jobs=bad, backend="multiprocessing"), guard
    )


@THREADS
def test_bad_n_jobs_for_threads_is_rejected(joblib_tasks: ModuleType, guard: Recorder) -> None:
    _assert_rejects_bad_n_jobs(lambda bad: joblib_tasks.cubes_in_threads([1, 2], n_jobs=bad), guard)


@pytest.mark.parametrize("backend", ["threading", "sequential", "Loky"])
def test_an_unknown_backend_is_rejected_before_any_process_starts(
    joblib_tasks: ModuleType, guard: Recorder, backend: str
) -> None:
    assert_rejects_value(
        lambda: joblib_tasks.cubes([1, 2], n_jobs=2, backend=backend), ValueError, "backend", guard
    )
