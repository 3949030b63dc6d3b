"""Grader for q3: create a process, wait for it, read its exit code.

Output is captured at file-descriptor level with the pid of the process that wrote
each line and the moment it was written, so "Viva La" printed by the parent on the
child's behalf fails, and so does a parent line written after the child was started
(decided by the clock, not by which write happened to land first). Every test
runs under each start method (see the test id).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from types import ModuleType

import pytest

from katas._kit import processes, workloads
from katas._kit.grading import UNTAGGED, CapturedOutput, grades, module_file, run_program
from katas._kit.processes import Recorder

pytestmark = grades("q3", "first_process")

PARENT_LINE = "I'm writing my multiprocessing program"
CHILD_LINE = "Viva La"


@pytest.fixture
def first_process(kata: ModuleType) -> ModuleType:
    return kata


def test_run_greetings_in_child_returns_the_pid_of_a_new_child(
    first_process: ModuleType, guard: Recorder
) -> None:
    pid = first_process.run_greetings_in_child()
    assert isinstance(pid, int) and not isinstance(pid, bool), f"returned {pid!r}, expected a pid"
    assert pid != os.getpid(), "returned the parent's pid, this process's own; return the child's (Process.pid)"
    assert pid in guard.started_pids, (
        f"{pid} is not the pid of a process this call started "
        f"(started: {sorted(guard.started_pids)})"
    )


def test_run_greetings_in_child_joins_the_child_before_returning(
    first_process: ModuleType,
) -> None:
    pid = first_process.run_greetings_in_child()
    assert not processes.is_running(pid), "the child is still running: call join() on it"
    assert not _is_zombie(pid), (
        "the child has exited but was never joined (it is a zombie): call join() on it"
    )


def test_parent_prints_its_line_then_the_child_prints_viva_la(
    first_process: ModuleType, output: CapturedOutput, guard: Recorder
) -> None:
    pid = first_process.run_greetings_in_child()
    parent_lines = output.matching(PARENT_LINE)
    child_lines = output.matching(CHILD_LINE)
    assert len(parent_lines) == 1, (
        f"'{PARENT_LINE}' appeared {len(parent_lines)} times, expected once"
    )
    assert parent_lines[0].pid == os.getpid(), (
        f"'{PARENT_LINE}' was written by pid {parent_lines[0].pid}, expected the parent"
    )
    assert len(child_lines) == 1, f"'{CHILD_LINE}' appeared {len(child_lines)} times, expected once"
    assert child_lines[0].pid is not None, f"'{CHILD_LINE}' {UNTAGGED}"
    assert child_lines[0].pid != os.getpid(), (
        f"the parent printed '{CHILD_LINE}'; it must come from greetings() running in the child"
    )
    assert child_lines[0].pid == pid, (
        f"'{CHILD_LINE}' was written by pid {child_lines[0].pid}, not by the returned child {pid}"
    )
    launch = guard.launch_of(pid)
    assert launch is not None and parent_lines[0].at is not None
    assert parent_lines[0].at < launch.before_ns, (
        f"the parent printed '{PARENT_LINE}' after it had called start(): print the parent's "
        "line before start(), so it comes first whatever the child does (after start() the "
        "order is a race)"
    )


def test_run_in_child_runs_the_target_in_another_process(
    first_process: ModuleType, guard: Recorder, tmp_path: Path
) -> None:
    record = tmp_path / "pid"
    assert first_process.run_in_child(workloads.write_pid_to, str(record)) == 0
    assert record.exists(), "the target never ran"
    ran_in = int(record.read_text())
    assert ran_in != os.getpid(), "the target ran in the parent; run it in a child Process"
    assert ran_in in guard.started_pids, f"the target ran in pid {ran_in}, not in a started child"


def test_run_in_child_returns_0_when_the_target_succeeds(first_process: ModuleType) -> None:
    assert first_process.run_in_child(workloads.do_nothing) == 0


def test_run_in_child_returns_1_when_the_target_raises(first_process: ModuleType) -> None:
    code = first_process.run_in_child(workloads.raise_value_error, "raised on purpose by the grader")
    assert code == 1, f"an uncaught exception in the child gives exit code 1, got {code!r}"


@pytest.mark.parametrize("status", [0, 3, 42])
def test_run_in_child_returns_the_status_given_to_sys_exit(
    first_process: ModuleType, status: int
) -> None:
    code = first_process.run_in_child(workloads.exit_with, status)
    assert code == status, f"sys.exit({status}) in the child gives exit code {status}, got {code!r}"


def test_run_in_child_without_timeout_waits_for_the_child(first_process: ModuleType) -> None:
    started = time.monotonic()
    code = first_process.run_in_child(workloads.sleep_then_succeed, 0.3)
    elapsed = time.monotonic() - started
    assert code == 0, f"a child that finishes gives exit code 0, got {code!r}"
    assert elapsed >= 0.3, f"returned after {elapsed:.2f} s, before the 0.3 s child finished"


def test_a_child_that_ends_well_inside_its_timeout_returns_its_own_exit_code(
    first_process: ModuleType,
) -> None:
    started = time.monotonic()
    code = first_process.run_in_child(workloads.sleep_then_succeed, 0.3, timeout=5)
    elapsed = time.monotonic() - started
    assert code == 0, f"a child that finishes in 0.3 s with timeout=5 has exit code 0, got {code!r}"
    assert elapsed < 4, f"returned after {elapsed:.2f} s: the child ended after 0.3 s; do not wait out the timeout"


def test_run_in_child_terminates_a_child_still_running_at_the_timeout(
    first_process: ModuleType, guard: Recorder
) -> None:
    timeout = 0.5
    started = time.monotonic()
    code = first_process.run_in_child(workloads.sleep_forever, timeout=timeout)
    elapsed = time.monotonic() - started
    assert code == -signal.SIGTERM, (
        f"a child terminated at the timeout has exit code -SIGTERM ({-signal.SIGTERM}), got {code!r}"
    )
    assert elapsed <= timeout + 1.0, (
        f"returned {elapsed:.2f} s after the call, more than timeout + 1 s"
    )
    running = [pid for pid in guard.started_pids if processes.is_running(pid)]
    assert not running, f"the timed-out child {running} is still running: terminate() and join()"


@pytest.mark.parametrize("form", ["file", "module"])
def test_running_the_module_as_a_program_prints_both_lines_parent_first(
    first_process: ModuleType, start_method: str, form: str
) -> None:
    path = module_file(first_process)
    root = path.parent.parent  # katas/, solutions/ or the submission folder
    if form == "file":
        args, cwd = [str(path)], root
    elif root.name.isidentifier():  # python -m katas.q3.first_process, as the README says
        args, cwd = ["-m", f"{root.name}.{path.parent.name}.{path.stem}"], root.parent
    else:
        args, cwd = ["-m", f"{path.parent.name}.{path.stem}"], root
    run = run_program(
        args,
        cwd=cwd,
        start_method=start_method,
        timeout=10,
        kata="q3",
        module_file=path,
    )
    reprinted = [line for line in run.lines if PARENT_LINE in line.text and line.pid != run.pid]
    assert not reprinted and "bootstrapping phase" not in run.stderr, (
        "the program's top-level code ran again in another process: spawn children import "
        "the main module, and so does the forkserver (its server, from 3.14), so put the "
        "program under `if __name__ == \"__main__\":`"
    )
    assert run.returncode == 0, f"`python {' '.join(args)}` exited with {run.returncode}:\n{run.stderr}"
    texts = [line.text for line in run.lines]
    assert texts == [PARENT_LINE, CHILD_LINE], (
        f"running it as a program printed {texts}, expected [{PARENT_LINE!r}, {CHILD_LINE!r}]"
    )
    assert run.lines[0].pid == run.pid, f"'{PARENT_LINE}' must come from the program itself"
    assert run.lines[1].pid not in (run.pid, None), f"'{CHILD_LINE}' must come from a child process"


def _is_zombie(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
