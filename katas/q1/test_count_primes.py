"""Grader for q1: count primes in parallel, and prove the parallelism.

Exact counts first; then *how* the work ran, without timing the call: CPU seconds
sampled per process show that, past start-up, the processes the call started did the
counting (not the parent, whatever algorithm it uses), that there were as many of them
as asked, and that two of them made progress in the same moments. On a machine that
can show it, the parallel count must also beat the serial one (calibrated; skipped with
the measured figure on a busy machine). Every test runs under each start method.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from katas._kit import attribution, speed, workloads
from katas._kit.attribution import CpuReport
from katas._kit.grading import assert_rejects_bad_count, assert_rejects_value, grades
from katas._kit.processes import Recorder

pytestmark = grades("q1", "count_primes")

COVER_ONCE = "Check that the pieces cover [0, stop) exactly once, with no gap or overlap at their edges."


@pytest.fixture
def count_primes(kata: ModuleType) -> ModuleType:
    return kata


@pytest.mark.parametrize(
    ("stop", "expected"), [(0, 0), (1, 0), (2, 0), (3, 1), (4, 2), (10, 4), (100, 25), (1000, 168)]
)
def test_counts_the_primes_below_small_and_edge_stops(
    count_primes: ModuleType, stop: int, expected: int
) -> None:
    got = count_primes.count_primes_parallel(stop, processes=2)
    assert got == expected, (
        f"count_primes_parallel({stop}) returned {got!r}; there are {expected} primes below {stop}. "
        f"{COVER_ONCE}"
    )


@pytest.mark.parametrize(("stop", "expected", "processes"), [(10_000, 1229, 2), (100_000, 9592, 3)])
def test_counts_the_primes_below_larger_stops(
    count_primes: ModuleType, stop: int, expected: int, processes: int
) -> None:
    got = count_primes.count_primes_parallel(stop, processes=processes)
    assert got == expected, (
        f"count_primes_parallel({stop}, processes={processes}) returned {got!r}, expected {expected}. "
        f"{COVER_ONCE}"
    )


def test_more_processes_than_numbers_still_counts_right(count_primes: ModuleType) -> None:
    assert count_primes.count_primes_parallel(5, processes=8) == 2
    assert count_primes.count_primes_parallel(12, processes=7) == 5


def test_a_negative_stop_is_rejected_before_any_process_starts(
    count_primes: ModuleType, guard: Recorder
) -> None:
    assert_rejects_value(lambda: count_primes.count_primes_parallel(-1, processes=2), ValueError, "stop", guard)


def test_bad_processes_is_rejected_before_any_process_starts(
    count_primes: ModuleType, guard: Recorder
) -> None:
    assert_rejects_bad_count(lambda bad: count_primes.count_primes_parallel(100, processes=bad), "processes", guard)


_TRIAL_DIVISION = speed.Sizing(workloads.trial_division_count, 20_000, 1.5)
#: The speed check's stop, sized once with your own serial count_primes.
_SIZES_OF_SERIAL: dict[str, int] = {}


def _stop_for(seconds: float) -> int:
    """A stop whose prime count costs about ``seconds`` of CPU by trial division here
    (the grader's own copy of it, so a changed ``count_primes`` cannot shrink the work)."""
    return _TRIAL_DIVISION.for_seconds(seconds)


def _parent_past(share_of: float) -> attribution.ParentCpuOver:
    """Stop the call as soon as the parent alone has used more CPU than the whole
    count should take: the answer is already known to be wrong."""
    return attribution.ParentCpuOver(
        max(0.3, share_of),
        "stopped after the parent itself had used {parent_cpu:.2f} s of CPU, "
        "more than the whole count takes: the counting runs in this process "
        "(serial code, or threads), not in worker processes",
    )


def _watched_count(count_primes: ModuleType, cpu_watch: Any, seconds: float, processes: int) -> tuple[CpuReport, str]:
    """Count below a stop worth ``seconds`` of CPU under a CPU watch; check the count."""
    count_primes.count_primes_parallel(10, processes=1)  # not attempted? say so before sizing work
    seconds = cpu_watch.work_seconds(seconds, processes)
    stop = _stop_for(seconds)
    expected = workloads.primes_below(stop)
    what = f"count_primes_parallel({stop}, processes={processes})"
    with cpu_watch(fail_fast=_parent_past(seconds)) as report:
        got = count_primes.count_primes_parallel(stop, processes=processes)
    assert got == expected, f"{what} returned {got!r}, expected {expected}. {COVER_ONCE}"
    return report, what


def test_the_count_is_done_by_worker_processes_running_at_the_same_time(
    count_primes: ModuleType, cpu_watch: Any
) -> None:
    report, what = _watched_count(count_primes, cpu_watch, 0.6, processes=2)
    attribution.assert_most_cpu_in_started_processes(report, what)
    attribution.assert_worker_count(report, 2, what)
    attribution.assert_ran_concurrently(report, what)


def test_one_process_means_one_worker_process_and_not_the_parent(
    count_primes: ModuleType, cpu_watch: Any
) -> None:
    report, what = _watched_count(count_primes, cpu_watch, 0.25, processes=1)
    attribution.assert_most_cpu_in_started_processes(report, what)
    attribution.assert_worker_count(report, 1, what)


@pytest.mark.timeout(90)
def test_two_processes_count_faster_than_one_when_two_cores_are_free(count_primes: ModuleType) -> None:
    count_primes.count_primes_parallel(10, processes=1)  # not attempted? say so before sizing work
    if "speed" not in _SIZES_OF_SERIAL:  # the serial count runs here, whatever the start method
        _SIZES_OF_SERIAL["speed"] = speed.size_for_seconds(
            lambda n: count_primes.count_primes(0, n), 20_000, speed.SERIAL_SECONDS, 1.5
        )
    stop = _SIZES_OF_SERIAL["speed"]
    speed.assert_faster_than_serial(
        serial=lambda: count_primes.count_primes(0, stop),
        parallel=lambda: count_primes.count_primes_parallel(stop, processes=2),
        what=f"count_primes_parallel({stop}, processes=2)",
        serial_key=f"q1 count_primes(0, {stop})",
    )
