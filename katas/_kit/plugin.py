"""The pytest plugin behind every grader (loaded from the repository's conftest.py).

Options are registered here and only here. For each test of a grader module (one
marked with ``grades(kata, module)``) it:
- runs the test once per start method, set globally for that test (``[spawn]`` ids);
- imports the kata module from the chosen source so that children find it by name;
- records every process, pool and executor started, and after the test fails it if
  anything is still running, then cleans up so the next test starts clean;
- gives the test a short timeout (pytest-timeout's signal method, which fails only
  that test; docs/FOUNDATIONS.md #3) and turns a stub's NotImplementedError into one line.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import sys
import threading
import uuid
from collections.abc import Generator, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import pytest

from katas._kit import attribution, processes, sources, speed, threads, watchdog
from katas._kit.attribution import CallLog, CpuReport, CpuWatch
from katas._kit.grading import CapturedOutput, available_start_methods
from katas._kit.processes import Recorder
from katas._kit.runner import MANIFEST_ENV, SPEED_PROPERTY, SpeedFigures
from katas._kit.sources import NotAttempted, Source
from katas._kit.speed import SpeedNotMeasured

SOURCE_KEY = pytest.StashKey[Source]()
RECORDER_KEY = pytest.StashKey[Recorder]()
TOKEN_KEY = pytest.StashKey[str]()
MODULE_FILE_KEY = pytest.StashKey[tuple[str, str, Path]]()
NOT_ATTEMPTED_KEY = pytest.StashKey[list[str]]()
OUTPUT_KEY = pytest.StashKey[CapturedOutput]()
ALIVE_KEY = pytest.StashKey[str]()
THREADS_KEY = pytest.StashKey[set[threading.Thread]]()
CALL_THREADS_KEY = pytest.StashKey[set[threading.Thread]]()
EXIT_STATUS_KEY = pytest.StashKey[int]()
PASSED_KEY = pytest.StashKey[bool]()

DEFAULT_GRADER_TIMEOUT = 20.0


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mpkatas", "grading multiprocessing katas")
    group.addoption(
        "--solutions",
        action="store_true",
        help="grade the reference solutions/ instead of your own katas/",
    )
    group.addoption(
        "--submission",
        metavar="DIR",
        help="grade another copy of the kata modules, laid out as DIR/qN/<module>.py",
    )
    group.addoption(
        "--start-method",
        action="append",
        choices=available_start_methods(),
        metavar="METHOD",
        help="run graders under this start method only (repeatable); "
        f"default: every one this platform offers ({', '.join(available_start_methods())})",
    )
    parser.addini(
        "grader_timeout",
        "seconds a grader test may run before it fails as hanging",
        default=str(DEFAULT_GRADER_TIMEOUT),
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "grades(kata, module): the module is the grader of katas/<kata>/<module>.py"
    )
    config.addinivalue_line(
        "markers",
        "own_processes(label): the library under test starts its own processes (loky, dask): "
        "run once, with id [label], instead of once per start method",
    )
    try:
        source = sources.choose(config.getoption("solutions"), config.getoption("submission"))
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None
    sources.activate(source)
    config.stash[SOURCE_KEY] = source
    config.stash[NOT_ATTEMPTED_KEY] = []
    processes.stop_resource_trackers_at_exit()  # docs/FOUNDATIONS.md #20
    global _GRADING_PID
    _GRADING_PID = os.getpid()
    os.register_at_fork(after_in_parent=_note_fork_with_threads)
    os._exit = _guarded_exit
    posix_module: Any = sys.modules.get("posix")
    if posix_module is not None:
        posix_module._exit = _guarded_exit


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[EXIT_STATUS_KEY] = int(exitstatus)


def pytest_unconfigure(config: pytest.Config) -> None:
    # A forkserver kept across tests would outlive this process until it notices the end
    # of its pipe; stopping it here leaves nothing behind, even for a moment.
    processes.stop_forkserver()
    stuck = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon and t.is_alive()]
    if stuck and EXIT_STATUS_KEY in config.stash:
        # A thread the code under test left running (a thread cannot be killed) would keep
        # this process from exiting for ever; the report is written, so end it here.
        sys.stdout.flush()
        sys.stderr.write(f"mpkatas: ending the run: {len(stuck)} thread(s) left running by the code under test\n")
        sys.stderr.flush()
        _REAL_EXIT(config.stash[EXIT_STATUS_KEY])
    os._exit = _REAL_EXIT
    posix_module: Any = sys.modules.get("posix")
    if posix_module is not None:
        posix_module._exit = _REAL_EXIT
    watchdog.stop()


def _manifest(note: dict[str, object]) -> None:
    """One JSON line for whoever runs the graders (``runner``): which tests the run
    holds and how far it got, so a run that ends early is counted, not trusted."""
    path = os.environ.get(MANIFEST_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(note) + "\n")


def _note_fork_with_threads() -> None:
    """A fork of the grading process while it has other threads goes in the manifest:
    the kit promises none of its own, and the developers' tests hold it to that on
    every Python. Counted as CPython 3.12+ counts for its warning (3.10 and 3.11 say
    nothing): the OS's threads just after the fork, in the parent (docs/FOUNDATIONS.md #22)."""
    if os.getpid() != _GRADING_PID or not os.environ.get(MANIFEST_ENV):
        return
    count = threads.os_thread_count()
    if count > 1:
        names = sorted(t.name for t in threading.enumerate() if t is not threading.main_thread())
        test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0]
        _manifest({"fork_with_threads": {"test": test, "os_threads": count, "threads": names}})


