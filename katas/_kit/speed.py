"""Speed checks that never flake: ratios measured in one test against what the
machine can deliver at that moment.

A check first calibrates: a fixed pure-Python workload runs once in this process and
then in two already-started processes at once (start-up excluded), best of several
tries. That ratio is the *capacity*: about 2 on an idle two-core machine, about 1 when
only one core is free. Below ``MIN_CAPACITY`` the machine cannot show parallelism,
so the check skips with the measured figure instead of failing. Otherwise the
submission must reach a generous share of the capacity, best of several tries.

Capacity is measured in short bursts just before and after a try (a reading taken
less than a second before serves as the next "before", even in the next check); a
load that comes and goes in between would slip past them. A try that would count
against the code is therefore judged against one more reading, taken over as long as
its parallel run (this VM's host slows both cores for seconds at a time, which no
task here sees as waiting). And the try itself is watched too: Linux's pressure stall
information (``/proc/pressure/cpu``) counts the time in which some
task was ready to run but found no free core. A serial run alone, or two workers on
two cores, leave it near zero; any other load fills it. A try with more than
``MAX_STALL_SHARE`` of its time stalled judges nothing.
"""

from __future__ import annotations

import math
import multiprocessing
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from katas._kit import workloads

MIN_CAPACITY = 1.6
SHARE_OF_CAPACITY = 0.2
MAX_REQUIRED_SPEEDUP = 1.15
# Serial seconds of work a speed check times. A naive split of the prime count into
# halves can at best reach 1.55x (the upper half costs more); with spawn's start-up
# (about 0.25 s for two workers under coverage) it measured 1.18-1.28x at 2 s of work
# and 1.12-1.14x at 1 s. Thresholds and size leave such a correct answer room.
SERIAL_SECONDS = 2.0
CALIBRATION_SPINS = 1_500_000  # about 0.1 s of pure Python here
GOOD_ENOUGH_CAPACITY = 1.8  # no need to calibrate again after this
MAX_STALL_SHARE = 0.15
PRESSURE_FILE = "/proc/pressure/cpu"


def stalled_seconds() -> float | None:
    """Seconds, since boot, in which some task here waited for a core (None: unknown)."""
    try:
        with open(PRESSURE_FILE) as pressure:
            some = pressure.readline().split()
        return int(some[-1].removeprefix("total=")) / 1e6
    except (OSError, ValueError, IndexError):
        return None


