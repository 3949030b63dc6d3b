"""Grader for q11: how ProcessPoolExecutor reports task errors, first results and crashes.

The function handed to the learner's code is the grader's own (``katas._kit.tasks.q11``):
each call writes an attempt record (pid and item) before it does anything else, so
attempts are counted even when the worker dies in the middle of one; its results
remember the pid that computed them and leave a receipt when they reach this process.
From those records the grader proves where every item ran, how many times, and that a
result that had already arrived was not thrown away and run again. Crashes are real
(``os._exit(1)`` and SIGKILL in the worker), and a crash waits until the other items'
results have arrived, so "completed results are kept" needs no guess about timing.

Every test runs under each start method; the kit fails any test that leaves a process
running or unjoined, and a test that hangs fails at the kit's timeout (20 s).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import pytest

from katas._kit import processes
from katas._kit.attribution import CallLog, assert_calls_ran_in_started_processes
from katas._kit.grading import assert_rejects_bad_count, assert_rejects_value, grades
from katas._kit.processes import Recorder
from katas._kit.tasks.q11 import (
    Await,
    Crash,
    GraderError,
    Raise,
    Scripted,
    Sleep,
    attempts,
    computed_by,
    describe_error,
    make_error,
    receipts,
)

pytestmark = grades("q11", "executor_failures")

#: A task that would take this long is one nobody should wait for.
SLOW = 8.0
#: first_result must return well before a slow task could finish.
PROMPT = 5.0


@pytest.fixture
def executor_failures(kata: ModuleType) -> ModuleType:
    return kata


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """Where the grader's function writes its attempts and receipts."""
    directory = tmp_path / "records"
    directory.mkdir()
    return directory


def squares(items: Sequence[int]) -> list[int]:
    return [x * x for x in items]


def assert_computed_in_started_processes(values: Sequence[object], guard: Recorder, what: str) -> None:
    """Each value is an Answer computed by the grader's function in a process the call started."""
    me = os.getpid()
    by = [computed_by(value) for value in values]
    missing = [value for value, pid in zip(values, by) if pid is None]
    assert not missing, (
        f"{what}: {missing} did not come from the grader's function (its results remember "
        "who computed them; a value typed in or rebuilt with int() does not): return what "
        "func returned"
    )
    in_parent = [value for value, pid in zip(values, by) if pid == me]
    assert not in_parent, (
        f"{what}: {len(in_parent)} result(s) were computed in the parent (pid {me}), not in a "
        "worker process: submit func to the executor instead of calling it yourself"
    )
    unknown = sorted({pid for pid in by if pid is not None} - guard.started_pids)
    assert not unknown, f"{what}: results were computed in pid(s) {unknown}, which this call did not start"


def assert_attempts_in_started_processes(records: Path, guard: Recorder, what: str) -> None:
    me = os.getpid()
    found = attempts(records)
    in_parent = [a.item for a in found if a.pid == me]
    assert not in_parent, (
        f"{what}: func ran in the parent (pid {me}) for item(s) {in_parent}: only the "
        "executor's workers may call it"
    )
    unknown = sorted({a.pid for a in found} - guard.started_pids)
    assert not unknown, f"{what}: func ran in pid(s) {unknown}, which this call did not start"


def still_running(guard: Recorder) -> list[int]:
    return sorted(pid for pid in guard.started_pids if processes.is_running(pid))


def timed(call: Callable[[], object]) -> tuple[object, float]:
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


# --- map_with_errors -------------------------------------------------------------------


def test_map_with_errors_gives_ok_rows_in_input_order_not_in_completion_order(
    executor_failures: ModuleType, records: Path
) -> None:
    items = list(range(8))
    # Item 0 waits until item 7's result has arrived: a list built as results complete
    # puts 7 before 0.
    func = Scripted(records, {0: Await((7,))})
    got = executor_failures.map_with_errors(func, list(items), workers=2)
    expected = [("ok", square) for square in squares(items)]
    assert got == expected, (
        f"map_with_errors returned {got}, expected {expected}: one ('ok', result) tuple per "
        "item, in input order (item 0 finishes after item 7: collect futures in the order "
        "you submitted them, not with as_completed)"
    )


