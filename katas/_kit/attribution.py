"""Proving where the work ran and that workers overlapped, without timing the call.

Three kinds of evidence, one per kind of kata function:

- grader functions that record each call (``traced.Recorded``): every call must have
  run in a process the call started (``assert_calls_ran_in_started_processes``);
- traced values (``traced.TracedInt``): every result must have been computed by such
  a process (``assert_results_computed_in_started_processes``);
- CPU seconds, where neither fits (``CpuWatch``): while the call runs, the kit's
  watchdog process (never a thread of this one) samples the CPU time of every process
  the call started, and this process's own is read before and after.
  Past what starting a process costs (measured for the start method in use), most of
  the CPU must have been spent in the started processes, and two or more of them must
  have been runnable (computing, or ready to compute and waiting only for a free core)
  at the same sampled instants. States, not durations: a busy machine slows
  everything, and may starve the sampler, but a worker that waits for another
  to finish sleeps, and one that has work stays runnable.

Parent-side only (psutil, signals): children never import this module; the watchdog
process imports it to sample.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from katas._kit import processes, traced, watchdog, workloads
from katas._kit.processes import Recorder
from katas._kit.traced import Call

SAMPLE_SECONDS = 0.01
#: Starting a process costs CPU (imports under spawn); a process counts as working
#: only past that cost, times this margin, plus ``STARTUP_SLACK`` seconds. (A plain
#: multiple would subtract far too much where the kata module imports numpy: 0.3 s.)
STARTUP_MARGIN = 1.2
STARTUP_SLACK = 0.01
#: Started processes must have done at least this much work past start-up in all, and
#: a process counts as a worker past this much. Idle pool workers stay within it of
#: their calibrated start-up (q1's sieve beside an idle pool, under coverage: 0.13-0.17 s
#: for a 0.143-0.154 s start-up under spawn, 0.03-0.05 s for 0.028-0.047 s otherwise);
#: every check's work is sized to 0.1 s or more per worker (``work_seconds``).
MIN_WORK_SECONDS = 0.02
#: Samples in which two or more started processes (past start-up) were runnable, as a
#: share of the samples in which any was. One-after-another children overlap only
#: while one exits and the next begins (0 of 21-55 samples, 6 runs under coverage on a
#: loaded machine); a pool with an even split reaches 80-100 %; a naive split into
#: unequal halves about 50 % idle, and 24 % once with two grader runs beside it.
MIN_OVERLAP_SHARE = 0.15
MIN_OVERLAP_SAMPLES = 3


class EarlyVerdict(BaseException):
    """Raised in the test's main thread when a watch can already see the answer is
    wrong (a BaseException, so that a submission's ``except Exception`` cannot hide it)."""


def cpu_seconds(pid: int) -> float | None:
    """CPU seconds used so far by ``pid`` (nanosecond resolution on Linux)."""
    cpu = processes.schedstat_cpu(pid)
    if cpu is not None:
        return cpu
    try:
        times = psutil.Process(pid).cpu_times()
        return float(times.user + times.system)
    except psutil.Error:
        return None


def run_state(pid: int) -> str | None:
    """The kernel's one-letter state of ``pid`` (``R`` runnable, ``S`` sleeping, ``Z``
    exited but not reaped, ...), or None once it is gone: one read per sample."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rpartition(b")")[2].split()[0].decode()
    except FileNotFoundError:
        pass  # no /proc (macOS), or the process is gone: psutil tells which
    except (OSError, IndexError):
        return None
    try:
        status = psutil.Process(pid).status()
    except psutil.Error:
        return None
    return {psutil.STATUS_RUNNING: "R", psutil.STATUS_ZOMBIE: "Z"}.get(status, "S")


def process_cpu_seconds(pid: int) -> float | None:
    """CPU seconds used so far by every thread of ``pid``, those that ended included
    (``cpu_seconds`` reads the main thread's only, which is a worker's all)."""
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return None
    return float(times.user + times.system)


def is_runnable(pid: int) -> bool:
    """Running or ready to run (state ``R``): not sleeping on a lock, a pipe or a join."""
    return run_state(pid) == "R"


@dataclass(frozen=True)
class StartupCost:
    """What starting one do-nothing process costs under a start method."""

    parent: float  # CPU seconds of this process per started child
    child: float  # CPU seconds the child used before running its target


_STARTUP: dict[tuple[str, str | None], StartupCost] = {}


def startup_cost(module: str | None = None) -> StartupCost:
    """Measured once per start method (and module): two children that import ``module``
    (the kata module, whose imports a real worker pays for too), wait on an event, then
    exit; the larger of two runs counts.

    A child's cost is read as the workers' is: when this process reaps it (fork, spawn),
    so it includes what exiting costs (under coverage, writing the child's data: tens of
    ms); under forkserver the server reaps, and the last reading while alive counts.
    """
    # Named explicitly: asking for the default context would fix the process's start method.
    method = multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
    if (method, module) in _STARTUP:
        return _STARTUP[method, module]
    parent_costs, child_costs = [], []
    context: Any = multiprocessing.get_context(method)
    for _ in range(2):
        release = context.Event()
        ready = context.Barrier(3)
        children = [context.Process(target=workloads.wait_at, args=(ready, release, module)) for _ in range(2)]
        before = time.process_time()
        for child in children:
            child.start()
        try:
            ready.wait(10)
            used = [cpu_seconds(child.pid) or 0.0 for child in children if child.pid]
        except threading.BrokenBarrierError:
            used = []  # a child died importing the module: measure without it
        finally:
            release.set()
            at_exit = [_cpu_at_exit(child) for child in children] if method != "forkserver" else []
            for child in children:
                child.join(10)
                if child.is_alive():
                    child.kill()
                    child.join()
        if not used and module is not None:
            return startup_cost(None)
        parent_costs.append((time.process_time() - before) / len(children))
        child_costs.append(max([*used, *(cpu for cpu in at_exit if cpu is not None)], default=0.0))
    _STARTUP[method, module] = StartupCost(max(parent_costs), max(child_costs))
    return _STARTUP[method, module]


def _cpu_at_exit(child: Any, timeout: float = 10) -> float | None:
    """The CPU seconds of this process's own ``child`` once it has exited, read before
    it is reaped (None if it did not exit in time, or cannot be read)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            ended, cpu = processes.cpu_at_exit(child.pid)
        except ChildProcessError:
            return None  # already reaped
        if ended:
            return cpu
        time.sleep(0.002)
    return None


def calibrated_startup(recorder: Recorder, module: str | None) -> StartupCost:
    """``startup_cost(module)``, its calibration children kept off ``recorder``'s record:
    they are the grader's, not the call's."""
    started, launches = len(recorder.started), len(recorder.launches)
    cost = startup_cost(module)
    del recorder.started[started:], recorder.launches[launches:]
    return cost


#: Each worker of a concurrency check gets at least this many times what starting it
#: costs. With less, a worker that starts late finds the work mostly done by the first
#: (spawn children under coverage cost 0.24 s each here, a 0.6 s map's whole share).
WORK_PER_STARTUP = 4


def work_seconds(seconds: float, processes: int, startup: StartupCost, per_startup: float = WORK_PER_STARTUP) -> float:
    """Serial CPU seconds to hand ``processes`` workers: ``seconds``, or more where
    starting a worker is expensive (``per_startup`` times its cost each)."""
    return max(seconds, per_startup * processes * startup.child)


@dataclass
class CpuReport:
    """What a ``CpuWatch`` saw: CPU seconds per process and the samples behind them."""

    startup: StartupCost
    parent_cpu: float = 0.0
    wall: float = 0.0
    #: (time.monotonic(), {pid: CPU seconds so far}) for the started processes.
    samples: list[tuple[float, dict[int, float]]] = field(default_factory=list)
    #: The started processes that were runnable at each sample, in the same order.
    runnable: list[frozenset[int]] = field(default_factory=list)
    started: set[int] = field(default_factory=set)
    most_alive: int = 0

    #: CPU read as each started process was reaped (see ``Recorder.final_cpu``).
    final_cpu: dict[int, float] = field(default_factory=dict)

    @property
    def child_cpu(self) -> dict[int, float]:
        """The last CPU figure seen for each started process."""
        latest: dict[int, float] = {}
        for _, seen in self.samples:
            latest.update(seen)
        for pid, cpu in self.final_cpu.items():
            latest[pid] = max(cpu, latest.get(pid, 0.0))
        return latest

    def work(self, pid: int) -> float:
        """CPU seconds ``pid`` spent past the cost of starting a process."""
        return max(0.0, self.child_cpu.get(pid, 0.0) - self.startup_allowance)

    @property
    def startup_allowance(self) -> float:
        """CPU seconds a started process may spend before it counts as working."""
        return STARTUP_MARGIN * self.startup.child + STARTUP_SLACK

    @property
    def children_work(self) -> float:
        return sum(self.work(pid) for pid in self.child_cpu)

    @property
    def parent_extra(self) -> float:
        """The parent's CPU past what starting its processes costs."""
        allowance = STARTUP_MARGIN * self.startup.parent * len(self.started)
        return max(0.0, self.parent_cpu - allowance)

    @property
    def workers(self) -> list[int]:
        """Started processes that did work (past their start-up)."""
        return sorted(pid for pid in self.child_cpu if self.work(pid) > MIN_WORK_SECONDS)

    def overlap(self) -> tuple[int, int]:
        """(samples with two or more working processes, samples with at least one).

        A process works at a sample when it is runnable there and past its start-up.
        A process that waits (for a task, a lock, a join) sleeps; one that computes stays
        runnable even when ten processes share two cores, so a crowded machine, or a
        sampling thread that runs late, thins the evidence but does not bend it.
        """
        both = anyone = 0
        threshold = self.startup_allowance
        for (_, seen), runnable in zip(self.samples, self.runnable):
            working = sum(1 for pid in runnable if seen.get(pid, 0.0) >= threshold)
            anyone += working >= 1
            both += working >= 2
        return both, anyone

    def describe(self) -> str:
        both, anyone = self.overlap()
        per_child = ", ".join(f"pid {pid}: {cpu:.2f} s" for pid, cpu in sorted(self.child_cpu.items()))
        return (
            f"parent {self.parent_cpu:.2f} s of CPU; started processes {per_child or 'none'} "
            f"(start-up costs about {self.startup.child:.3f} s each here); "
            f"{both} of {anyone} samples with work had two or more processes working"
        )


class ParentCpuOver:
    """A watch rule: the call is wrong once the parent alone has used more than
    ``seconds`` of CPU (``message`` may name ``{parent_cpu}``)."""

    def __init__(self, seconds: float, message: str) -> None:
        self.seconds, self.message = seconds, message

    def __call__(self, report: CpuReport) -> str | None:
        if report.parent_cpu > self.seconds:
            return self.message.format(parent_cpu=report.parent_cpu)
        return None


class AllBlocked:
    """A watch rule: the call is stuck once every started process has been alive for
    ``seconds`` using no CPU, none of them runnable (waiting for something that will
    not come, not for a core)."""

    def __init__(self, seconds: float, message: str) -> None:
        self.seconds, self.message = seconds, message

    def __call__(self, report: CpuReport) -> str | None:
        if len(report.samples) < 2:
            return None
        now, latest = report.samples[-1]
        earlier = [seen for when, seen in report.samples if now - when >= self.seconds]
        if not earlier or not latest:
            return None
        then = earlier[-1]
        if set(then) != set(latest) or not all(run_state(pid) not in (None, "Z") for pid in latest):
            return None
        if any(latest[pid] - then[pid] > 0.005 for pid in latest):
            return None
        if report.runnable and report.runnable[-1]:
            return None  # waiting for a core on a crowded machine, not blocked
        return self.message.format(processes=len(latest), seconds=self.seconds)


class CpuWatch:
    """Samples CPU per process while the ``with`` block runs (see module docstring).

    The sampling runs in the kit's watchdog process, not on a thread of this one: a
    thread here would be alive at every fork the call makes. The started processes'
    pids are sent there as they start. ``fail_fast`` is a rule (``ParentCpuOver``,
    ``AllBlocked``: picklable, asked there after every sample); its verdict ends the
    call at once with ``EarlyVerdict`` instead of letting it run into the timeout, and
    stands even if the code under test catches that exception and goes on.
    """

    def __init__(
        self,
        recorder: Recorder,
        fail_fast: Callable[[CpuReport], str | None] | None = None,
        interval: float = SAMPLE_SECONDS,
        module: str | None = None,
    ) -> None:
        self._recorder = recorder
        self._fail_fast = fail_fast
        self._interval = interval
        self._handling = False
        self._previous_handler: Any = None
        self._known_before: set[int] = set()
        self.report = CpuReport(calibrated_startup(recorder, module))

    def __enter__(self) -> CpuReport:
        rule = pickle.dumps(self._fail_fast).hex() if self._fail_fast is not None else None
        self._known_before = set(self._recorder.started_pids)
        self._handling = threading.current_thread() is threading.main_thread()
        if self._handling:
            self._previous_handler = signal.signal(watchdog.VERDICT_SIGNAL, self._raise_verdict)
        startup = [self.report.startup.parent, self.report.startup.child]
        watchdog.get().send(op="watch", interval=self._interval, rule=rule, startup=startup)
        self._recorder.listeners.append(self._launched)
        self._started_cpu = time.process_time()
        self._started_wall = time.monotonic()
        return self.report

    def _launched(self, pid: int) -> None:
        if pid not in self._known_before:
            watchdog.get().send(op="pid", pid=pid)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if self._handling:
            # Ignored first: a verdict sent before the watchdog reads "stop" is dropped
            # here, and comes back in its answer.
            signal.signal(watchdog.VERDICT_SIGNAL, signal.SIG_IGN)
        self.report.wall = time.monotonic() - self._started_wall
        self.report.parent_cpu = max(0.0, time.process_time() - self._started_cpu)
        with contextlib.suppress(ValueError):
            self._recorder.listeners.remove(self._launched)
        try:
            answer = watchdog.get().ask(op="stop")
        finally:
            if self._handling:
                signal.signal(watchdog.VERDICT_SIGNAL, self._previous_handler)
        report = self.report
        report.samples = [(when, {pid: cpu for pid, cpu in seen}) for when, seen in answer["samples"]]
        report.runnable = [frozenset(pids) for pids in answer["runnable"]]
        report.most_alive = int(answer["most_alive"])
        report.started = self._recorder.started_pids - self._known_before
        report.final_cpu = {pid: cpu for pid, cpu in self._recorder.final_cpu.items() if pid in report.started}
        verdict = answer["verdict"]
        if verdict is not None:
            # With the watchdog's words; also where the code under test caught the
            # exception and went on: the verdict stands all the same.
            raise EarlyVerdict(verdict) from None

    def _raise_verdict(self, signum: int, frame: types.FrameType | None) -> None:
        # With the verdict's words: the signal can come as the block ends, even as
        # __exit__ begins, and then this exception is all the test sees.
        try:
            verdict = watchdog.get().ask(op="verdict")["verdict"]
        except (OSError, RuntimeError, ValueError, KeyError):
            verdict = None
        raise EarlyVerdict(verdict or "stopped early by the CPU watch")


def assert_most_cpu_in_started_processes(report: CpuReport, what: str) -> None:
    """Past start-up, the started processes did more of the work than the parent."""
    work, extra = report.children_work, report.parent_extra
    # The floor keeps "nothing anywhere" (typed-in answers beside idle workers) out: an
    # idle worker stays within a few ms of its start-up allowance (MIN_WORK_SECONDS).
    if work >= max(extra, MIN_WORK_SECONDS):
        return
    if not report.started:
        where = "no process was started"
    else:
        where = f"the {len(report.started)} started process(es) did {work:.2f} s of work past their start-up"
    raise AssertionError(
        f"{what}: the work ran in this process, not in the processes the call started: the "
        f"parent itself used {report.parent_cpu:.2f} s of CPU and {where}. Hand the work to "
        f"the worker processes (a faster algorithm in the parent, or threads, still count "
        f"as the parent). [{report.describe()}]"
    )


def assert_ran_concurrently(report: CpuReport, what: str) -> None:
    """Two or more started processes were working at the same sampled instants."""
    both, anyone = report.overlap()
    if anyone and both >= MIN_OVERLAP_SAMPLES and both >= MIN_OVERLAP_SHARE * anyone:
        return
    raise AssertionError(
        f"{what}: the worker processes did not run at the same time: in {both} of {anyone} "
        f"samples with work, two or more of them were working (at least "
        f"{MIN_OVERLAP_SHARE:.0%} and {MIN_OVERLAP_SAMPLES} needed); the others were asleep, "
        f"waiting. Start all workers before waiting for any, and give each a share of the "
        f"work. [{report.describe()}]"
    )


def assert_worker_count(report: CpuReport, processes: int, what: str) -> None:
    """At most ``processes`` started processes alive at once; more than one working
    when ``processes`` > 1."""
    assert report.most_alive <= processes, (
        f"{what}: {report.most_alive} started processes were running at once for "
        f"processes={processes}: use exactly the number of workers asked for"
    )
    wanted = min(processes, 2)
    assert len(report.workers) >= wanted, (
        f"{what}: {len(report.workers)} started process(es) did work for processes={processes}: "
        f"use the number of workers asked for, and give each a share. [{report.describe()}]"
    )


def assert_calls_ran_in_started_processes(
    calls: Sequence[Call], recorder: Recorder, what: str, expected: int | None = None
) -> None:
    """Every recorded call ran in a process that the call under test started."""
    me = os.getpid()
    in_parent = [c for c in calls if c.pid == me]
    assert not in_parent, (
        f"{what}: {len(in_parent)} of {len(calls)} calls of the function ran in the parent "
        f"(pid {me}), not in a worker process (threads run in the parent too)"
    )
    unknown = sorted({c.pid for c in calls} - recorder.started_pids)
    assert not unknown, (
        f"{what}: calls ran in pid(s) {unknown}, which this call did not start "
        f"(started: {sorted(recorder.started_pids)})"
    )
    if expected is not None:
        assert len(calls) == expected, (
            f"{what}: the function was called {len(calls)} times for {expected} items: "
            "call it exactly once per item, and return what it returned"
        )


def assert_results_computed_in_started_processes(
    results: Iterable[object], recorder: Recorder, what: str, traces: Path | None = None
) -> None:
    """Every result was computed by a process the call started, never by the parent.

    The evidence for result ``i`` is the pid it carries (a ``TracedInt`` result), or,
    when it carries none (rebuilt with ``int()``, say), the processes that the trace
    log in ``traces`` shows computing with the grader's original ``i``.
    """
    me = os.getpid()
    listed = list(results)
    worked_on: dict[int, set[int]] = {}
    for pid, ops in (traced.operations(traces) if traces is not None else {}).items():
        for _, labels in ops:
            for label in labels:
                worked_on.setdefault(label, set()).add(pid)
    evidence: list[set[int]] = []
    for i, result in enumerate(listed):
        by = traced.computed_by(result)
        evidence.append({by} if by is not None else worked_on.get(i, set()))
    unproven = [i for i, pids in enumerate(evidence) if not pids]
    assert not unproven, (
        f"{what}: {len(unproven)} of {len(listed)} results were not computed from the values "
        "the grader passed in (the grader's numbers remember which process computed with "
        "them; a typed-in answer, or one computed from copies, does not): compute each "
        "result from its input as given, in a worker"
    )
    in_parent = sum(me in pids for pids in evidence)
    assert not in_parent, (
        f"{what}: {in_parent} of {len(listed)} results were computed in the parent (pid {me}), "
        "not in a worker process (threads run in the parent too)"
    )
    unknown = sorted(set().union(*evidence) - recorder.started_pids) if evidence else []
    assert not unknown, (
        f"{what}: results were computed in pid(s) {unknown}, which this call did not start"
    )


class CallLog:
    """A directory where ``Recorded`` grader functions write one record per call."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory

    def wrap(self, func: Callable[..., object]) -> traced.Recorded:
        return traced.Recorded(func, str(self.directory))

    def calls(self) -> list[Call]:
        return traced.calls_in(self.directory)

    def clear(self) -> None:
        for path in self.directory.glob("*.call"):
            path.unlink()


@contextmanager
def trace_directory(directory: Path) -> Iterator[Path]:
    """Make ``TracedInt`` log operations on the originals into ``directory``
    (children started meanwhile inherit the setting through the environment)."""
    directory.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get(traced.TRACE_DIR_ENV)
    os.environ[traced.TRACE_DIR_ENV] = str(directory)
    try:
        yield directory
    finally:
        if previous is None:
            os.environ.pop(traced.TRACE_DIR_ENV, None)
        else:
            os.environ[traced.TRACE_DIR_ENV] = previous
