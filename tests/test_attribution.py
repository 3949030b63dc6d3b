"""Unit tests of the evidence graders use: traced values, recorded calls, CPU samples."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from katas._kit import attribution, processes, traced, watchdog, workloads
from katas._kit.attribution import CpuReport, StartupCost
from katas._kit.processes import Launch, Recorder


def _report(samples: list[tuple[float, dict[int, float]]], parent: float = 0.0) -> CpuReport:
    """A report whose processes were runnable at a sample while their CPU still grew."""
    runnable = [
        frozenset(pid for pid, cpu in seen.items() if later.get(pid, cpu) > cpu)
        for (_, seen), (_, later) in zip(samples, [*samples[1:], (0.0, {})])
    ]
    report = CpuReport(StartupCost(parent=0.001, child=0.01), parent_cpu=parent, samples=samples, runnable=runnable)
    report.started = {pid for _, seen in samples for pid in seen}
    return report


def _steady(pids: list[int], seconds: float, rate: float = 0.5, start: float = 0.0) -> list[tuple[float, dict[int, float]]]:
    """Samples every 10 ms in which ``pids`` all burn CPU at ``rate`` (share of a core)."""
    return [(start + t / 100, {pid: 0.02 + rate * t / 100 for pid in pids}) for t in range(int(seconds * 100) + 1)]


def test_two_processes_working_together_overlap_and_one_after_another_do_not() -> None:
    together = _report(_steady([1, 2], 0.5))
    both, anyone = together.overlap()
    assert anyone >= 8 and both == anyone
    attribution.assert_ran_concurrently(together, "together")

    first = _steady([1], 0.3)
    second = [(0.3 + t, {1: first[-1][1][1], **seen}) for t, seen in _steady([2], 0.3)]
    in_turn = _report(first + second)
    both, anyone = in_turn.overlap()
    assert anyone >= 8 and both <= 1
    with pytest.raises(AssertionError, match="did not run at the same time"):
        attribution.assert_ran_concurrently(in_turn, "in turn")


def test_a_crowded_machine_still_shows_two_computing_processes() -> None:
    crowded = _report(_steady([1, 2], 1.0, rate=0.05))  # 5 % of a core each
    attribution.assert_ran_concurrently(crowded, "crowded")
    starved = _report(_steady([1, 2], 1.0)[::20])  # the sampler woke every 200 ms
    attribution.assert_ran_concurrently(starved, "sampled late")


def test_a_process_still_starting_up_does_not_count_as_working() -> None:
    # Pid 2 is runnable throughout but never gets past its start-up allowance.
    samples = [(t / 100, {1: 0.02 + t / 200, 2: 0.001 * t / 50}) for t in range(50)]
    report = _report(samples)
    both, anyone = report.overlap()
    assert both == 0 and anyone >= 40
    with pytest.raises(AssertionError, match="did not run at the same time"):
        attribution.assert_ran_concurrently(report, "one worker, one importing")


def test_work_is_counted_past_start_up_and_against_the_parent() -> None:
    busy_children = _report(_steady([1, 2], 0.5), parent=0.02)
    attribution.assert_most_cpu_in_started_processes(busy_children, "children")
    idle_children = _report([(0.0, {1: 0.01, 2: 0.01}), (0.5, {1: 0.012, 2: 0.012})], parent=0.05)
    with pytest.raises(AssertionError, match="did 0.00 s of work past their start-up"):
        attribution.assert_most_cpu_in_started_processes(idle_children, "idle pool")
    nothing = _report([], parent=0.5)
    with pytest.raises(AssertionError, match="no process was started"):
        attribution.assert_most_cpu_in_started_processes(nothing, "serial")


def test_worker_count_limits_processes_alive_at_once_and_wants_two_working() -> None:
    report = _report(_steady([1, 2], 0.5))
    report.most_alive = 2
    attribution.assert_worker_count(report, 2, "two")
    with pytest.raises(AssertionError, match="running at once for processes=1"):
        attribution.assert_worker_count(report, 1, "one")
    lonely = _report(_steady([1], 0.5))
    lonely.most_alive = 1
    with pytest.raises(AssertionError, match="did work for processes=2"):
        attribution.assert_worker_count(lonely, 2, "lonely")


def test_traced_ints_remember_who_computed_them_through_pickling(tmp_path: Path) -> None:
    with attribution.trace_directory(tmp_path):
        x, y = traced.traced([3, 4])
        product = x * y
        assert product == 12 and traced.computed_by(product) == os.getpid()
        assert traced.computed_by(pickle.loads(pickle.dumps(product))) == os.getpid()
        assert traced.computed_by(x) is None and traced.computed_by(12) is None
        assert traced.computed_by(2 ** x) == os.getpid() and traced.computed_by(-x) == os.getpid()
        assert type(int(x)) is int and repr(x) == "3"
    ops = traced.operations(tmp_path)
    assert ("mul", (0, 1)) in ops[os.getpid()] and ("int", (0,)) in ops[os.getpid()]


def test_results_are_attributed_by_their_pid_or_by_the_trace_log(tmp_path: Path) -> None:
    recorder = Recorder()
    recorder.launches.append(Launch(424242, 0))
    computed = traced.TracedInt(9, pid=424242)
    attribution.assert_results_computed_in_started_processes([computed], recorder, "pid")
    (tmp_path / "424242.ops").write_text("mul 0 0\n", encoding="utf-8")
    attribution.assert_results_computed_in_started_processes([9], recorder, "log", tmp_path)
    with pytest.raises(AssertionError, match="not computed from the values"):
        attribution.assert_results_computed_in_started_processes([9, 16], recorder, "typed", tmp_path)
    with pytest.raises(AssertionError, match="computed in the parent"):
        attribution.assert_results_computed_in_started_processes([traced.TracedInt(9, pid=os.getpid())], recorder, "parent")
    with pytest.raises(AssertionError, match="which this call did not start"):
        attribution.assert_results_computed_in_started_processes([traced.TracedInt(9, pid=1)], recorder, "stranger")


def test_recorded_calls_show_where_each_call_ran(tmp_path: Path) -> None:
    log = attribution.CallLog(tmp_path / "calls")
    square = log.wrap(workloads.square)
    assert square(5) == 25 and "square" in repr(square)
    with pytest.raises(ValueError):
        log.wrap(workloads.raise_value_error)("boom")
    made = log.calls()
    assert [c.pid for c in made] == [os.getpid()] * 2 and made[1].error == "ValueError: boom"
    recorder = Recorder()
    with pytest.raises(AssertionError, match="ran in the parent"):
        attribution.assert_calls_ran_in_started_processes(made, recorder, "parent")
    log.clear()
    assert log.calls() == []


def test_a_watch_samples_real_children_and_can_stop_the_call_early() -> None:
    context = multiprocessing.get_context("fork")
    handler_before = signal.getsignal(signal.SIGUSR1)
    with processes.recording() as recorder:
        watch = attribution.CpuWatch(recorder)
        with watch as report:
            spins = workloads.spin  # a fixed amount of CPU, however busy the machine is
            children = [context.Process(target=spins, args=(8_000_000,)) for _ in range(2)]
            for child in children:
                child.start()
            for child in children:
                child.join()
        assert set(report.child_cpu) == {c.pid for c in children}
        assert report.children_work > 0.1 and report.most_alive == 2, report.describe()
        attribution.assert_ran_concurrently(report, "two burners")

        stop_at_once = attribution.ParentCpuOver(-1.0, "enough after {parent_cpu:.2f} s")
        began = time.monotonic()
        with pytest.raises(attribution.EarlyVerdict, match="enough after"):
            with attribution.CpuWatch(recorder, fail_fast=stop_at_once):
                time.sleep(5)
        assert time.monotonic() - began < 2, "the verdict must end the call at once"

        # A verdict that the code under test catches stands all the same.
        with pytest.raises(attribution.EarlyVerdict, match="enough after"):
            with attribution.CpuWatch(recorder, fail_fast=stop_at_once):
                try:
                    time.sleep(5)
                except attribution.EarlyVerdict:
                    pass
    assert signal.getsignal(signal.SIGUSR1) == handler_before, "the watch must restore the signal handler"


def test_a_verdict_that_arrives_as_the_block_ends_still_carries_its_words() -> None:
    # The signal may be handled at the very start of __exit__, where the exception it
    # raises is all the test gets: the handler asks the watchdog for the words itself.
    with processes.recording() as recorder:
        watch = attribution.CpuWatch(recorder, fail_fast=attribution.ParentCpuOver(-1.0, "enough after {parent_cpu:.2f} s"))
        with pytest.raises(attribution.EarlyVerdict, match="enough after"):
            with watch:
                signal.signal(signal.SIGUSR1, signal.SIG_IGN)  # hold the signal back
                deadline = time.monotonic() + 10
                while watchdog.get().ask(op="verdict")["verdict"] is None and time.monotonic() < deadline:
                    time.sleep(0.01)
                with pytest.raises(attribution.EarlyVerdict, match="enough after") as raised:
                    watch._raise_verdict(signal.SIGUSR1, None)
                raise raised.value


def test_no_thread_of_the_kit_runs_in_this_process_while_a_watch_samples() -> None:
    # A thread alive at the call's forks would make them unsafe (and 3.12+ warn).
    with processes.recording() as recorder:
        with attribution.CpuWatch(recorder, fail_fast=attribution.ParentCpuOver(60.0, "never")) as report:
            others = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
            child = multiprocessing.get_context("fork").Process(target=workloads.spin, args=(2_000_000,))
            child.start()
            child.join()
    assert others == [], f"threads alive in the grading process during a watch: {others}"
    assert child.pid in report.child_cpu and len(report.samples) >= 1, report.describe()


def test_an_alarm_interrupts_a_blocked_call_and_again_if_it_is_caught() -> None:
    handler_before = signal.getsignal(watchdog.ALARM_SIGNAL)
    began = time.monotonic()
    alarm = watchdog.Alarm(0.2)
    with pytest.raises(watchdog.Deadline):
        with alarm:
            try:
                time.sleep(10)
            except watchdog.Deadline:
                time.sleep(10)  # caught and waited on: the next ring ends this too
    assert alarm.fired and time.monotonic() - began < 3
    quiet = watchdog.Alarm(5)
    with quiet:
        time.sleep(0.05)
    assert not quiet.fired
    assert signal.getsignal(watchdog.ALARM_SIGNAL) == handler_before


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_child_that_ends_between_two_samples_keeps_the_cpu_it_used(method: str) -> None:
    # A sampling thread that never wakes during the call (as on a crowded machine):
    # the CPU is read as the parent reaps the child, so the work is still seen.
    context: Any = multiprocessing.get_context(method)
    with processes.recording() as recorder:
        with attribution.CpuWatch(recorder, interval=60) as report:
            child = context.Process(target=workloads.spin, args=(3_000_000,))
            child.start()
            child.join()
    assert child.pid is not None
    seen_in_samples = max((seen.get(child.pid, 0.0) for _, seen in report.samples), default=0.0)
    assert report.child_cpu[child.pid] > seen_in_samples + 0.05, report.describe()


def test_a_computing_child_is_runnable_and_a_waiting_one_is_not() -> None:
    context: Any = multiprocessing.get_context("fork")
    release = context.Event()
    waiting = context.Process(target=release.wait, args=(30,))
    computing = context.Process(target=workloads.spin, args=(30_000_000,))
    for child in (waiting, computing):
        child.start()
    try:
        time.sleep(0.2)
        assert computing.pid is not None and waiting.pid is not None
        assert attribution.is_runnable(computing.pid)
        assert not attribution.is_runnable(waiting.pid)
    finally:
        release.set()
        computing.kill()
        for child in (waiting, computing):
            child.join()
    assert not attribution.is_runnable(computing.pid), "a reaped process is not runnable"


def test_quiet_ends_a_watch_and_an_alarm_left_running_by_an_interrupted_test() -> None:
    with processes.recording() as recorder:
        attribution.CpuWatch(recorder, fail_fast=attribution.ParentCpuOver(60.0, "never")).__enter__()
        watchdog.Alarm(0.3).__enter__()  # neither __exit__ runs, as when a test is cut short
        watchdog.quiet()
        time.sleep(1.5)  # an alarm still armed would have signalled twice by now
    assert signal.getsignal(watchdog.ALARM_SIGNAL) == signal.getsignal(watchdog.VERDICT_SIGNAL) == signal.SIG_DFL
    assert watchdog.get().ask(op="stop") == {"samples": [], "runnable": [], "most_alive": 0, "verdict": None}