def test_each_failing_item_becomes_an_error_row_and_loses_no_other_result(
    executor_failures: ModuleType, records: Path, calls: CallLog, guard: Recorder
) -> None:
    items = list(range(9))
    failures = {
        2: Raise("ValueError", "item 2 is not welcome"),
        5: Raise("GraderError", "the grader's own error for item 5"),
        6: Raise("KeyError", "missing-6"),
    }
    func = calls.wrap(Scripted(records, dict(failures)))
    got = executor_failures.map_with_errors(func, list(items), workers=2)
    expected: list[tuple[str, object]] = [
        ("error", describe_error(make_error(failures[x].kind, failures[x].message)))
        if x in failures
        else ("ok", x * x)
        for x in items
    ]
    assert isinstance(got, list) and len(got) == len(items), (
        f"map_with_errors returned {got!r}: expected a list with one row per item ({len(items)})"
    )
    for x, row, want in zip(items, got, expected):
        assert row == want, (
            f"item {x}: got {row!r}, expected {want!r}. A task that raised gives "
            "('error', f'{type(e).__name__}: {e}') with the exception from future.result(); "
            "every other item keeps ('ok', result)"
        )
    what = "map_with_errors(func, 9 items, workers=2)"
    assert_calls_ran_in_started_processes(calls.calls(), guard, what, expected=len(items))
    assert_computed_in_started_processes([row[1] for row in got if row[0] == "ok"], guard, what)
    assert len(guard.started_pids) <= 2, (
        f"{what} started {len(guard.started_pids)} processes: one executor of 2 workers is enough"
    )


def test_map_with_errors_of_empty_input_is_an_empty_list(executor_failures: ModuleType, records: Path) -> None:
    assert executor_failures.map_with_errors(Scripted(records), [], workers=2) == []


# --- first_result ------------------------------------------------------------------------


def test_first_result_returns_the_result_that_finishes_first_and_stops_the_rest(
    executor_failures: ModuleType, records: Path, guard: Recorder
) -> None:
    # Three items, three workers: all start at once, whatever order they are submitted in.
    func = Scripted(records, {5: Sleep(SLOW), 7: Sleep(0.1), 9: Sleep(SLOW)})
    got, elapsed = timed(lambda: executor_failures.first_result(func, [5, 7, 9], workers=3))
    assert got == 49, (
        f"first_result returned {got!r}: the task for 7 (0.1 s) finishes long before the "
        "others (8 s), so its result 49 is the first. Wait for the first future to complete "
        "(concurrent.futures.wait(..., return_when=FIRST_COMPLETED)), not for the first submitted"
    )
    assert elapsed < PROMPT, (
        f"first_result returned after {elapsed:.1f} s, though the first result came after "
        "0.1 s: leaving a with-block, or shutdown(wait=True), waits for the slow tasks. "
        "Cancel what has not started and stop the running workers, then return"
    )
    running = still_running(guard)
    assert not running, (
        f"first_result returned with worker(s) {running} still running the slow tasks: "
        "shutdown(cancel_futures=True) never stops a task that has started, and "
        "shutdown(wait=False) only stops waiting for it. Kill the running workers and join them"
    )
    assert_computed_in_started_processes([got], guard, "first_result")


def test_first_result_with_more_items_than_workers_cancels_the_waiting_ones(
    executor_failures: ModuleType, records: Path, guard: Recorder
) -> None:
    items = [3, 4, 5, 6, 7, 8]
    func = Scripted(records, {x: Sleep(SLOW) for x in items[1:]})
    got, elapsed = timed(lambda: executor_failures.first_result(func, list(items), workers=2, timeout=20.0))
    assert got == 9, f"first_result returned {got!r}; the task for 3 finishes at once, with result 9"
    assert elapsed < PROMPT, (
        f"first_result returned after {elapsed:.1f} s: it waited for tasks that take 8 s each. "
        "Cancel the tasks still waiting and stop the running workers before returning"
    )
    assert not still_running(guard), "workers are still running after first_result returned"
    assert_attempts_in_started_processes(records, guard, "first_result")


def test_first_result_raises_the_error_of_the_task_that_finishes_first(
    executor_failures: ModuleType, records: Path, guard: Recorder
) -> None:
    func = Scripted(records, {1: Sleep(SLOW), 2: Raise("GraderError", "the fastest task failed", delay=0.1), 3: Sleep(SLOW)})
    started = time.monotonic()
    with pytest.raises(GraderError, match="the fastest task failed"):
        executor_failures.first_result(func, [1, 2, 3], workers=3)
    elapsed = time.monotonic() - started
    assert elapsed < PROMPT, (
        f"first_result raised after {elapsed:.1f} s: the failing task finished after 0.1 s; "
        "stop the others instead of waiting for them"
    )
    assert not still_running(guard), (
        "workers are still running after first_result raised: stop them on the error path too"
    )
    assert_attempts_in_started_processes(records, guard, "first_result")


