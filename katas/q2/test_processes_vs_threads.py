"""Grader for q2: what threads and processes really share, and which to choose.

Threads must run in the parent's pid on several threads and see its memory; processes
must run in other pids and not see it; both must overlap waiting. The overlap is
measured from each task's own start and end times, so slow process start-up cannot
make it flaky. Every test runs under each start method.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from types import ModuleType

import pytest

from katas._kit import workloads
from katas._kit.attribution import CallLog, assert_calls_ran_in_started_processes
from katas._kit.grading import assert_rejects_bad_count, grades
from katas._kit.processes import Recorder

pytestmark = grades("q2", "processes_vs_threads")

RUNNERS = ["run_in_threads", "run_in_processes"]

ANSWER_KEY = {
    "CPU_BOUND_PURE_PYTHON": (
        "process",
        "on the default build only separate processes (each with its own GIL) run pure-Python "
        "code on several cores; the free-threaded build (3.14t) runs threads in parallel too, "
        "but a process still gets its own memory and can be killed",
    ),
    "WAITING_ON_NETWORK": ("thread", "waiting releases the GIL, and threads are cheaper to start and need no pickling"),
    "SHARED_IN_MEMORY_STATE": ("thread", "threads see the same objects; processes would need copies, pipes or shared memory"),
    "MUST_BE_KILLABLE": ("process", "Python offers no way to kill a thread from outside; a process can be terminated"),
    "RESPONSIVE_GUI": ("thread", "a worker thread keeps the event loop free while the GUI's state stays in one process"),
    "CRASH_ISOLATION": ("process", "a crash (say, a segfault in an extension) ends only the process it happens in"),
    "MANY_SHORT_TASKS": ("thread", "pickling and inter-process messages would cost more than each tiny task"),
}


@pytest.fixture
def pvt(kata: ModuleType) -> ModuleType:
    return kata


@pytest.fixture
def remembered() -> Iterator[list[object]]:
    workloads.REMEMBERED.clear()
    yield workloads.REMEMBERED
    workloads.REMEMBERED.clear()


@pytest.mark.parametrize("runner", RUNNERS)
def test_results_come_back_in_input_order(pvt: ModuleType, runner: str) -> None:
    items = list(range(-4, 25))
    expected = [x * x for x in items]
    assert getattr(pvt, runner)(workloads.square, list(items), 3) == expected


def test_threads_run_in_the_parent_process_on_several_threads(pvt: ModuleType) -> None:
    reports = pvt.run_in_threads(workloads.nap_and_report, [0.05] * 8, 4)
    pids = {report[0] for report in reports}
    threads = {report[1] for report in reports}
    assert pids == {os.getpid()}, f"threads ran in pids {sorted(pids)}; threads live in the parent's process"
    assert len(threads) >= 2, "all items ran on one thread: start several worker threads"


def test_threads_see_the_parents_memory(pvt: ModuleType, remembered: list[object]) -> None:
    assert pvt.run_in_threads(workloads.remember, [1, 2, 3], 2) == [1, 2, 3]
    assert sorted(remembered) == [1, 2, 3], (  # type: ignore[type-var]
        f"after run_in_threads the parent's list holds {remembered}: threads share the "
        "parent's memory, so what they append should be there"
    )


def test_processes_run_in_other_processes(pvt: ModuleType, guard: Recorder) -> None:
    pids = set(pvt.run_in_processes(workloads.report_pid, range(12), 2))
    assert os.getpid() not in pids, "an item ran in the parent: run the function in worker processes"
    unknown = pids - guard.started_pids
    assert not unknown, f"items ran in pids {sorted(unknown)} that this call did not start"


def test_processes_call_the_function_once_per_item_in_workers_the_call_started(
    pvt: ModuleType, guard: Recorder, calls: CallLog
) -> None:
    items = list(range(10))
    assert pvt.run_in_processes(calls.wrap(workloads.square), list(items), 1) == [x * x for x in items]
    what = "run_in_processes(square, 10 items, workers=1)"
    assert_calls_ran_in_started_processes(calls.calls(), guard, what, expected=len(items))
    assert len(guard.started_pids) == 1, (
        f"{what} started {len(guard.started_pids)} processes: workers=1 means one worker process"
    )


def test_threads_call_the_function_once_per_item_in_the_parent(pvt: ModuleType, calls: CallLog) -> None:
    items = list(range(10))
    assert pvt.run_in_threads(calls.wrap(workloads.square), list(items), 3) == [x * x for x in items]
    made = calls.calls()
    assert len(made) == len(items), f"the function was called {len(made)} times for {len(items)} items"
    assert {call.pid for call in made} == {os.getpid()}, "threads run the function in the parent's process"


def test_processes_do_not_see_the_parents_memory(pvt: ModuleType, remembered: list[object]) -> None:
    assert pvt.run_in_processes(workloads.remember, [1, 2, 3], 2) == [1, 2, 3]
    assert remembered == [], (
        f"the parent's list changed to {remembered}: the function ran in the parent; in "
        "worker processes it would have changed the workers' own copies"
    )


@pytest.mark.parametrize("runner", RUNNERS)
def test_waiting_tasks_overlap(pvt: ModuleType, runner: str) -> None:
    reports = getattr(pvt, runner)(workloads.nap_and_report, [0.4] * 4, 4)
    peak = workloads.most_at_once([(report[2], report[3]) for report in reports])
    assert peak >= 2, (
        f"the 4 waiting tasks ran one at a time (at most {peak} at once); with 4 workers "
        "they should wait together"
    )


@pytest.mark.parametrize("runner", RUNNERS)
def test_bad_workers_is_rejected_before_anything_starts(pvt: ModuleType, guard: Recorder, runner: str) -> None:
    run = getattr(pvt, runner)
    assert_rejects_bad_count(lambda bad: run(workloads.square, [1, 2], bad), "workers", guard)


@pytest.mark.parametrize("member", sorted(ANSWER_KEY))
def test_better_choice_matches_the_answer_key(pvt: ModuleType, member: str) -> None:
    expected, reason = ANSWER_KEY[member]
    got = pvt.better_choice(pvt.Workload[member])
    assert got == expected, f"{member}: {expected!r}, not {got!r} — {reason}"
