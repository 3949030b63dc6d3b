"""Grader for q5: a pool of worker processes, each initialised once.

Checks results, and how they were made: who printed each greeting (file-descriptor
capture with the writer's pid), which processes did the squaring, and that nothing is
left running. Every test runs under each start method (see the test id).
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import pytest

from katas._kit.grading import (
    UNTAGGED,
    CapturedOutput,
    assert_rejects_bad_count,
    grades,
    spy_on_parent_calls,
)
from katas._kit.attribution import assert_results_computed_in_started_processes
from katas._kit.processes import Recorder
from katas._kit.traced import operations, traced

pytestmark = grades("q5", "worker_pool")

GREETING = r"Worker started"


@pytest.fixture
def worker_pool(kata: ModuleType) -> ModuleType:
    return kata


def test_square_returns_the_square(worker_pool: ModuleType) -> None:
    assert [worker_pool.square(x) for x in (-3, 0, 1, 12)] == [9, 0, 1, 144]
    assert worker_pool.square(10**20) == 10**40


def test_init_worker_prints_its_greeting_once(
    worker_pool: ModuleType, output: CapturedOutput
) -> None:
    worker_pool.init_worker("Bonjour from a worker")
    lines = output.matching("Bonjour from a worker")
    assert len(lines) == 1, f"init_worker printed its greeting {len(lines)} times, expected once"


def test_square_all_returns_squares_in_input_order(worker_pool: ModuleType) -> None:
    data = list(range(-5, 30))
    expected = [x * x for x in data]
    assert worker_pool.square_all(list(data), processes=3) == expected


def test_square_all_accepts_any_iterable(worker_pool: ModuleType) -> None:
    assert worker_pool.square_all((x for x in range(6)), processes=2) == [0, 1, 4, 9, 16, 25]


def test_square_all_of_empty_input_is_an_empty_list(worker_pool: ModuleType) -> None:
    assert worker_pool.square_all([], processes=2) == []


def test_square_all_squares_in_the_workers_not_in_the_parent(
    worker_pool: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent_calls = spy_on_parent_calls(monkeypatch, worker_pool, "square")
    assert worker_pool.square_all(range(8), processes=2) == [x * x for x in range(8)]
    assert parent_calls.count == 0, (
        f"the parent called square() itself {parent_calls.count} times: "
        "hand square to the pool (pool.map(square, data)) so the workers do the work"
    )


def test_each_square_is_computed_by_a_worker_process_the_call_started(
    worker_pool: ModuleType, guard: Recorder, traces: Path
) -> None:
    expected = [x * x for x in range(-3, 17)]
    values = traced(range(-3, 17))
    got = worker_pool.square_all(values, processes=3)
    assert got == expected
    assert_results_computed_in_started_processes(got, guard, "square_all(20 items, processes=3)", traces)


def test_the_pool_keeps_its_workers_for_the_whole_call(worker_pool: ModuleType, guard: Recorder) -> None:
    items = list(range(600))
    expected = [x * x for x in items]
    assert worker_pool.square_all(list(items), processes=2) == expected
    replacing = [s.maxtasksperchild for s in guard.pool_settings if s.maxtasksperchild is not None]
    assert not replacing, (
        f"the pool was created with maxtasksperchild={replacing[0]}: it replaces workers, and "
        "each new worker runs init_worker again and starts its count from zero"
    )
    assert len(guard.started_pids) == 2, (
        f"{len(guard.started_pids)} processes were started for a pool of 2 on 600 items: "
        "each worker should be started once and kept (no maxtasksperchild, no pool per item)"
    )


def test_square_all_closes_and_joins_its_pool_instead_of_terminating_it(
    worker_pool: ModuleType, guard: Recorder
) -> None:
    assert worker_pool.square_all(range(6), processes=2) == [x * x for x in range(6)]
    assert guard.terminated_before_join == 0, (
        "the pool was terminated before it was joined: leaving `with Pool(...)` calls "
        "terminate(), which kills workers that are still starting (under spawn and "
        "forkserver some never run init_worker); call pool.close() then pool.join()"
    )


@pytest.mark.parametrize(("processes", "items"), [(4, 2), (2, 10)])
def test_square_all_starts_exactly_processes_workers_each_greeting_once(
    worker_pool: ModuleType,
    output: CapturedOutput,
    guard: Recorder,
    processes: int,
    items: int,
) -> None:
    assert worker_pool.square_all(range(items), processes=processes) == [
        x * x for x in range(items)
    ]
    greetings = output.matching(GREETING)
    writers = [line.pid for line in greetings]
    assert os.getpid() not in writers, (
        f"the parent printed '{GREETING}' (threads print as the parent too): the greeting "
        "belongs in init_worker, run by each worker process as the pool's initializer"
    )
    assert None not in writers, f"a greeting {UNTAGGED}"
    assert len(greetings) == processes, (
        f"{len(greetings)} '{GREETING}' lines for a pool of {processes}, expected one per "
        "worker. Too few: leaving `with Pool(...)` calls terminate(), which kills workers "
        "that are still starting (spawn, forkserver); use pool.close() then pool.join(). "
        "Too many: was each worker initialised exactly once (no maxtasksperchild)?"
    )
    assert len(set(writers)) == processes, (
        f"greetings came from {len(set(writers))} distinct processes, expected {processes}: "
        "each worker should greet once"
    )
    unknown = set(writers) - guard.started_pids
    assert not unknown, f"greetings from pids {sorted(unknown)} that this call did not start"  # type: ignore[type-var]


def test_worker_stats_counts_items_per_worker_process(
    worker_pool: ModuleType, guard: Recorder, traces: Path
) -> None:
    stats = worker_pool.worker_stats(traced(range(40)), processes=3)
    assert isinstance(stats, dict), f"worker_stats returned {type(stats).__name__}, expected dict"
    assert os.getpid() not in stats, "the parent's pid is a key: only workers square items"
    assert 1 <= len(stats) <= 3, f"{len(stats)} workers reported for a pool of 3"
    unknown = set(stats) - guard.started_pids
    assert not unknown, (
        f"keys {sorted(unknown)} are not pids of worker processes this call started "
        f"(started: {sorted(guard.started_pids)})"
    )
    assert all(isinstance(n, int) and n > 0 for n in stats.values()), f"counts: {stats}"
    assert sum(stats.values()) == 40, (
        f"counts add up to {sum(stats.values())}, expected 40 (one per item): {stats}"
    )
    # The grader's numbers logged which process squared each of them.
    squared = {pid: {labels[0] for _, labels in ops} for pid, ops in operations(traces).items()}
    in_parent = squared.pop(os.getpid(), set())
    assert not in_parent, f"the parent squared {len(in_parent)} of the items itself"
    actual = {pid: len(labels) for pid, labels in squared.items()}
    assert stats == actual, (
        f"worker_stats reported {stats}, but the items were squared as follows: {actual} "
        "(pid: items squared there): count in each worker, for the items that worker squared"
    )


def test_worker_stats_of_empty_input_is_an_empty_dict(worker_pool: ModuleType) -> None:
    assert worker_pool.worker_stats([], processes=2) == {}


@pytest.mark.parametrize("function", ["square_all", "worker_stats"])
def test_bad_processes_is_rejected_before_any_process_starts(
    worker_pool: ModuleType, guard: Recorder, function: str
) -> None:
    call = getattr(worker_pool, function)
    assert_rejects_bad_count(lambda bad: call([1, 2], processes=bad), "processes", guard)