def test_first_result_past_its_timeout_raises_the_builtin_timeout_error_and_stops_every_task(
    executor_failures: ModuleType, records: Path, guard: Recorder
) -> None:
    func = Scripted(records, {1: Sleep(SLOW), 2: Sleep(SLOW)})
    timeout = 0.3
    started = time.monotonic()
    try:
        got = executor_failures.first_result(func, [1, 2], workers=2, timeout=timeout)
    except NotImplementedError:
        raise
    except Exception as error:  # noqa: BLE001 - judged just below
        raised: Exception = error
    else:
        pytest.fail(f"first_result returned {got!r}; no task can finish within timeout={timeout} s")
    elapsed = time.monotonic() - started
    assert isinstance(raised, TimeoutError), (
        f"raised {type(raised).__module__}.{type(raised).__name__}: {raised}; "
        "expected the built-in TimeoutError (on Python 3.10, concurrent.futures.TimeoutError "
        "is another class: raise TimeoutError yourself)"
    )
    assert elapsed <= timeout + 3.0, (
        f"raised {elapsed:.1f} s after the call for timeout={timeout}: give up at the timeout "
        "and stop the workers without waiting for their tasks"
    )
    running = still_running(guard)
    assert not running, (
        f"worker(s) {running} still running after the timeout: the tasks keep running unless "
        "you stop their workers"
    )


def test_first_result_of_empty_input_is_a_value_error_naming_items(
    executor_failures: ModuleType, records: Path, guard: Recorder
) -> None:
    assert_rejects_value(
        lambda: executor_failures.first_result(Scripted(records), [], workers=2), ValueError, "items", guard
    )


# --- map_surviving_crashes ----------------------------------------------------------------


def test_without_crashes_every_item_runs_once_and_results_come_in_input_order(
    executor_failures: ModuleType, records: Path, guard: Recorder
) -> None:
    items = list(range(10))
    func = Scripted(records, {0: Await((9,))})
    got = executor_failures.map_surviving_crashes(func, list(items), workers=2, retries=1)
    assert got == squares(items), f"map_surviving_crashes returned {got}, expected {squares(items)} (input order)"
    what = "map_surviving_crashes(func, 10 items, workers=2)"
    assert_computed_in_started_processes(got, guard, what)
    assert_attempts_in_started_processes(records, guard, what)
    ran = Counter(a.item for a in attempts(records))
    assert ran == Counter(items), f"{what}: runs per item {dict(ran)}; without a crash each item runs once"


@pytest.mark.parametrize(("how", "retries"), [("exit", 1), ("kill", 2), ("exit", 0)])
def test_a_crashing_item_runs_exactly_retries_plus_one_times_and_every_other_result_is_kept(
    executor_failures: ModuleType, records: Path, guard: Recorder, how: str, retries: int
) -> None:
    items = list(range(6))
    crasher = 2
    others = tuple(x for x in items if x != crasher)
    # The crash waits until the other results have reached this process. A caller that
    # retries forever gets a result on the attempt after retries + 1, so it ends.
    func = Scripted(records, {crasher: Crash(how, after=others, up_to=retries + 1)})
    what = f"map_surviving_crashes(func, 6 items, workers=2, retries={retries})"
    got = executor_failures.map_surviving_crashes(func, list(items), workers=2, retries=retries)
    ran = Counter(a.item for a in attempts(records))
    death = "calls os._exit(1)" if how == "exit" else "is killed by SIGKILL"
    assert ran[crasher] == retries + 1, (
        f"{what}: item {crasher}, whose worker {death} on every attempt, ran {ran[crasher]} "
        f"time(s); expected exactly retries + 1 = {retries + 1}: one first run, then one per "
        "retry on a fresh executor, and no more"
    )
    assert isinstance(got, list) and len(got) == len(items), f"{what} returned {got!r}"
    assert got[crasher] is None, f"{what}: item {crasher} never got a result, so its entry is None, not {got[crasher]!r}"
    for x in others:
        assert got[x] == x * x, (
            f"{what}: item {x} got {got[x]!r}, expected {x * x}. Its result had reached the "
            "caller before the crash: keep the results of futures that completed, and only "
            "look at BrokenProcessPool for the ones that did not"
        )
        assert ran[x] == 1, (
            f"{what}: item {x} ran {ran[x]} times, though its result had arrived before the "
            "crash: run again only the items without a result"
        )
    assert_computed_in_started_processes([got[x] for x in others], guard, what)
    assert_attempts_in_started_processes(records, guard, what)


