"""Unit tests of the grading kit's pieces that need no grader run."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from katas._kit import processes, sources, tagged_output, threads, workloads
from katas._kit.grading import available_start_methods, child_environment, describe_writer
from katas._kit.tagged_output import Line, PidTaggedStdout


NONCE = "n0nce"


def _record(pid: int, text: str, at: int = 0) -> bytes:
    payload = text.encode()
    return b"\x1e" + NONCE.encode() + f"|{pid}|{at}|{len(payload)}".encode() + b"\x1f" + payload


def test_parse_rejoins_a_print_split_into_two_writes_and_interleaved_with_another() -> None:
    raw = _record(7, "process 7 prints 30") + _record(8, "process 8 prints 40") + _record(7, "\n") + _record(8, "\n")
    assert tagged_output.parse(raw, NONCE) == [Line(7, "process 7 prints 30"), Line(8, "process 8 prints 40")]


def test_parse_keeps_untagged_bytes_and_unfinished_lines() -> None:
    raw = b"raw write\n" + _record(5, "no newline yet")
    assert tagged_output.parse(raw, NONCE) == [Line(None, "raw write"), Line(5, "no newline yet")]


def test_a_printed_fake_record_stays_text_and_an_untagged_one_stays_untagged() -> None:
    fake = _record(4242, "Viva La\n")
    raw = _record(7, fake.decode() + "\n") + fake.replace(NONCE.encode(), b"guess")
    lines = tagged_output.parse(raw, NONCE)
    assert {line.pid for line in lines} == {7, None}
    assert any("Viva La" in line.text for line in lines if line.pid == 7)


def test_a_line_remembers_when_its_first_part_was_written() -> None:
    raw = _record(7, "Viva ", at=100) + _record(8, "other\n", at=150) + _record(7, "La\n", at=200)
    lines = tagged_output.parse(raw, NONCE)
    assert [(line.text, line.at) for line in lines] == [("other", 150), ("Viva La", 100)]


def test_tagged_stdout_tags_text_and_binary_writes_with_this_pid(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with open(target, "wb") as handle:
        stream = PidTaggedStdout(handle.fileno(), nonce=NONCE)
        assert stream.write("héllo\n") == 6
        stream.buffer.write(b"bytes\n")
        stream.flush()
        assert (stream.writable(), stream.isatty(), stream.encoding) == (True, False, "utf-8")
        assert stream.fileno() == handle.fileno() and stream.errors == "backslashreplace"
    assert tagged_output.parse(target.read_bytes(), NONCE) == [Line(os.getpid(), "héllo"), Line(os.getpid(), "bytes")]


def test_apply_default_start_method_changes_the_default_without_fixing_it() -> None:
    import multiprocessing.context as context

    default: Any = getattr(context, "_default_context")
    before, fixed = default._default_context, default._actual_context
    # As in a fresh grading process: an earlier test of this session may have fixed it.
    default._actual_context = None
    try:
        tagged_output.apply_default_start_method("spawn")
        assert multiprocessing.get_start_method(allow_none=True) is None
        assert multiprocessing.get_context().get_start_method() == "spawn"
    finally:
        default._default_context, default._actual_context = before, fixed


def test_child_environment_puts_the_site_hook_first_and_names_the_method() -> None:
    env = child_environment("spawn", "abc")
    assert env["PYTHONPATH"].split(os.pathsep)[0].endswith(os.path.join("_kit", "site"))
    assert env[tagged_output.TAG_ENV] == "abc" and env[tagged_output.START_METHOD_ENV] == "spawn"


def test_describe_writer_names_the_parent_children_and_untagged_writes() -> None:
    assert describe_writer(os.getpid()) == "parent"
    assert describe_writer(None) == "untagged"
    assert describe_writer(1) == "pid 1"


def test_available_start_methods_follow_the_platform() -> None:
    methods = available_start_methods()
    assert set(methods) <= set(multiprocessing.get_all_start_methods())
    if sys.platform == "linux":
        assert methods == ["fork", "forkserver", "spawn"]
    elif sys.platform == "darwin":
        assert methods == ["spawn", "fork"]


def test_choose_rejects_conflicting_or_missing_sources(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot be combined"):
        sources.choose(True, str(tmp_path))
    with pytest.raises(ValueError, match="no such directory"):
        sources.choose(False, str(tmp_path / "missing"))
    assert sources.choose(True, None).root == sources.SOLUTIONS_DIR
    assert sources.choose(False, None).root == sources.KATAS_DIR
    assert sources.choose(False, str(tmp_path)).root == tmp_path.resolve()


def test_load_reports_a_missing_module_as_not_attempted(tmp_path: Path) -> None:
    with pytest.raises(sources.NotAttempted, match=r"q9 nothing \(no .*\): not attempted yet"):
        sources.load(sources.Source(tmp_path, "tmp"), "q9", "nothing")


def test_the_stub_function_is_found_in_a_remote_traceback(tmp_path: Path) -> None:
    module = tmp_path / "q5" / "worker_pool.py"
    remote = f'Traceback:\n  File "{module}", line 3, in square_all\n  File "{module}", line 9, in square\n'
    error = NotImplementedError()
    error.__cause__ = RuntimeError(remote)
    assert sources.unattempted_function(error, module) == "square"
    assert sources.unattempted_function(ValueError(), module) is None


def test_workloads_do_what_their_names_say(tmp_path: Path) -> None:
    assert workloads.report_pid() == os.getpid()
    assert workloads.pid_and_square(7) == (os.getpid(), 49)
    assert workloads.add(2, 3) == 5
    assert workloads.resolve("os.path", "join") is os.path.join
    assert workloads.burn_cpu(0.01) > 0
    workloads.do_nothing()
    workloads.sleep_then_succeed(0)
    workloads.write_pid_to(str(tmp_path / "pid"))
    assert (tmp_path / "pid").read_text() == str(os.getpid())
    with pytest.raises(SystemExit) as stop:
        workloads.exit_with(3)
    assert stop.value.code == 3
    with pytest.raises(ValueError, match="boom"):
        workloads.raise_value_error("boom")


def test_clean_up_stops_a_leaked_process_and_find_leaks_then_sees_nothing() -> None:
    token = "unit-test-token"
    with processes.recording() as recorder:
        child = multiprocessing.Process(target=workloads.sleep_forever)
        child.start()
        leaks = processes.find_leaks(recorder, token)
        assert [leak.pid for leak in leaks] == [child.pid]
        assert "still running" in processes.describe(leaks)
        processes.clean_up(recorder, token)
    assert not child.is_alive() and child.exitcode is not None
    assert processes.find_leaks(recorder, token) == []
    assert child.pid is not None and processes.wait_until_gone(child.pid, 1.0)


def test_the_process_table_read_from_proc_agrees_with_psutil() -> None:
    """The leak check reads /proc itself (one pass per check); psutil, which it falls
    back to where there is no /proc, must see the same parents, zombies and ages."""
    child = multiprocessing.get_context("fork").Process(target=workloads.do_nothing)
    child.start()
    assert child.pid is not None
    try:
        _wait_until_zombie(child.pid)
        ours, theirs = processes._process_table(), processes._process_table_from_psutil()
        for pid in (os.getpid(), child.pid):
            assert ours[pid].parent == theirs[pid].parent
            assert ours[pid].zombie == theirs[pid].zombie
            assert abs(ours[pid].created - theirs[pid].created) < 0.05
        assert ours[child.pid].zombie and ours[child.pid].parent == os.getpid()
        assert child.pid in processes._descendants_in(ours, os.getpid())
    finally:
        child.join()


def test_the_resource_tracker_is_stopped_and_reaped_before_the_process_exits() -> None:
    """Left to itself it outlives the process that started it, and its exit status waits
    for init. A lock kept to the end is cleaned up by multiprocessing's exit function,
    which needs the tracker still running (stopped first, the tracker unlinks the lock
    itself, and the exit function fails on it)."""
    code = (
        "import atexit, importlib\n"
        "def tracker():\n"
        "    return importlib.import_module('multiprocessing.resource_tracker')._resource_tracker\n"
        "atexit.register(lambda: print(tracker()._pid))  # before multiprocessing's: runs last\n"
        "import multiprocessing\n"
        "from katas._kit import processes\n"
        "processes.stop_resource_trackers_at_exit()\n"
        "lock = multiprocessing.get_context('spawn').Lock()\n"
        "print(tracker()._pid)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stderr == "", f"exiting went wrong:\n{done.stderr}"
    running, at_the_end = done.stdout.split()
    assert at_the_end == "None", f"a resource tracker (pid {at_the_end}) was running as the process ended"
    assert not psutil.pid_exists(int(running)), "the resource tracker outlived the process that started it"


def test_a_finished_but_unjoined_child_is_reported_as_never_joined() -> None:
    with processes.recording() as recorder:
        child = multiprocessing.get_context("fork").Process(target=workloads.do_nothing)
        child.start()
        assert child.pid is not None
        _wait_until_zombie(child.pid)
        leaks = processes.find_leaks(recorder, "no-token")
        assert [(leak.pid, leak.description) for leak in leaks] == [(child.pid, "exited but was never joined")]
        child.join()


def test_clean_up_shuts_down_a_leaked_executor_and_pool() -> None:
    with processes.recording() as recorder:
        # The forked pool first and a spawn executor after it: forking once threads run
        # (the executor's) is deprecated since Python 3.12.
        pool = multiprocessing.get_context("fork").Pool(1)
        pool.apply_async(workloads.sleep_forever)
        executor = concurrent.futures.ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn")
        )
        future = executor.submit(workloads.sleep_forever)
        time.sleep(0.3)
        assert recorder.executors and recorder.pools
        assert processes.find_leaks(recorder, "no-token")
        processes.clean_up(recorder, "no-token")
        assert processes.find_leaks(recorder, "no-token") == []
    with pytest.raises(Exception):
        future.result(timeout=5)


def test_a_pool_terminated_before_join_is_counted_and_one_joined_first_is_not() -> None:
    context = multiprocessing.get_context("fork")
    with processes.recording() as recorder:
        with context.Pool(1) as joined:
            assert joined.map(abs, [-1]) == [1]
            joined.close()
            joined.join()
        assert recorder.terminated_before_join == 0
        with context.Pool(1) as terminated:
            assert terminated.map(abs, [-2]) == [2]
        assert recorder.terminated_before_join == 1
        assert processes.find_leaks(recorder, "no-token") == []


def test_stop_forkserver_kills_its_children_and_lets_a_fresh_one_start() -> None:
    context = multiprocessing.get_context("forkserver")
    child = context.Process(target=workloads.sleep_forever)
    child.start()
    server = processes.forkserver_pid()
    assert server is not None and child.pid is not None
    processes.stop_forkserver()
    assert processes.forkserver_pid() is None
    assert processes.wait_until_gone(child.pid, 5.0) and processes.wait_until_gone(server, 5.0)
    child.join(5)
    again = context.Process(target=workloads.do_nothing)
    again.start()
    again.join(10)
    assert again.exitcode == 0
    processes.stop_forkserver()


def _wait_until_zombie(pid: int, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not _is_zombie(pid) and time.monotonic() < deadline:
        time.sleep(0.01)


def _is_zombie(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def test_what_children_import_from_the_kit_pulls_in_neither_pytest_nor_psutil() -> None:
    """Spawn and forkserver children import workloads and tagged_output (and every
    learner's module): they must stay cheap and importable outside pytest."""
    import subprocess

    code = (
        "import sys, katas._kit.workloads, katas._kit.tagged_output, solutions.q5.worker_pool;"
        "print(sorted(m for m in ('pytest', '_pytest', 'psutil') if m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True,
        cwd=sources.REPO_ROOT,
    )
    assert proc.stdout.strip() == "[]"


def test_clean_up_stops_a_leaked_pool_whose_task_ignores_sigterm() -> None:
    """Pool.terminate() alone would wait forever for such a worker."""
    with processes.recording() as recorder:
        pool = multiprocessing.get_context("fork").Pool(1)
        pool.apply_async(workloads.ignore_sigterm_forever)
        time.sleep(0.3)
        started = time.monotonic()
        processes.clean_up(recorder, "no-token")
        assert time.monotonic() - started < 10
        assert processes.find_leaks(recorder, "no-token") == []


def _start_an_orphan() -> int:
    """A `sleep 30` with this environment, whose parent has exited: it is re-parented,
    outside our process tree, and only its token says where it came from."""
    middle = (
        "import subprocess; quiet = subprocess.DEVNULL; "
        "print(subprocess.Popen(['sleep', '30'], stdout=quiet, stderr=quiet).pid)"
    )
    done = subprocess.run([sys.executable, "-c", middle], capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_an_orphaned_grandchild_of_the_test_is_found_by_its_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from katas._kit import processes

    token = "orphan-test-token"
    monkeypatch.setenv(processes.TOKEN_ENV, token)
    with processes.recording() as recorder:
        orphan = _start_an_orphan()
        try:
            leaks = processes.find_leaks(recorder, token)
            assert [(leak.pid, leak.description) for leak in leaks] == [(orphan, "still running (orphaned)")]
        finally:
            psutil.Process(orphan).kill()


def _start_and_join(context: Any) -> int | None:
    child = context.Process(target=workloads.do_nothing)
    child.start()
    child.join(10)
    assert child.exitcode == 0
    return processes.forkserver_pid()


def test_a_forkserver_serves_on_until_what_it_hands_children_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/FOUNDATIONS.md #1: a server is kept while its children would get what a
    fresh one would hand them, and replaced when the environment or stdout changes."""
    processes.stop_forkserver()
    context = multiprocessing.get_context("forkserver")
    try:
        with processes.recording():
            first = _start_and_join(context)
            monkeypatch.setenv(processes.TOKEN_ENV, "the-next-test")  # a new test's token alone
            assert _start_and_join(context) == first
            monkeypatch.setenv("MPKATAS_TEST_VARIABLE", "1")  # children would see this
            second = _start_and_join(context)
            assert second != first and first is not None and processes.wait_until_gone(first, 5.0)
            with tempfile.TemporaryFile() as capture:
                saved = os.dup(1)
                os.dup2(capture.fileno(), 1)  # children would write elsewhere now
                try:
                    third = _start_and_join(context)
                finally:
                    os.dup2(saved, 1)
                    os.close(saved)
            assert third != second
            # A server with a child still running keeps serving: stopping it would kill the child.
            busy = context.Process(target=workloads.sleep_forever)
            busy.start()
            serving = processes.forkserver_pid()
            monkeypatch.setenv("MPKATAS_TEST_VARIABLE", "2")
            try:
                assert _start_and_join(context) == serving
            finally:
                busy.kill()
                busy.join(5)
    finally:
        processes.stop_forkserver()


def test_an_orphan_carrying_the_token_of_a_kept_forkserver_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server kept from an earlier test hands its children that test's token."""
    processes.stop_forkserver()
    monkeypatch.setenv(processes.TOKEN_ENV, "the-earlier-test")
    context = multiprocessing.get_context("forkserver")
    orphan = None
    try:
        _start_and_join(context)
        assert processes.server_token() == "the-earlier-test"
        with processes.recording() as recorder:
            orphan = _start_an_orphan()
            leaks = processes.find_leaks(recorder, "this-test")
            assert [(leak.pid, leak.description) for leak in leaks] == [(orphan, "still running (orphaned)")]
    finally:
        if orphan is not None:
            psutil.Process(orphan).kill()
        processes.stop_forkserver()


def test_left_running_ends_a_kept_queues_feeder_and_reports_a_thread_that_goes_on() -> None:
    before = set(threading.enumerate())
    kept = multiprocessing.get_context("spawn").Queue()  # held, as the kit holds a test's objects
    kept.put("item")  # starts the queue's feeder thread, which waits for more
    kept.get(timeout=10)
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait, name="waits-for-ever", daemon=True)
    waiting.start()
    try:
        left = threads.left_running(before, grace=0.5)
        assert [t.name for t in left] == ["waits-for-ever"], left
    finally:
        stop.set()
        waiting.join()
    assert threads.left_running(before) == []
    assert threads.os_thread_count() >= 1