class StallMeter:
    """The share of a stretch of wall time in which some task waited for a core."""

    def __init__(self) -> None:
        self.share: float | None = None

    def __enter__(self) -> StallMeter:
        self._stalled, self._started = stalled_seconds(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        stalled, wall = stalled_seconds(), time.perf_counter() - self._started
        if stalled is not None and self._stalled is not None and wall > 0:
            self.share = (stalled - self._stalled) / wall


class SpeedNotMeasured(pytest.skip.Exception):  # type: ignore[name-defined,misc]
    """The kit's own skip: the one skip a grader run may contain (see the plugin)."""


@dataclass(frozen=True)
class Attempt:
    """One timed try, with the machine's capacity measured just before and just after."""

    capacity_before: float
    capacity_after: float
    serial: float
    parallel: float
    #: Share of the serial and of the parallel run in which a task waited for a core.
    stall: tuple[float | None, float | None] = (None, None)
    #: What the serial run returned (kept so that a later check can reuse the timing).
    result: object = field(default=None, compare=False, repr=False)
    #: Capacity measured over as long as the parallel run took, taken only after a try
    #: that would fail: a short burst can miss a slowdown that lasts a second.
    capacity_sustained: float | None = None

    @property
    def capacity(self) -> float:
        """The lowest reading: a load that came or went mid-try shows in one of them."""
        readings = [self.capacity_before, self.capacity_after]
        if self.capacity_sustained is not None:
            readings.append(self.capacity_sustained)
        return min(readings)

    @property
    def quiet(self) -> bool:
        """Nothing else wanted the cores while the work was timed."""
        return all(share is None or share <= MAX_STALL_SHARE for share in self.stall)

    @property
    def usable(self) -> bool:
        return self.capacity >= MIN_CAPACITY and self.quiet

    @property
    def speedup(self) -> float:
        return self.serial / self.parallel

    @property
    def required(self) -> float:
        return required_speedup(self.capacity)

    @property
    def passed(self) -> bool:
        return self.usable and self.speedup >= self.required

    def describe(self) -> str:
        return (
            f"serial {self.serial:.2f} s, parallel {self.parallel:.2f} s: "
            f"{self.speedup:.2f}x (needed {self.required:.2f}x; two reference processes ran "
            f"{self.capacity_before:.2f}x faster than one just before, {self.capacity_after:.2f}x just after"
            f"{self._sustained_text()}{self.stall_text()})"
        )

    def _sustained_text(self) -> str:
        if self.capacity_sustained is None:
            return ""
        return f", {self.capacity_sustained:.2f}x over {self.parallel:.1f} s"

    def stall_text(self) -> str:
        """How crowded the cores were during the try, as the end of a sentence ("" if unknown)."""
        if any(share is None for share in self.stall):
            return ""
        serial, parallel = self.stall
        return f"; tasks waited for a core {serial:.0%} of the serial run, {parallel:.0%} of the parallel one"


def required_speedup(capacity: float) -> float:
    return min(MAX_REQUIRED_SPEEDUP, 1 + SHARE_OF_CAPACITY * (capacity - 1))


#: When the last capacity reading was taken (time.monotonic()), and what it read.
_last_reading: tuple[float, float] | None = None
#: A reading this recent serves as the next try's "before", even in the next check
#: (the same test under the next start method follows within a fraction of a second).
FRESH_READING_SECONDS = 1.0
#: How fast this process spun at the last reading: sizes a reading of a given length.
_spins_per_second: float | None = None


def measure_capacity(tries: int = 3, spins: int = CALIBRATION_SPINS) -> float:
    """How much faster two processes finish two equal jobs than one process does one.

    The two helpers are started once and wait at a barrier before each round, so the
    figure is the machine's free CPU, not process start-up cost. The fastest single run
    and the fastest pair are taken separately: the best *ratio* would reward a single
    run that happened to be slowed down.
    """
    one = two = float("inf")
    context = _helper_context()
    start, done = context.Barrier(3), context.Barrier(3)
    helpers = [
        context.Process(target=workloads.spin_rounds, args=(start, done, spins, tries))
        for _ in range(2)
    ]
    for helper in helpers:
        helper.start()
    try:
        for _ in range(tries):
            started = time.perf_counter()
            workloads.spin(spins)
            one = min(one, time.perf_counter() - started)
            start.wait(30)  # both helpers are up and importing nothing more
            started = time.perf_counter()
            done.wait(30)
            two = min(two, time.perf_counter() - started)
            if 2 * one / two >= GOOD_ENOUGH_CAPACITY:
                break
    finally:
        start.abort()  # helpers waiting for another round end now
        for helper in helpers:
            helper.join(5)
            if helper.is_alive():
                helper.kill()
                helper.join()
    # Two processes cannot do more than twice the work of one: a higher ratio means
    # the single run was slowed by something else, and says nothing more.
    capacity = min(2.0, 2 * one / two)
    global _last_reading, _spins_per_second
    _last_reading = (time.monotonic(), capacity)
    _spins_per_second = spins / one
    return capacity


def sustained_capacity(seconds: float) -> float:
    """Capacity over one round of about ``seconds`` per run, the time a parallel run took."""
    rate = _spins_per_second or CALIBRATION_SPINS / 0.1
    return measure_capacity(tries=1, spins=max(CALIBRATION_SPINS, int(rate * seconds)))


def _helper_context() -> Any:
    """Fork where it is safe (Linux, no other thread; the helpers only spin, and their
    start-up is not timed): spawn's start-up would cost each reading 0.1-0.3 s."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _recent_capacity() -> float | None:
    if _last_reading is None or time.monotonic() - _last_reading[0] > FRESH_READING_SECONDS:
        return None
    return _last_reading[1]


_deciding: list[Attempt] = []


def take_deciding_attempt() -> Attempt | None:
    """The try that decided the last speed check since the previous call (None: none
    did). The plugin records it in the test's report for ``mpkatas check`` to draw."""
    attempt = _deciding[-1] if _deciding else None
    _deciding.clear()
    return attempt


#: Serial timings of quiet tries, by the caller's ``serial_key``: (seconds, result).
_QUIET_SERIAL: dict[str, tuple[float, object]] = {}


def assert_faster_than_serial(
    serial: Callable[[], object],
    parallel: Callable[[], object],
    what: str,
    max_tries: int = 3,
    failures_needed: int = 2,
    serial_key: str | None = None,
) -> Attempt:
    """``parallel()`` must beat ``serial()`` by a share of the machine's capacity.

    Passes at the first try that does. Fails only after ``failures_needed`` tries on a
    machine that showed parallelism before and after each of them; when too few tries
    had a machine that could show parallelism, skips with the measured figures.

    ``serial_key`` names the serial work when it is the same for several checks (it runs
    in this process, so the start method does not change it): a quiet try's serial time
    is then reused by the next check with that key, which times only its parallel run.
    Within a check, the try after a quiet one that did not pass reuses its serial time
    too. A reused serial time can only let a try pass: a try that fails with it is
    measured again in full, and does not count.
    """
    attempts: list[Attempt] = []
    reusable = _QUIET_SERIAL.pop(serial_key, None) if serial_key is not None else None
    after_last = _recent_capacity()
    while len(attempts) < max_tries:
        # The reading taken just after the last try is the one just before this try.
        before = measure_capacity() if after_last is None else after_last
        after_last = None
        reused, reusable = reusable, None
        if before < MIN_CAPACITY:
            # This try could not judge anything: do not spend the work's seconds on it.
            attempts.append(Attempt(before, before, float("nan"), float("nan")))
        else:
            attempt = _timed_try(before, serial, parallel, what, reused)
            after_last = attempt.capacity_after
            if reused is not None and not attempt.passed:
                continue  # judged against an earlier serial time: measure it all again
            if attempt.usable and not attempt.passed:
                # About to count against the code: was the machine fast for as long as
                # the parallel run, not just in the short bursts around it?
                attempt = replace(attempt, capacity_sustained=sustained_capacity(attempt.parallel))
                after_last = None  # the next try's "before" is measured afresh
            if attempt.quiet:
                if serial_key is not None:
                    _QUIET_SERIAL[serial_key] = (attempt.serial, attempt.result)
                if not attempt.passed:
                    reusable = (attempt.serial, attempt.result)  # the next try times only parallel
            attempts.append(attempt)
        if attempts[-1].passed:
            _deciding.append(attempts[-1])
            return attempts[-1]
        if sum(a.usable for a in attempts) >= failures_needed:
            break
        if len(attempts) >= 2 and not attempts[-1].usable and not attempts[-2].usable:
            break  # the machine is busy: do not spend more time waiting it out
    usable = [a for a in attempts if a.usable]
    if len(usable) < failures_needed:
        raise SpeedNotMeasured(
            f"speed check skipped: the machine could not show parallelism "
            f"({_why_not_measured(attempts)}; "
            f"{MIN_CAPACITY}x is needed before and after a try, and over its parallel run's length "
            f"before it counts against the code, with other "
            f"tasks waiting for a core at most {MAX_STALL_SHARE:.0%} of the time)"
        )
    best = max(usable, key=lambda a: a.speedup / a.required)
    _deciding.append(best)
    pytest.fail(
        f"{what} is not faster than doing the work serially in one process: "
        f"{best.describe()}. Is the work really split across processes, and does each "
        "process get a fair share?",
        pytrace=False,
    )


def _why_not_measured(attempts: list[Attempt]) -> str:
    low = [f"{a.capacity:.2f}x" for a in attempts if a.capacity < MIN_CAPACITY]
    reasons = [
        f"a try was crowded{a.stall_text()} (at most {MAX_STALL_SHARE:.0%} allowed)"
        for a in attempts
        if a.capacity >= MIN_CAPACITY and not a.quiet
    ]
    if low:
        listed = low[0] if len(low) == 1 else ", ".join(low[:-1]) + " and " + low[-1]
        reasons.insert(0, f"two reference processes ran only {listed} faster than one")
    return "; ".join(reasons)


def _timed_try(
    before: float,
    serial: Callable[[], object],
    parallel: Callable[[], object],
    what: str,
    reused: tuple[float, object] | None = None,
) -> Attempt:
    with StallMeter() as serial_stall:
        if reused is None:
            started = time.perf_counter()
            expected = serial()
            serial_time = time.perf_counter() - started
        else:
            serial_time, expected = reused
    with StallMeter() as parallel_stall:
        started = time.perf_counter()
        got = parallel()
        parallel_time = time.perf_counter() - started
    assert got == expected, f"{what}: the parallel result {got!r} differs from serial {expected!r}"
    stall = (0.0 if reused is not None else serial_stall.share, parallel_stall.share)
    return Attempt(before, measure_capacity(), serial_time, parallel_time, stall, result=expected)


def size_for_seconds(run: Callable[[int], object], start: int, seconds: float, exponent: float) -> int:
    """The size ``n`` for which ``run(n)`` needs about ``seconds`` of CPU here."""
    return Sizing(run, start, exponent).for_seconds(seconds)


class Sizing:
    """How the CPU cost of ``run(n)`` grows with ``n``, sampled once and asked for many
    targets (a grader sizes the same work for each start method's startup allowance).

    ``exponent`` is a first guess at how cost grows with ``n`` (1.5 for trial-division
    prime counting, whose growth here is nearer 1.43, and a learner's code may differ).
    A second sample, at a quarter of the target or four times the first, fits it:
    from one short sample and the guess, 2 s of q1's serial count came out as
    1.26-1.95 s, and a speed check on 1.27 s of work failed a correct solution.
    Sizing at run time keeps the work right on fast and slow machines, and under
    coverage, which slows pure Python several times. CPU time, not wall time: on a
    busy machine the work keeps its size.
    """

    #: A target at most this many times the CPU of the largest sample is extrapolated
    #: from the fit; a larger one gets a sample nearer to it first.
    REACH = 4.0

    def __init__(self, run: Callable[[int], object], start: int, exponent: float) -> None:
        self._run, self._start, self._exponent = run, start, exponent
        self._first: tuple[int, float] | None = None
        self._largest: tuple[int, float] | None = None

    def _cpu_of(self, size: int) -> float:
        started = time.process_time()
        self._run(size)
        return time.process_time() - started

    def _fit(self, size: int, elapsed: float) -> None:
        assert self._first is not None
        n, first = self._first
        if elapsed > first and size > n:
            self._exponent = min(2.0, max(0.8, math.log(elapsed / first) / math.log(size / n)))
        self._largest = (size, elapsed)

    def for_seconds(self, seconds: float) -> int:
        if self._first is None:
            n = self._start
            while (elapsed := self._cpu_of(n)) < 0.05:
                n *= 2
            self._first = (n, min(elapsed, self._cpu_of(n)))  # the first calls may pay for warming up
        n, elapsed = self._largest or self._first
        if self._largest is None and seconds / elapsed <= 2:
            return max(n, int(n * (seconds / elapsed) ** (1 / self._exponent)))
        if seconds / elapsed > self.REACH or self._largest is None:
            # Far enough from the first sample to fit the growth, and close to the target.
            first = self._first[1]
            aim = min(seconds, max(seconds / 4, 4 * first))
            closer = max(self._first[0] + 1, int(n * (aim / elapsed) ** (1 / self._exponent)))
            self._fit(closer, self._cpu_of(closer))
            n, elapsed = self._largest or self._first
        return max(1, int(n * (seconds / elapsed) ** (1 / self._exponent)))
