"""Grader for q4: a pool's results, worker reuse, errors, timeouts and speed.

Where each task ran is proven, not assumed: the grader's functions record the pid of
every call (each one in a worker the call started, once per item), worker reuse shows
in those pids (many tasks, few workers), and CPU seconds sampled per process show a
CPU-bound map done by two workers at the same time. A timed-out task's worker must be
gone; a task well inside its timeout must return. The speed check is calibrated against
what the machine can deliver right now and skips, with the figure, when it cannot show
parallelism. Every test runs under each start method.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from types import ModuleType
from typing import Any

import pytest

from katas._kit import attribution, processes, speed, workloads
from katas._kit.attribution import CallLog, assert_calls_ran_in_started_processes
from katas._kit.grading import assert_rejects_bad_count, grades
from katas._kit.processes import Recorder

pytestmark = grades("q4", "pool_basics")

TIMEOUT_ERRORS = (multiprocessing.TimeoutError, TimeoutError)


@pytest.fixture
def pool_basics(kata: ModuleType) -> ModuleType:
    return kata


def test_pool_map_returns_results_in_input_order(pool_basics: ModuleType) -> None:
    items = list(range(-10, 40))
    expected = [x * x for x in items]
    assert pool_basics.pool_map(workloads.square, list(items), 3) == expected


def test_pool_map_calls_the_function_once_per_item_in_worker_processes(
    pool_basics: ModuleType, calls: CallLog, guard: Recorder
) -> None:
    items = list(range(12))
    got = pool_basics.pool_map(calls.wrap(workloads.square), list(items), 1)
    assert got == [x * x for x in items]
    what = "pool_map(square, 12 items, processes=1)"
    assert_calls_ran_in_started_processes(calls.calls(), guard, what, expected=len(items))
    assert len(guard.started_pids) == 1, (
        f"{what} started {len(guard.started_pids)} processes: a pool of processes=1 starts one"
    )


def test_pool_starmap_unpacks_each_tuple_in_order(pool_basics: ModuleType) -> None:
    pairs = [(i, 10 * i) for i in range(20)]
    expected = [11 * i for i in range(20)]
    assert pool_basics.pool_starmap(workloads.add, list(pairs), 2) == expected


def test_pool_starmap_calls_the_function_once_per_tuple_in_worker_processes(
    pool_basics: ModuleType, calls: CallLog, guard: Recorder
) -> None:
    pairs = [(i, i) for i in range(10)]
    got = pool_basics.pool_starmap(calls.wrap(workloads.add), list(pairs), 2)
    assert got == [2 * i for i in range(10)]
    assert_calls_ran_in_started_processes(
        calls.calls(), guard, "pool_starmap(add, 10 pairs, processes=2)", expected=len(pairs)
    )


def test_many_tasks_reuse_a_few_worker_processes(pool_basics: ModuleType, guard: Recorder) -> None:
    pids = pool_basics.pool_map(workloads.report_pid, range(60), 2)
    distinct = set(pids)
    assert os.getpid() not in distinct, "a task ran in the parent: the pool's workers should run them"
    assert len(distinct) <= 2, (
        f"60 tasks ran in {len(distinct)} different processes for processes=2: a pool starts "
        "its workers once and reuses them (no process per task, no maxtasksperchild)"
    )
    unknown = distinct - guard.started_pids
    assert not unknown, f"tasks ran in pids {sorted(unknown)} that this call did not start"


def test_an_error_in_a_worker_reaches_the_caller_with_its_type_and_message(pool_basics: ModuleType) -> None:
    with pytest.raises(ValueError, match="raised in a worker by the grader"):
        pool_basics.pool_map(workloads.raise_value_error, ["raised in a worker by the grader"], 2)


def test_apply_with_timeout_returns_the_result_computed_in_a_worker(
    pool_basics: ModuleType, guard: Recorder, calls: CallLog
) -> None:
    pid, result = pool_basics.apply_with_timeout(calls.wrap(workloads.pid_and_square), 7, 30)
    assert result == 49
    assert pid != os.getpid(), "the task ran in the parent: submit it to a pool"
    assert pid in guard.started_pids, f"the task ran in pid {pid}, which this call did not start"
    assert_calls_ran_in_started_processes(calls.calls(), guard, "apply_with_timeout", expected=1)


def test_a_task_well_inside_its_timeout_returns_its_value(pool_basics: ModuleType) -> None:
    started = time.monotonic()
    pid, result = pool_basics.apply_with_timeout(workloads.nap_then_square, 6, 5.0)
    elapsed = time.monotonic() - started
    assert result == 36, f"a 0.3 s task with a 5 s timeout should return its value, got {result!r}"
    assert elapsed < 4.0, (
        f"returned after {elapsed:.2f} s: the timeout is in seconds and the task takes 0.3 s"
    )


def test_a_task_past_its_timeout_raises_promptly_and_its_worker_is_killed(
    pool_basics: ModuleType, guard: Recorder
) -> None:
    timeout = 0.5
    started = time.monotonic()
    with pytest.raises(TIMEOUT_ERRORS):
        pool_basics.apply_with_timeout(workloads.sleep_then_succeed, 3600, timeout)
    elapsed = time.monotonic() - started
    assert elapsed <= timeout + 1.0, f"raised {elapsed:.2f} s after the call; allowed: timeout + 1 s"
    running = [pid for pid in guard.started_pids if processes.is_running(pid)]
    assert not running, (
        f"worker(s) {running} still running after the timeout: AsyncResult.get(timeout) "
        "does not stop the task; terminate the pool"
    )


@pytest.mark.parametrize("function", ["pool_map", "pool_starmap"])
def test_bad_processes_is_rejected_before_any_process_starts(
    pool_basics: ModuleType, guard: Recorder, function: str
) -> None:
    call = getattr(pool_basics, function)
    assert_rejects_bad_count(lambda bad: call(workloads.add, [(1, 2)], bad), "processes", guard)


_EIGHT_SPINS = speed.Sizing(lambda n: [workloads.spin(n) for _ in range(8)], 10_000, 1.0)


def _spins_for(pool_basics: ModuleType, seconds: float) -> int:
    """Spins per task so that 8 tasks take ``seconds`` serially here (sized once)."""
    pool_basics.pool_map(workloads.square, [1], 1)  # not attempted? say so before sizing work
    return _EIGHT_SPINS.for_seconds(seconds)


def test_a_cpu_bound_map_runs_in_two_workers_at_the_same_time(pool_basics: ModuleType, cpu_watch: Any) -> None:
    spins = _spins_for(pool_basics, cpu_watch.work_seconds(0.6, 2))
    expected = [workloads.spin(spins)] * 8
    what = "pool_map(spin, 8 tasks, processes=2)"
    with cpu_watch() as report:
        got = pool_basics.pool_map(workloads.spin, [spins] * 8, 2)
    assert got == expected, f"{what} returned wrong results"
    attribution.assert_most_cpu_in_started_processes(report, what)
    attribution.assert_worker_count(report, 2, what)
    attribution.assert_ran_concurrently(report, what)


@pytest.mark.timeout(90)
def test_a_cpu_bound_map_on_two_workers_beats_serial_when_two_cores_are_free(pool_basics: ModuleType) -> None:
    spins = _spins_for(pool_basics, speed.SERIAL_SECONDS)
    speed.assert_faster_than_serial(
        serial=lambda: [workloads.spin(spins) for _ in range(8)],
        parallel=lambda: pool_basics.pool_map(workloads.spin, [spins] * 8, 2),
        what="pool_map(spin, 8 tasks, processes=2)",
        serial_key=f"q4 8 x spin({spins})",
    )