def test_items_lost_with_a_crashed_worker_are_run_again_on_a_fresh_executor(
    executor_failures: ModuleType, records: Path, guard: Recorder
) -> None:
    items = list(range(6))
    # Item 1's worker dies on its first attempt only, once item 0's result has arrived;
    # item 2 is slow, so it is usually still running then; later items are still waiting.
    func = Scripted(records, {1: Crash("exit", after=(0,), up_to=1), 2: Sleep(0.3)})
    what = "map_surviving_crashes(func, 6 items, workers=2, retries=1)"
    got = executor_failures.map_surviving_crashes(func, list(items), workers=2, retries=1)
    ran = Counter(a.item for a in attempts(records))
    assert ran[1] == 2, (
        f"{what}: item 1's worker died on its first attempt only, so item 1 should have run "
        f"twice, but ran {ran[1]} time(s): after BrokenProcessPool, run the items without a "
        "result again on a new executor (up to retries times)"
    )
    assert got == squares(items), (
        f"{what} returned {got}, expected {squares(items)}: every item still running or waiting "
        "when the worker died fails with BrokenProcessPool; run those again on a new executor "
        "(up to retries times)"
    )
    arrived = receipts(records)
    twice = sorted(x for x in items if arrived[x] > 1)
    assert not twice, (
        f"{what}: the results of item(s) {twice} arrived more than once: an item whose result "
        "had arrived was run again. Keep completed results; retry only what was lost"
    )
    assert_computed_in_started_processes(got, guard, what)
    assert_attempts_in_started_processes(records, guard, what)


def test_an_exception_raised_by_func_is_not_a_crash_it_reaches_the_caller_and_is_not_retried(
    executor_failures: ModuleType, records: Path
) -> None:
    func = Scripted(records, {3: Raise("GraderError", "a task error, not a crash")})
    try:
        got = executor_failures.map_surviving_crashes(func, list(range(6)), workers=2, retries=2)
    except NotImplementedError:
        raise
    except Exception as error:  # noqa: BLE001 - judged just below
        raised: Exception | None = error
    else:
        raised = None
    ran = Counter(a.item for a in attempts(records))
    assert ran[3] == 1, (
        f"item 3 raised GraderError and ran {ran[3]} times: only a dead worker "
        "(BrokenProcessPool) is a reason to retry; an exception from func is the answer for "
        "that item, so let it reach the caller (catch BrokenProcessPool, not Exception)"
    )
    assert raised is not None, (
        f"map_surviving_crashes returned {got!r}, though func raised GraderError for item 3: "
        "an exception from func is not a crash; let future.result() raise it to the caller"
    )
    assert isinstance(raised, GraderError) and "a task error, not a crash" in str(raised), (
        f"raised {type(raised).__name__}: {raised}; expected the GraderError that func raised "
        "for item 3, with its message"
    )


def test_map_surviving_crashes_of_empty_input_is_an_empty_list(
    executor_failures: ModuleType, records: Path
) -> None:
    assert executor_failures.map_surviving_crashes(Scripted(records), [], workers=2, retries=1) == []


# --- arguments -----------------------------------------------------------------------------

FUNCTIONS = ["map_with_errors", "first_result", "map_surviving_crashes"]


@pytest.mark.parametrize("function", FUNCTIONS)
def test_bad_workers_is_rejected_before_any_process_starts(
    executor_failures: ModuleType, records: Path, guard: Recorder, function: str
) -> None:
    call = getattr(executor_failures, function)
    assert_rejects_bad_count(lambda bad: call(Scripted(records), [1, 2], workers=bad), "workers", guard)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_a_func_that_is_not_callable_is_rejected_before_any_process_starts(
    executor_failures: ModuleType, guard: Recorder, function: str
) -> None:
    call = getattr(executor_failures, function)
    assert_rejects_value(lambda: call(42, [1, 2], workers=2), TypeError, "func", guard)


BAD_RETRIES: list[tuple[object, type[Exception]]] = [
    (True, TypeError),
    (1.5, TypeError),
    ("1", TypeError),
    (None, TypeError),
    (-1, ValueError),
]


def test_bad_retries_is_rejected_before_any_process_starts(
    executor_failures: ModuleType, records: Path, guard: Recorder
) -> None:
    assert_rejects_bad_count(
        lambda bad: executor_failures.map_surviving_crashes(Scripted(records), [1, 2], workers=2, retries=bad),
        "retries", guard, BAD_RETRIES, hint=" (0 retries is fine, -1 is not)",
    )
