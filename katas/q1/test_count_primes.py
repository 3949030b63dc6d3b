"""Grader for q1: count primes in parallel, and prove the parallelism.

Exact counts first; then two checks of *how* the work ran: the parent's own CPU time
stays small (timing-free, works on one core), and on a machine that can show it the
parallel count beats the serial one (calibrated; skipped with the measured figure on a
busy machine). Every test runs under each start method.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from katas._kit import speed
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


def test_the_parent_does_little_of_the_counting_itself(count_primes: ModuleType) -> None:
    count_primes.count_primes_parallel(10, processes=1)  # not attempted? say so before sizing work
    stop = speed.size_for_seconds(lambda n: count_primes.count_primes(0, n), 20_000, 0.5, 1.5)
    speed.assert_work_ran_elsewhere(
        serial=lambda: count_primes.count_primes(0, stop),
        parallel=lambda: count_primes.count_primes_parallel(stop, processes=2),
        what=f"count_primes_parallel({stop}, processes=2)",
    )


@pytest.mark.timeout(90)
def test_two_processes_count_faster_than_one_when_two_cores_are_free(count_primes: ModuleType) -> None:
    count_primes.count_primes_parallel(10, processes=1)  # not attempted? say so before sizing work
    stop = speed.size_for_seconds(
        lambda n: count_primes.count_primes(0, n), 20_000, speed.SERIAL_SECONDS, 1.5
    )
    speed.assert_faster_than_serial(
        serial=lambda: count_primes.count_primes(0, stop),
        parallel=lambda: count_primes.count_primes_parallel(stop, processes=2),
        what=f"count_primes_parallel({stop}, processes=2)",
    )