def pytest_collection_finish(session: pytest.Session) -> None:
    _manifest({"collected": [item.nodeid for item in session.items]})


def pytest_runtest_logstart(nodeid: str, location: tuple[str, int | None, str]) -> None:
    _manifest({"started": nodeid})


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "teardown":
        _manifest({"finished": report.nodeid})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    """Tell the watchdog (another process) the deadline of each grader test."""
    marker = item.get_closest_marker("timeout")
    dog = watchdog.get() if _grader_marker(item) is not None and marker is not None else None
    if dog is not None and marker is not None:
        dog.send(op="arm", seconds=float(marker.args[0]), test=item.nodeid)
    try:
        return (yield)
    finally:
        if dog is not None:
            dog.send(op="disarm")


def pytest_report_header(config: pytest.Config) -> str:
    methods = config.getoption("start_method") or available_start_methods()
    return f"mpkatas: grading {config.stash[SOURCE_KEY].label} under {', '.join(methods)}"


def _grader_marker(node: pytest.Item | pytest.Function | Any) -> pytest.Mark | None:
    marker: pytest.Mark | None = node.get_closest_marker("grades")
    return marker


OWN = "own:"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("grades") is None:
        return
    own = metafunc.definition.get_closest_marker("own_processes")
    if own is not None:
        # The library starts its processes its own way (loky, dask): one run, named after it.
        label = str(own.args[0])
        metafunc.parametrize("start_method", [OWN + label], indirect=True, ids=[label])
        return
    methods = metafunc.config.getoption("start_method") or available_start_methods()
    metafunc.parametrize("start_method", methods, indirect=True, ids=methods)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    limit = float(config.getini("grader_timeout"))
    for item in items:
        if _grader_marker(item) is not None and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(limit))


