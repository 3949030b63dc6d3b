"""Grader for q6: one process per number, each printing its own line; power towers.

Every printed line is attributed to the process that wrote it, so a parent printing
on its children's behalf, or a pool worker printing two numbers, fails. The huge
towers are checked by bit length and residues first (``str()`` of a 36 000-digit int
raises on Python 3.11+ and 3.10.7+), then exactly. Every test runs under each start method.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from katas._kit import attribution, processes
from katas._kit.attribution import assert_results_computed_in_started_processes
from katas._kit.grading import UNTAGGED, CapturedOutput, assert_rejects_bad_count, assert_rejects_value, grades
from katas._kit.processes import Recorder
from katas._kit.traced import traced

pytestmark = grades("q6", "four_processes")

LINE = re.compile(r"process (\d+) prints (-?\d+)")
PRIMES = (1_000_003, 998_244_353, 2**61 - 1)
TIMEOUT_ERRORS = (multiprocessing.TimeoutError, TimeoutError)


@pytest.fixture
def four_processes(kata: ModuleType) -> ModuleType:
    return kata


@pytest.mark.parametrize("numbers", [[10, 20, 30, 40], [7], [3, 1, 4, 15, 9, 2, 6]], ids=["four", "one", "seven"])
def test_each_number_is_printed_once_by_its_own_child(
    four_processes: ModuleType, output: CapturedOutput, guard: Recorder, numbers: list[int]
) -> None:
    pids = four_processes.print_numbers(numbers)
    assert isinstance(pids, list) and len(pids) == len(numbers), f"returned {pids!r}: one pid per number"
    # The parent's pid first: when every "pid" is the parent's, that is the flaw to name.
    assert os.getpid() not in pids, "the parent's pid was returned: each number is printed by a child"
    assert len(set(pids)) == len(numbers), (
        f"pids {pids} repeat: each number needs its own process (a pool's worker may take "
        "several numbers; start one Process per number)"
    )
    unknown = set(pids) - guard.started_pids
    assert not unknown, f"pids {sorted(unknown)} are not processes this call started"
    found = [(line, LINE.search(line.text)) for line in output.lines()]
    printed = [(line.pid, int(m.group(1)), int(m.group(2))) for line, m in found if m]
    for number, pid in zip(numbers, pids):
        writers = [writer for writer, _, n in printed if n == number]
        assert len(writers) == 1, f"{number} was printed {len(writers)} times, expected once"
        assert writers[0] is not None, f"the line for {number} {UNTAGGED}"
        assert writers[0] != os.getpid(), f"the parent printed {number}: the child must print it"
        assert writers[0] == pid, (
            f"{number} was printed by pid {writers[0]}, but print_numbers returned pid {pid} for it"
        )
    for writer, claimed, number in printed:
        assert claimed == writer, f"pid {writer} printed 'process {claimed} prints {number}': print your own pid"
    # Processes that print nothing (a Manager's server, say) are fine; each printer prints once.
    lines_per_process = {pid: sum(1 for w, _, _ in printed if w == pid) for pid in guard.started_pids}
    extra = {pid: n for pid, n in lines_per_process.items() if n > 1}
    assert not extra, (
        f"each process should print exactly one line; lines per process: {extra}. A pool "
        "does not give one process per number (one worker may take two): start one Process per number"
    )


def test_repeated_numbers_are_rejected_before_any_process_starts(
    four_processes: ModuleType, guard: Recorder
) -> None:
    assert_rejects_value(lambda: four_processes.print_numbers([1, 2, 2, 3]), ValueError, "numbers", guard)


@pytest.mark.parametrize(
    ("n", "expected"), [(0, 0), (1, 1), (2, 16), (3, 7_625_597_484_987), (4, 4**256)], ids=["0", "1", "2", "3", "4"]
)
def test_power_tower_is_right_associative_and_exact(four_processes: ModuleType, n: int, expected: int) -> None:
    got = four_processes.power_tower(n)
    assert got == expected, (
        f"power_tower({n}) is wrong: n ** n ** n means n ** (n ** n); (n ** n) ** n is much smaller"
        if isinstance(got, int) and got < expected
        else f"power_tower({n}) returned {got!r}"
    )


def test_a_negative_n_is_rejected(four_processes: ModuleType, guard: Recorder) -> None:
    assert_rejects_value(lambda: four_processes.power_tower(-1), ValueError, "n", guard)


def test_towers_of_one_to_four_are_exact_and_in_order(four_processes: ModuleType) -> None:
    assert four_processes.towers([4, 1, 3, 2], processes=2) == [4**256, 1, 7_625_597_484_987, 16]


def test_each_tower_is_computed_by_a_worker_process_the_call_started(
    four_processes: ModuleType, guard: Recorder, traces: Path
) -> None:
    plain = [3, 0, 4, 2, 1, 5]
    expected = [n**n**n for n in plain]
    values = traced(plain)
    got = four_processes.towers(values, processes=1)
    assert got == expected
    what = "towers([3, 0, 4, 2, 1, 5], processes=1)"
    assert_results_computed_in_started_processes(got, guard, what, traces)
    assert len(guard.started_pids) == 1, (
        f"{what} started {len(guard.started_pids)} processes: processes=1 means a pool of one worker"
    )


def test_big_towers_are_computed_by_two_workers_at_the_same_time(
    four_processes: ModuleType, cpu_watch: Any
) -> None:
    values = [7] * 6
    what = "towers([7, 7, 7, 7, 7, 7], processes=2)"
    with cpu_watch() as report:
        got = four_processes.towers(values, processes=2)
    assert len(got) == len(values) and all(t == got[0] for t in got), f"{what}: the towers differ"
    assert got[0].bit_length() == (7**7**7).bit_length(), f"{what}: 7 ** 7 ** 7 has the wrong size"
    attribution.assert_most_cpu_in_started_processes(report, what)
    attribution.assert_worker_count(report, 2, what)
    attribution.assert_ran_concurrently(report, what)


def test_a_tower_well_inside_its_timeout_returns_its_value(four_processes: ModuleType) -> None:
    started = time.monotonic()
    got = four_processes.towers([4, 2], processes=2, timeout=10)
    elapsed = time.monotonic() - started
    assert got == [4**256, 16], f"towers([4, 2], timeout=10) returned {got!r}"
    assert elapsed < 8, f"returned after {elapsed:.2f} s: the timeout is in seconds"


def test_huge_towers_have_the_right_size_and_residues(four_processes: ModuleType) -> None:
    values = [5, 6, 7]
    got = four_processes.towers(values, processes=3)
    assert len(got) == 3, f"towers({values}) returned {len(got)} results"
    for n, tower in zip(values, got):
        expected = n ** n ** n
        assert tower.bit_length() == expected.bit_length(), (
            f"{n} ** {n} ** {n} has {expected.bit_length()} bits; got {tower.bit_length()}"
        )
        for p in PRIMES:
            assert tower % p == pow(n, n**n, p), f"the tower of {n} is wrong modulo {p}"
        assert tower == expected


def test_towers_past_the_timeout_raise_promptly_and_leave_nothing_running(
    four_processes: ModuleType, guard: Recorder
) -> None:
    started = time.monotonic()
    with pytest.raises(TIMEOUT_ERRORS):
        four_processes.towers([9], timeout=1)
    elapsed = time.monotonic() - started
    assert elapsed <= 2.0, f"raised {elapsed:.2f} s after the call; allowed: timeout + 1 s"
    running = [pid for pid in guard.started_pids if processes.is_running(pid)]
    assert not running, f"worker(s) {running} still computing 9 ** 9 ** 9: terminate the pool on timeout"


def test_towers_bad_processes_is_rejected_before_any_process_starts(
    four_processes: ModuleType, guard: Recorder
) -> None:
    assert_rejects_bad_count(lambda bad: four_processes.towers([2], processes=bad), "processes", guard)


def test_seed_program_returns_the_four_lists_computed_in_a_pool(
    four_processes: ModuleType, guard: Recorder
) -> None:
    result = four_processes.seed_program()
    assert tuple(result) == (
        [1, 16, 7_625_597_484_987, 4**256],
        [1, 4, 9, 16],
        [1, 8, 27, 64],
        [6],
    )
    assert 1 <= len(guard.started_pids) <= 4, (
        f"{len(guard.started_pids)} processes were started; the seed's program computes its "
        "lists in one pool of 4 worker processes"
    )
    received = list(_flatten(guard.results_from_workers))
    missing = [value for value in _flatten(result) if not _take(received, value)]
    assert not missing, (
        f"{len(missing)} of the values were never sent back by a pool worker (for example "
        f"{_short(missing[0])}): compute every list in the pool (pool.map), not in the parent"
    )


def _flatten(values: object) -> Iterator[object]:
    if isinstance(values, (list, tuple)):
        for value in values:
            yield from _flatten(value)
    else:
        yield values


def _take(pool: list[object], value: object) -> bool:
    """Remove one occurrence of ``value`` from ``pool``; False when there is none."""
    for i, candidate in enumerate(pool):
        if type(candidate) is type(value) and candidate == value:
            del pool[i]
            return True
    return False


def _short(value: object) -> str:
    return f"an int of {value.bit_length()} bits" if isinstance(value, int) and value > 10**12 else repr(value)
