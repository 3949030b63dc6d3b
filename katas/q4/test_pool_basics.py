"""Grader for q4: a pool's results, worker reuse, errors, timeouts and speed.

Worker reuse is checked through pids (many tasks, few distinct workers); a timed-out
task's worker must really be gone; the speed check is calibrated against what the
machine can deliver right now and skips, with the figure, when it cannot show
parallelism. Every test runs under each start method.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from types import ModuleType

import pytest

from katas._kit import processes, speed, workloads
from katas._kit.grading import assert_rejects_bad_count, grades
from katas._kit.processes import Recorder

pytestmark = grades("q4", "pool_basics")

TIMEOUT_ERRORS = (multiprocessing.TimeoutError, TimeoutError)


@pytest.fixture
def pool_basics(kata: ModuleType) -> ModuleType:
    return kata


def test_pool_map_returns_results_in_input_order(pool_basics: ModuleType) -> None:
    items = list(range(-10, 40))
    assert pool_basics.pool_map(workloads.square, items, 3) == [x * x for x in items]


def test_pool_starmap_unpacks_each_tuple_in_order(pool_basics: ModuleType) -> None:
    pairs = [(i, 10 * i) for i in range(20)]
    assert pool_basics.pool_starmap(workloads.add, pairs, 2) == [11 * i for i in range(20)]


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
    pool_basics: ModuleType, guard: Recorder
) -> None:
    pid, result = pool_basics.apply_with_timeout(workloads.pid_and_square, 7, 30)
    assert result == 49
    assert pid != os.getpid(), "the task ran in the parent: submit it to a pool"
    assert pid in guard.started_pids, f"the task ran in pid {pid}, which this call did not start"


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


def _spins_for(pool_basics: ModuleType, seconds: float) -> int:
    """Spins per task so that 8 tasks take ``seconds`` serially here."""
    pool_basics.pool_map(workloads.square, [1], 1)  # not attempted? say so before sizing work
    return speed.size_for_seconds(lambda n: [workloads.spin(n) for _ in range(8)], 10_000, seconds, 1.0)


def test_the_parent_does_little_of_the_mapped_work_itself(pool_basics: ModuleType) -> None:
    spins = _spins_for(pool_basics, 0.5)
    speed.assert_work_ran_elsewhere(
        serial=lambda: [workloads.spin(spins) for _ in range(8)],
        parallel=lambda: pool_basics.pool_map(workloads.spin, [spins] * 8, 2),
        what="pool_map(spin, 8 tasks, processes=2)",
    )


@pytest.mark.timeout(90)
def test_a_cpu_bound_map_on_two_workers_beats_serial_when_two_cores_are_free(pool_basics: ModuleType) -> None:
    spins = _spins_for(pool_basics, speed.SERIAL_SECONDS)
    speed.assert_faster_than_serial(
        serial=lambda: [workloads.spin(spins) for _ in range(8)],
        parallel=lambda: pool_basics.pool_map(workloads.spin, [spins] * 8, 2),
        what="pool_map(spin, 8 tasks, processes=2)",
    )