@pytest.fixture(autouse=True)
def start_method(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The start method of this grader test, set globally while it runs (None elsewhere)."""
    method: str | None = getattr(request, "param", None)
    if method is None:
        yield None
        return
    previous = multiprocessing.get_start_method(allow_none=True)
    if method.startswith(OWN):
        method = method[len(OWN) :]
        multiprocessing.set_start_method(available_start_methods()[0], force=True)
    else:
        multiprocessing.set_start_method(method, force=True)
    token = f"{os.getpid()}-{uuid.uuid4().hex}"
    os.environ[processes.TOKEN_ENV] = token
    request.node.stash[TOKEN_KEY] = token
    request.node.stash[THREADS_KEY] = set(threading.enumerate())
    with processes.recording() as recorder:
        request.node.stash[RECORDER_KEY] = recorder
        try:
            yield method
        finally:
            # Backstop for a test interrupted during the leak check (e.g. by its timeout).
            processes.clean_up(recorder, token)
            if not request.node.stash.get(PASSED_KEY, False):
                # A test that failed may have left the forkserver in any state: the next
                # test gets a fresh one. After a pass it serves on (processes.refresh_forkserver).
                processes.stop_forkserver()
            os.environ.pop(processes.TOKEN_ENV, None)
            multiprocessing.set_start_method(previous, force=True)
            watchdog.quiet()  # a CPU watch or an alarm interrupted before its __exit__ ran
            _check_no_thread_left(request)


def _check_no_thread_left(request: pytest.FixtureRequest) -> None:
    """After every fixture: the grading process has the threads it had before the test
    (a library's kept threads retired), as it has the processes. A thread started while
    the code under test ran is its own, and the test has failed or passed on it
    already; one started before or after is the grader's."""
    before = request.node.stash.get(THREADS_KEY, set())
    during_the_call = request.node.stash.get(CALL_THREADS_KEY, set())
    left = [t for t in threads.left_running(before) if t not in during_the_call]
    if left:
        raise RuntimeError(
            f"the grader of this test left {len(left)} thread(s) running in the grading "
            f"process ({', '.join(t.name for t in left)}): a later fork would copy them"
        )


@pytest.fixture
def kata(request: pytest.FixtureRequest) -> ModuleType:
    """The kata module under test, from katas/, solutions/ or --submission DIR."""
    marker = _grader_marker(request.node)
    if marker is None:
        raise pytest.UsageError("the kata fixture is for grader modules marked grades(kata, module)")
    kata_name, module_name = marker.args
    source = request.config.stash[SOURCE_KEY]
    path = source.path_of(kata_name, module_name)
    request.node.stash[MODULE_FILE_KEY] = (kata_name, module_name, path)
    try:
        return sources.load(source, kata_name, module_name)
    except NotAttempted as missing:
        return _Unloadable(missing)
    except KeyboardInterrupt:
        raise
    except (pytest.exit.Exception, SystemExit, SubmissionEndedProcess) as ending:
        return _Unloadable(SubmissionEnded("while being imported, " + _ending_message(ending)))
    except BaseException as error:  # noqa: BLE001 - reported when the test uses the module
        return _Unloadable(error)


class _Unloadable(ModuleType):
    """Stands in for a kata module that is missing or fails to import.

    The error is raised when the test first uses the module, so it is reported as that
    test's failure (with the not-attempted line when the file is missing), not as an
    error in fixture set-up.
    """

    def __init__(self, error: BaseException) -> None:
        super().__init__("unloadable")
        self._error = error

    def __getattr__(self, name: str) -> Any:
        raise self._error


@pytest.fixture
def guard(request: pytest.FixtureRequest, start_method: str | None) -> Recorder:
    """Every process, pool and executor this test started (for pid checks)."""
    recorder: Recorder = request.node.stash[RECORDER_KEY]
    return recorder


@pytest.fixture
def calls(tmp_path: Path, start_method: str | None) -> CallLog:
    """Wrap grader functions with ``calls.wrap(f)``; ``calls.calls()`` lists every call
    with the pid, thread and time it ran at."""
    return CallLog(tmp_path / "calls")


@pytest.fixture
def traces(tmp_path: Path, start_method: str | None) -> Iterator[Path]:
    """A directory where the grader's ``TracedInt`` originals log who worked on them
    (read it with ``traced.operations``)."""
    with attribution.trace_directory(tmp_path / "traces") as directory:
        yield directory


@pytest.fixture
def cpu_watch(request: pytest.FixtureRequest, guard: Recorder) -> Any:
    """``with cpu_watch() as report:`` samples the CPU of the processes started inside.

    Start-up is calibrated with children that import the kata module, as workers do."""
    marker = _grader_marker(request.node)
    module = f"{marker.args[0]}.{marker.args[1]}" if marker is not None else None
    return CpuWatches(guard, module)


class CpuWatches:
    """What the ``cpu_watch`` fixture gives a test: watches, and work sized for them."""

    def __init__(self, guard: Recorder, module: str | None) -> None:
        self._guard, self._module = guard, module

    def __call__(self, fail_fast: Any = None) -> CpuWatch:
        return CpuWatch(self._guard, fail_fast=fail_fast, module=self._module)

    def work_seconds(self, seconds: float, processes: int, per_startup: float = attribution.WORK_PER_STARTUP) -> float:
        """``seconds`` of serial work, or more where starting a worker costs much."""
        startup = attribution.calibrated_startup(self._guard, self._module)
        return attribution.work_seconds(seconds, processes, startup, per_startup)


@pytest.fixture
def output(request: pytest.FixtureRequest, start_method: str | None) -> CapturedOutput:
    """What the test's processes print, at file-descriptor level, tagged with pids.

    Capturing starts when the test body starts (see ``pytest_runtest_call``): pytest
    re-points file descriptor 1 at its own capture between set-up and call.
    """
    captured = CapturedOutput(start_method)
    request.node.stash[OUTPUT_KEY] = captured
    return captured


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """Capture the test body's output if asked; fail a test that leaves processes behind.

    ``trylast`` puts this wrapper inside pytest's own capture, so pytest does not
    re-point file descriptor 1 while the kit's capture is active.
    """
    recorder = item.stash.get(RECORDER_KEY, None)
    if recorder is None:
        return (yield)
    token = item.stash[TOKEN_KEY]
    captured = item.stash.get(OUTPUT_KEY, None)
    threads_before = set(threading.enumerate())  # the fixtures' own threads are theirs
    item.stash[CALL_THREADS_KEY] = set()
    try:
        if captured is None:
            result = yield
        else:
            with captured:
                result = yield
    except (pytest.exit.Exception, SystemExit, SubmissionEndedProcess) as ending:
        processes.clean_up(recorder, token)
        raise SubmissionEnded(_ending_message(ending)) from None
    except BaseException:
        item.stash[CALL_THREADS_KEY] = set(threading.enumerate()) - threads_before
        item.stash[ALIVE_KEY] = processes.describe_alive(recorder, token)
        processes.clean_up(recorder, token)
        raise
    leaks = processes.find_leaks(recorder, token)
    if leaks:
        processes.clean_up(recorder, token)
        pytest.fail(_leak_message(leaks), pytrace=False)
    item.stash[CALL_THREADS_KEY] = set(threading.enumerate()) - threads_before
    left = threads.left_running(threads_before)
    if left:
        pytest.fail(
            f"left {len(left)} thread(s) running in the grading process after returning "
            f"({', '.join(t.name for t in left)}): a thread cannot be stopped from outside, so "
            "the work behind it never ends, and every later fork of this process copies "
            "whatever lock it holds; join your threads, and close() the queues, pools and "
            "executors that run threads for you (or use processes)",
            pytrace=False,
        )
    return result


def _leak_message(leaks: list[processes.Leak]) -> str:
    unjoined = [leak for leak in leaks if leak.description.startswith("exited")]
    running = [leak for leak in leaks if leak not in unjoined]
    parts = []
    if running:
        parts.append(
            f"left {len(running)} process(es) running after returning: "
            f"{processes.describe(running)}; close() and join() every pool, and join() "
            "every Process you start (a pool left to the garbage collector is terminated, "
            "not joined)"
        )
    if unjoined:
        parts.append(
            f"left {len(unjoined)} finished process(es) unjoined: "
            f"{processes.describe(unjoined)}; call join() after a child ends or is terminated, "
            "and pool.join() after pool.close()"
        )
    return "; ".join(parts) + " (the kit has killed them)"


@pytest.hookimpl(tryfirst=True, specname="pytest_runtest_makereport")
def pytest_runtest_makereport_of_a_stub(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport | None:
    """A stub's failure is one line: made here, pytest's traceback formatting (which
    parses the source of every frame) is skipped. A run of every kata's untouched stubs
    spent a third of its time formatting tracebacks nobody reads."""
    if _grader_marker(item) is None or call.excinfo is None:
        return None
    line = _not_attempted_line(item, call.excinfo.value)
    if line is None:
        return None
    sections = [(f"Captured {key} {when}", content) for when, key, content in item._report_sections]
    return pytest.TestReport(
        item.nodeid,
        item.location,
        {name: 1 for name in item.keywords},
        "failed",
        _OneLine(line, str(item.path), item.location[1] or 0),  # type: ignore[arg-type]
        call.when,  # type: ignore[arg-type]
        sections,
        call.duration,
        call.start,
        call.stop,
        list(item.user_properties),
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    if call.when == "call":
        _record_speed(item)  # before the report is made: it copies the properties
    report = yield
    if call.when == "call":
        item.stash[PASSED_KEY] = report.passed
    if _grader_marker(item) is None:
        return report
    error = call.excinfo.value if call.excinfo is not None else None
    if report.skipped and not isinstance(error, SpeedNotMeasured):
        # Only the kit's speed check may skip; a skip or xfail raised by the submission
        # (pytest.skip, pytest.xfail, unittest.SkipTest) must not count as a pass.
        reason = str(error) if error is not None else str(getattr(report, "wasxfail", ""))
        _one_line(item, report, f"the code under test skipped this test ({reason!r}): a submission does not decide what is graded")
        report.outcome = "failed"
        if hasattr(report, "wasxfail"):
            del report.wasxfail
        return report
    if not report.failed or error is None:
        return report
    line = _not_attempted_line(item, error)
    if line is not None:
        _one_line(item, report, line)
        item.config.stash[NOT_ATTEMPTED_KEY].append(line)
    elif isinstance(error, (SubmissionEnded, sources.Refused)):
        _one_line(item, report, str(error))
    elif "from pytest-timeout" in str(error):
        alive = item.stash.get(ALIVE_KEY, "")
        report.sections.append(
            (
                "mpkatas",
                "The test ran out of time; the traceback above shows where the test was "
                "waiting. " + (alive or "No process it started was still running then.")
                + " The kit has stopped what the test started.",
            )
        )
    return report


def _record_speed(item: pytest.Item) -> None:
    """Put the try that decided a grader's speed check in its report (a JUnit property),
    passed or failed, so ``mpkatas check`` can draw serial, parallel and possible times.
    Taken after every test, so a check in another test never lends its figures."""
    attempt = speed.take_deciding_attempt()
    if attempt is None or _grader_marker(item) is None:
        return
    figures = SpeedFigures(attempt.serial, attempt.parallel, attempt.capacity, attempt.required)
    item.user_properties.append((SPEED_PROPERTY, figures.to_json()))


def _one_line(item: pytest.Item, report: pytest.TestReport, message: str) -> None:
    # pytest duck-types longrepr (toterminal, reprcrash): no traceback is shown.
    report.longrepr = _OneLine(message, str(item.path), item.location[1] or 0)  # type: ignore[assignment]


class SubmissionEnded(BaseException):
    """The code under test tried to end the grading process (or the run) early."""


class SubmissionEndedProcess(BaseException):
    """Raised instead of ``os._exit()`` when called in the grading process itself."""


def _ending_message(ending: BaseException) -> str:
    if isinstance(ending, SubmissionEndedProcess):
        how = str(ending)
    elif isinstance(ending, SystemExit):
        how = f"sys.exit({ending.code!r})"
    else:
        how = f"pytest.exit({str(ending)!r})"
    return (
        f"the code under test called {how} in the grading process: a submission must not "
        "end the process that grades it (in a child process, exiting is fine)"
    )


_GRADING_PID = os.getpid()
_REAL_EXIT = os._exit


def _guarded_exit(status: int) -> NoReturn:
    """``os._exit`` for everyone but the grading process, where it would end the run
    with status 0 and no report; there it fails the test instead."""
    if os.getpid() != _GRADING_PID:
        _REAL_EXIT(status)
    raise SubmissionEndedProcess(f"os._exit({status!r})")


def _not_attempted_line(item: pytest.Item, error: BaseException) -> str | None:
    if isinstance(error, NotAttempted):
        return str(error)
    where = item.stash.get(MODULE_FILE_KEY, None)
    if where is None:
        return None
    kata_name, module_name, path = where
    function = sources.unattempted_function(error, path)
    if function is None:
        return None
    return str(NotAttempted(kata_name, f"{module_name}.{function}"))


class _Crash:
    def __init__(self, message: str, path: str, lineno: int) -> None:
        self.message = message
        self.path = path
        self.lineno = lineno


class _OneLine:
    """A failure report that is just one line (no traceback): pytest duck-types it."""

    def __init__(self, message: str, path: str, lineno: int) -> None:
        self.reprcrash = _Crash(message, path, lineno)

    def toterminal(self, tw: Any) -> None:
        tw.line(self.reprcrash.message, red=True, bold=True)

    def __str__(self) -> str:
        return self.reprcrash.message


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    lines = config.stash.get(NOT_ATTEMPTED_KEY, [])
    if not lines:
        return
    terminalreporter.section("not attempted yet", sep="-", yellow=True)
    for line in sorted(set(lines)):
        terminalreporter.line(line)
