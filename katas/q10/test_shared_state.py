"""Grader for q10: a shared counter with and without its lock, and numpy arrays in
shared memory.

What it proves, and how:
- ``locked_total`` is exact in every run, with enough processes and increments that a
  missing lock is caught in practice (``v.value += 1`` without ``get_lock()``, at the
  grader's 4 x 100,000, came up short in 219 of 220 runs here, see the README). The
  increments ran in the processes the call started: it started exactly ``processes`` of them; the total it
  returned is held by a shared value it created (every ``sharedctypes`` allocation in
  the parent is recorded); the parent's own CPU stayed under 40 % of what the
  increments cost in one process (measured first); and the started processes' CPU,
  sampled while the call ran, is where the work was. A call whose processes all wait
  without CPU for 3 s is stopped as blocked (a lock held by the parent).
- ``unlocked_total`` never exceeds the exact total (lost updates only lose) and runs in
  the same way; how much it loses is luck, so it is not graded.
- ``square_in_shared_memory``: squares exact; the writer pid of every element is a
  process the call started, at least two of them, each owning one contiguous slice; for
  a million values (8 MB) nothing handed to a worker or received from one (a
  ``Process``'s target and arguments, any message through a pipe or queue) is larger
  than 64 KiB, so the data was shared, not pickled; every shared-memory block the call
  created, in any process, is unlinked afterwards, also when a worker fails.
- How a worker is made to fail: the grader changes ``SharedMemory`` so that the first
  worker to attach to a block by name gets ``FileNotFoundError``, as if the block were
  gone (``katas/_kit/tasks/q10.py``; it reaches spawn and forkserver children through the
  ``Process`` objects they unpickle). The same change records the name of every block
  created, so the check for blocks left behind looks at exactly those, not at other
  programs' blocks in ``/dev/shm``.
- Bad ``processes`` / ``increments`` are rejected before any process starts.
Every test runs under each start method (see the test id).
"""

from __future__ import annotations

import math
import numbers
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import multiprocessing
import multiprocessing.connection
import multiprocessing.process
import multiprocessing.resource_tracker
import multiprocessing.shared_memory
import multiprocessing.sharedctypes
import time
import numpy as np
import pytest

from katas._kit import attribution, processes
from katas._kit.attribution import CpuReport
from katas._kit.grading import assert_rejects_bad_count, grades
from katas._kit.processes import Recorder
from katas._kit.tasks import q10 as tasks

pytestmark = grades("q10", "shared_state")

#: The setting that catches a missing lock: 4 processes x at least 100,000 increments, twice.
LOCKED_PROCESSES = 4
LOCKED_INCREMENTS = 100_000
LOCKED_RUNS = 2
UNLOCKED_PROCESSES = 2
UNLOCKED_INCREMENTS = 600_000
#: CPU seconds of increments each worker gets at least, on any machine, as one process
#: alone would spend them: past what starting a process costs (about 0.1 s under spawn
#: here), so the CPU sampling tells a worker that counted from one that only started.
#: Locked increments cost each of 4 contending workers several times that.
UNLOCKED_WORK_PER_PROCESS = 0.15
LOCKED_WORK_PER_PROCESS = 0.05
#: A call whose started processes all stay alive without using any CPU this long is stuck.
STUCK_SECONDS = 3.0
#: The parent's own CPU during a counting call, past starting its processes, may be at
#: most this share of what the same increments cost when one process does them all.
PARENT_SHARE = 0.4
#: For a million values (8 MB), nothing sent to or received from a worker may exceed this.
MILLION = 1_000_000
LARGEST_MESSAGE = 64 * 1024

SharedMemory = multiprocessing.shared_memory.SharedMemory


@pytest.fixture
def shared_state(kata: ModuleType) -> ModuleType:
    return kata


# --- Shared-memory blocks: which were created, which are left ------------------------


def block_exists(name: str) -> bool:
    shm = Path("/dev/shm")
    if shm.is_dir():
        return (shm / name.lstrip("/")).exists()
    try:  # macOS: no /dev/shm; attach without letting the resource tracker adopt it
        block = SharedMemory(name=name)
    except FileNotFoundError:
        return False
    multiprocessing.resource_tracker.unregister(block._name, "shared_memory")  # type: ignore[attr-defined]
    block.close()
    return True


@dataclass
class Blocks:
    """The blocks a call created (in any process), read from the watch's records."""

    directory: Path

    def created(self) -> list[str]:
        return tasks.created_blocks(str(self.directory))

    def left_behind(self) -> list[str]:
        return [name for name in dict.fromkeys(self.created()) if block_exists(name)]

    def failed_worker(self) -> int | None:
        return tasks.failed_worker(str(self.directory))

    def assert_none_left(self, what: str) -> None:
        left = self.left_behind()
        assert not left, (
            f"{what} left {len(left)} shared-memory block(s) behind: {left}. Every block "
            "you create needs close() and unlink() (close() only detaches this process; "
            "unlink() removes the block), on every path: put them in a finally"
        )


@pytest.fixture
def watch_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start_method: str | None
) -> Iterator[Callable[..., Blocks]]:
    """``watch_blocks(fail_one_attach=False)`` installs the watch in this process and
    in every process started afterwards (see katas/_kit/tasks/q10.py)."""
    installed: list[Blocks] = []
    original = SharedMemory.__init__

    def install(fail_one_attach: bool = False) -> Blocks:
        directory = tmp_path / f"blocks-{len(installed)}"
        directory.mkdir()
        watch = tasks.BlockWatch(str(directory), os.getpid(), fail_one_attach)
        monkeypatch.setattr(SharedMemory, "__init__", tasks.watched_init(watch, original))
        config: dict[str, Any] = multiprocessing.process.current_process()._config  # type: ignore[attr-defined]
        monkeypatch.setitem(config, tasks.CONFIG_KEY, watch)
        installed.append(Blocks(directory))
        return installed[-1]

    yield install
    for blocks in installed:  # remove what a wrong answer left, so it cannot pile up
        for name in blocks.left_behind():
            try:
                block = SharedMemory(name=name)
                block.close()
                block.unlink()
            except OSError:
                pass


# --- What travels to and from the workers --------------------------------------------

#: Parts of a Process object that multiprocessing itself sends (not the caller's data).
_PROCESS_INTERNALS = {"_config", "_parent_pid", "_parent_name", "_popen", "_closed", "_identity", "_name"}


def sent_size(obj: object) -> int:
    """Bytes ``obj`` pickles to; for what cannot be pickled outside a process start
    (queues and locks under fork), an estimate that counts the data it holds."""
    try:
        return len(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - any failure means: estimate instead
        return _estimate(obj, set(), 0)


def _estimate(obj: object, seen: set[int], depth: int) -> int:
    if id(obj) in seen or depth > 8:
        return 0
    seen.add(id(obj))
    if isinstance(obj, SharedMemory):
        return len(obj.name)  # a handle, not its contents
    if isinstance(obj, np.ndarray):
        return int(obj.nbytes)
    if isinstance(obj, memoryview):
        return obj.nbytes
    if isinstance(obj, (bytes, bytearray, str)):
        return len(obj)
    if isinstance(obj, (list, tuple, set, frozenset)):
        return 8 + sum(_estimate(item, seen, depth + 1) for item in obj)
    if isinstance(obj, dict):
        return 8 + sum(_estimate(k, seen, depth + 1) + _estimate(v, seen, depth + 1) for k, v in obj.items())
    try:
        return len(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001
        pass
    attributes = getattr(obj, "__dict__", None)
    if isinstance(attributes, dict):
        return _estimate(attributes, seen, depth + 1)
    return sys.getsizeof(obj)


@dataclass
class Traffic:
    """The largest payloads that went to and came from worker processes during a call."""

    process_payloads: list[tuple[str, int]] = field(default_factory=list)
    largest_sent: int = 0
    largest_received: int = 0

    def assert_small(self, what: str, data_bytes: int) -> None:
        limit = LARGEST_MESSAGE
        for name, size in self.process_payloads:
            assert size <= limit, (
                f"{what}: the target and arguments of worker {name} come to {size:,} bytes "
                f"when pickled (the data is {data_bytes:,} bytes; at most {limit:,} allowed): "
                "the data went to the worker instead of being shared. Give each worker only "
                "the two block names and its slice bounds; it attaches with "
                "SharedMemory(name=...) and views the block as a numpy array"
            )
        assert self.largest_sent <= limit, (
            f"{what}: a message of {self.largest_sent:,} bytes went to a worker through a "
            f"pipe or queue (the data is {data_bytes:,} bytes; at most {limit:,} allowed): "
            "send block names and slice bounds, not values"
        )
        assert self.largest_received <= limit, (
            f"{what}: a message of {self.largest_received:,} bytes came back from a worker "
            f"through a pipe or queue (at most {limit:,} allowed): the workers square their "
            "slice in place in the shared block; nothing but small status needs to travel back"
        )


@pytest.fixture
def traffic(monkeypatch: pytest.MonkeyPatch, start_method: str | None) -> Traffic:
    """Records, in this process only, what every started ``Process`` carries and the size
    of every message sent or received through a multiprocessing pipe or queue."""
    seen = Traffic()
    me = os.getpid()
    connection = multiprocessing.connection.Connection
    send_bytes, recv_bytes = connection._send_bytes, connection._recv_bytes  # type: ignore[attr-defined]
    start = multiprocessing.process.BaseProcess.start

    def recording_send(self: Any, buf: Any) -> None:
        if os.getpid() == me:
            seen.largest_sent = max(seen.largest_sent, memoryview(buf).nbytes)
        send_bytes(self, buf)

    def recording_recv(self: Any, maxsize: int | None = None) -> Any:
        received = recv_bytes(self, maxsize)
        if os.getpid() == me:
            seen.largest_received = max(seen.largest_received, received.getbuffer().nbytes)
        return received

    def recording_start(self: multiprocessing.process.BaseProcess) -> None:
        # start() drops _target, _args and _kwargs once the child runs: measure first.
        if os.getpid() == me:
            carried = {k: v for k, v in vars(self).items() if k not in _PROCESS_INTERNALS}
            seen.process_payloads.append((self.name, sent_size(carried)))
        start(self)

    monkeypatch.setattr(connection, "_send_bytes", recording_send)
    monkeypatch.setattr(connection, "_recv_bytes", recording_recv)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", recording_start)
    return seen


# --- Shared values: which the call created -------------------------------------------


@dataclass
class SharedValues:
    """The ctypes objects allocated in shared memory in this process (``Value``,
    ``RawValue``, ``Array``, ``RawArray`` all allocate through ``sharedctypes._new_value``,
    however they were imported)."""

    created: list[Any] = field(default_factory=list)

    def numbers(self) -> list[int]:
        found: list[object] = []
        for obj in self.created:
            try:
                found.extend([obj.value] if hasattr(obj, "value") else list(obj))
            except Exception:  # noqa: BLE001 - a structure or a string: not a counter
                continue
        return [n for n in found if isinstance(n, int) and not isinstance(n, bool)]


@pytest.fixture
def shared_values(monkeypatch: pytest.MonkeyPatch, start_method: str | None) -> SharedValues:
    seen = SharedValues()
    me = os.getpid()
    new_value = multiprocessing.sharedctypes._new_value  # type: ignore[attr-defined]

    def recording_new_value(type_: Any) -> Any:
        obj = new_value(type_)
        if os.getpid() == me:
            seen.created.append(obj)
        return obj

    monkeypatch.setattr(multiprocessing.sharedctypes, "_new_value", recording_new_value)
    return seen


_PER_INCREMENT: dict[bool, float] = {}
_CALIBRATION_INCREMENTS = 20_000


def cpu_per_increment(locked: bool) -> float:
    """CPU seconds this process takes per increment, on a ``Value`` with its lock or on
    a ``RawValue``: the best of three runs (a first run pays for cold caches), measured
    once per grading run."""
    if locked not in _PER_INCREMENT:
        counter: Any = multiprocessing.Value("q", 0) if locked else multiprocessing.RawValue("q", 0)
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            if locked:
                lock = counter.get_lock()
                for _ in range(_CALIBRATION_INCREMENTS):
                    with lock:
                        counter.value += 1
            else:
                for _ in range(_CALIBRATION_INCREMENTS):
                    counter.value += 1
            best = min(best, time.process_time() - started)
        _PER_INCREMENT[locked] = max(best, 1e-6) / _CALIBRATION_INCREMENTS
    return _PER_INCREMENT[locked]


def increments_for(locked: bool, at_least: int, cpu_watch: Any, processes_wanted: int) -> int:
    """Increments per process: ``at_least``, or more where that costs less CPU than the
    work per process set above (a fast machine, or no coverage slowing this one), or
    than twice what starting a worker costs (forkserver children under coverage: 0.19 s)."""
    seconds = LOCKED_WORK_PER_PROCESS if locked else UNLOCKED_WORK_PER_PROCESS
    total: float = cpu_watch.work_seconds(seconds * processes_wanted, processes_wanted, per_startup=2)
    return max(at_least, math.ceil(total / processes_wanted / cpu_per_increment(locked)))


def serial_cpu(locked: bool, total: int) -> float:
    """CPU seconds this process would take to do all ``total`` increments itself."""
    return cpu_per_increment(locked) * total


# --- Checks shared by the tests ----------------------------------------------------------


#: Stop a call whose started processes have all been alive, using no CPU at all, for
#: STUCK_SECONDS: they are waiting for something that will not come.
_STUCK = attribution.AllBlocked(
    STUCK_SECONDS,
    "stopped after all {processes} started processes had waited {seconds:.0f} s "
    "without using any CPU: they are blocked. Is the lock held by the parent while it "
    "waits for the workers? Each worker takes the lock itself, around each increment; "
    "the parent only starts and joins them",
)


def _count_in_processes(
    call: Callable[[], object],
    what: str,
    processes_wanted: int,
    serial: float,
    guard: Recorder,
    cpu_watch: Any,
    shared_values: SharedValues,
) -> tuple[int, CpuReport]:
    """Run ``call``; check it started exactly ``processes_wanted`` processes, that the
    parent did not count, and that the total it returned is what a shared value holds.
    (Which processes counted is checked after the total: a wrong total teaches more.)"""
    with cpu_watch(fail_fast=_STUCK) as report:
        before = len(guard.launches)
        shared_values.created.clear()
        got = call()
        started = len(guard.launches) - before
    assert isinstance(got, int) and not isinstance(got, bool), (
        f"{what} returned {got!r} ({type(got).__name__}), expected an int: return counter.value"
    )
    total: int = got
    assert started == processes_wanted, (
        f"{what} started {started} process(es), expected {processes_wanted}: start one "
        "Process per worker, each adding to the shared value (threads are not processes)"
    )
    held = shared_values.numbers()
    assert held, (
        f"{what} created no multiprocessing.Value or RawValue in this process: create the "
        "shared counter in the parent and pass it to every worker"
    )
    assert total in held, (
        f"{what} returned {total}, but no shared value that the call created holds that "
        f"number (they hold {held[:4]}): return the counter's value after joining the "
        "workers, not the number you expect"
    )
    assert report.parent_extra <= PARENT_SHARE * serial, (
        f"{what}: the parent itself used {report.parent_cpu:.2f} s of CPU during the call, "
        f"{report.parent_extra / serial:.0%} of what all the increments take when one "
        f"process does them ({serial:.2f} s here; at most {PARENT_SHARE:.0%} allowed): the "
        "counting ran in this process. The workers count; the parent only starts and joins "
        f"them. [{report.describe()}]"
    )
    return total, report


def _check_workers_counted(report: CpuReport, what: str, processes_wanted: int) -> None:
    attribution.assert_most_cpu_in_started_processes(report, what)
    attribution.assert_worker_count(report, processes_wanted, what)


def _check_writers(
    writers: object, length: int, processes_wanted: int, started: set[int], what: str
) -> None:
    assert isinstance(writers, list), (
        f"{what}: the writer pids are a {type(writers).__name__}, expected a list (.tolist())"
    )
    assert len(writers) == length, f"{what}: {len(writers)} writer pids for {length} values"
    if not all(type(w) is int for w in writers):  # fast path first: a million checks
        odd = [w for w in writers if isinstance(w, bool) or not isinstance(w, numbers.Integral)]
        assert not odd, f"{what}: writer pids must be ints, found {odd[0]!r}"
    pids = np.array([int(w) for w in writers], dtype=np.int64)
    me = os.getpid()
    from_parent = int(np.count_nonzero(pids == me))
    assert not from_parent, (
        f"{what}: the parent's pid was written for {from_parent} element(s): each "
        "worker writes its own os.getpid() for the elements of its slice"
    )
    distinct = {int(pid) for pid in np.unique(pids)}
    unknown = sorted(distinct - started)
    assert not unknown, (
        f"{what}: writer pids {unknown[:5]} are not processes this call started (started: "
        f"{sorted(started)}); 0 means no worker wrote that element: every element needs its "
        "worker's os.getpid()"
    )
    wanted = min(2, processes_wanted, length)
    assert len(distinct) >= wanted, (
        f"{what}: all {length} elements were written by {len(distinct)} worker(s), expected "
        f"at least {wanted}: give each of the processes one slice"
    )
    assert len(distinct) <= processes_wanted, (
        f"{what}: {len(distinct)} different workers wrote, for processes={processes_wanted}"
    )
    for pid in sorted(distinct):
        where = np.flatnonzero(pids == pid)
        first, last = int(where[0]), int(where[-1])
        assert last - first + 1 == len(where), (
            f"{what}: worker {pid} wrote elements {first} to {last} but not all of "
            "those: each worker owns one contiguous slice [start, stop)"
        )


def _check_squares(squares: object, expected: list[float], what: str) -> None:
    assert isinstance(squares, list), (
        f"{what}: the squares are a {type(squares).__name__}, expected a list (.tolist())"
    )
    assert len(squares) == len(expected), f"{what}: {len(squares)} squares for {len(expected)} values"
    if squares != expected:
        index = next(i for i, (got, want) in enumerate(zip(squares, expected)) if got != want)
        raise AssertionError(
            f"{what}: element {index} is {squares[index]!r}, expected {expected[index]!r} "
            "(each element squared exactly once, by the worker that owns its slice)"
        )


def _square(
    shared_state: ModuleType, values: list[float], processes_wanted: int, guard: Recorder
) -> tuple[str, list[float], list[int], set[int]]:
    private = np.array(values, dtype=np.float64)  # a private copy, before the call
    expected: list[float] = (private * private).tolist()
    what = f"square_in_shared_memory({len(values)} values, processes={processes_wanted})"
    before = len(guard.launches)
    result = shared_state.square_in_shared_memory(values, processes=processes_wanted)
    started = {launch.pid for launch in guard.launches[before:]}
    assert isinstance(result, tuple) and len(result) == 2, (
        f"{what} returned {type(result).__name__}, expected a tuple (squares, writer pids)"
    )
    squares, writers = result
    _check_squares(squares, expected, what)
    _check_writers(writers, len(values), processes_wanted, started, what)
    assert len(started) <= processes_wanted, (
        f"{what} started {len(started)} processes, expected at most {processes_wanted}"
    )
    return what, squares, writers, started


# --- locked_total and unlocked_total -------------------------------------------------


def test_locked_total_is_exact_in_every_run_and_counted_by_the_started_processes(
    shared_state: ModuleType, guard: Recorder, cpu_watch: Any, shared_values: SharedValues
) -> None:
    processes_wanted = LOCKED_PROCESSES
    increments = increments_for(True, LOCKED_INCREMENTS, cpu_watch, processes_wanted)
    exact = processes_wanted * increments
    what = f"locked_total(processes={processes_wanted}, increments={increments})"
    serial = serial_cpu(locked=True, total=exact)
    for run in range(1, LOCKED_RUNS + 1):
        got, report = _count_in_processes(
            lambda: shared_state.locked_total(processes=processes_wanted, increments=increments),
            what, processes_wanted, serial, guard, cpu_watch, shared_values,
        )
        assert got <= exact, (
            f"{what} returned {got} in run {run}, more than the exact total {exact}: each "
            "process adds 1 exactly `increments` times, to one shared Value starting at 0"
        )
        assert got == exact, (
            f"{what} returned {got} in run {run} of {LOCKED_RUNS}, expected {exact}: "
            f"{exact - got} updates were lost. `counter.value += 1` is a read and then a "
            "write, and a synchronized Value takes its lock separately for each, so two "
            "processes can read the same value. Hold one lock, shared by every worker, "
            "across both: `with counter.get_lock(): counter.value += 1`, in each worker"
        )
        _check_workers_counted(report, what, processes_wanted)


def test_locked_total_with_one_process_or_no_increments(
    shared_state: ModuleType, guard: Recorder
) -> None:
    assert shared_state.locked_total(processes=1, increments=1_000) == 1_000
    assert shared_state.locked_total(processes=2, increments=0) == 0


def test_unlocked_total_never_exceeds_the_exact_total_and_runs_in_the_started_processes(
    shared_state: ModuleType, guard: Recorder, cpu_watch: Any, shared_values: SharedValues
) -> None:
    processes_wanted = UNLOCKED_PROCESSES
    increments = increments_for(False, UNLOCKED_INCREMENTS, cpu_watch, processes_wanted)
    exact = processes_wanted * increments
    what = f"unlocked_total(processes={processes_wanted}, increments={increments})"
    serial = serial_cpu(locked=False, total=exact)
    got, report = _count_in_processes(
        lambda: shared_state.unlocked_total(processes=processes_wanted, increments=increments),
        what, processes_wanted, serial, guard, cpu_watch, shared_values,
    )
    _check_workers_counted(report, what, processes_wanted)
    assert got != 0, (
        f"{what} returned 0: none of the increments reached the parent. A global variable, "
        "or a plain int passed as an argument, is copied into each process, so each worker "
        "changes its own copy: share one multiprocessing.RawValue and return its value"
    )
    assert 1 <= got <= exact, (
        f"{what} returned {got}: lost updates can only lose, so the result is between 1 "
        f"and the exact total {exact}. Each process adds 1 `increments` times to one "
        "RawValue starting at 0"
    )


@pytest.mark.parametrize("function", ["locked_total", "unlocked_total"])
def test_bad_processes_is_rejected_before_any_process_starts(
    shared_state: ModuleType, guard: Recorder, function: str
) -> None:
    call = getattr(shared_state, function)
    assert_rejects_bad_count(lambda bad: call(processes=bad, increments=10), "processes", guard)


BAD_INCREMENTS: list[tuple[object, type[Exception]]] = [
    (True, TypeError),
    (2.5, TypeError),
    ("10", TypeError),
    (None, TypeError),
    (-1, ValueError),
]


@pytest.mark.parametrize("function", ["locked_total", "unlocked_total"])
def test_bad_increments_is_rejected_before_any_process_starts(
    shared_state: ModuleType, guard: Recorder, function: str
) -> None:
    call = getattr(shared_state, function)
    assert_rejects_bad_count(
        lambda bad: call(processes=2, increments=bad), "increments", guard, BAD_INCREMENTS,
        hint=" (an int, not a bool, of at least 0)",
    )


# --- square_in_shared_memory ---------------------------------------------------------


def test_squares_are_exact_and_each_worker_writes_its_pid_over_one_slice(
    shared_state: ModuleType, guard: Recorder, watch_blocks: Callable[..., Blocks]
) -> None:
    blocks = watch_blocks()
    values = [(i - 500) * 0.25 for i in range(1_000)] + [1e10, -3e-5, float("inf"), 7.0, -1.0, 0.5]
    what, *_ = _square(shared_state, values, 3, guard)
    assert blocks.created(), (
        f"{what} created no SharedMemory block: copy the values into one "
        "(multiprocessing.shared_memory.SharedMemory(create=True, size=...))"
    )
    blocks.assert_none_left(what)


def test_fewer_values_than_processes_need_at_most_one_worker_per_value(
    shared_state: ModuleType, guard: Recorder, watch_blocks: Callable[..., Blocks]
) -> None:
    blocks = watch_blocks()
    for values, processes_wanted in [([3.0], 2), ([1.5, -2.0], 3)]:
        what, _, writers, _ = _square(shared_state, values, processes_wanted, guard)
        assert len(set(writers)) <= len(values), (
            f"{what}: {len(set(writers))} workers wrote {len(values)} values"
        )
        blocks.assert_none_left(what)


@pytest.mark.timeout(40)
def test_a_million_values_are_shared_by_name_not_pickled_to_the_workers(
    shared_state: ModuleType,
    guard: Recorder,
    watch_blocks: Callable[..., Blocks],
    traffic: Traffic,
) -> None:
    blocks = watch_blocks()
    values: list[float] = ((np.arange(MILLION) % 2001 - 1000) / 8).tolist()
    what, *_ = _square(shared_state, values, 2, guard)
    traffic.assert_small(what, MILLION * 8)
    blocks.assert_none_left(what)


def test_empty_input_gives_two_empty_lists(
    shared_state: ModuleType, watch_blocks: Callable[..., Blocks]
) -> None:
    blocks = watch_blocks()
    assert shared_state.square_in_shared_memory([], processes=2) == ([], [])
    blocks.assert_none_left("square_in_shared_memory([])")


def test_a_worker_that_fails_makes_the_call_raise_and_leaves_no_block_behind(
    shared_state: ModuleType, guard: Recorder, watch_blocks: Callable[..., Blocks]
) -> None:
    blocks = watch_blocks(fail_one_attach=True)
    values = [float(i) for i in range(10_000)]
    what = "square_in_shared_memory(10000 values, processes=2) with one worker failing"
    before = len(guard.launches)
    try:
        shared_state.square_in_shared_memory(values, processes=2)
    except NotImplementedError:
        raise
    except Exception as error:  # noqa: BLE001 - judged below
        caught: Exception | None = error
    else:
        caught = None
    failed = blocks.failed_worker()
    assert failed is not None, (
        f"{what}: no worker attached to a shared block by name, so the grader could not "
        "make one fail: each worker attaches with SharedMemory(name=...)"
    )
    assert caught is not None, (
        f"{what}: worker pid {failed} raised FileNotFoundError ({tasks.FAILURE_MESSAGE}), "
        "but the call returned normally. Check each worker's exitcode after join() and "
        "raise (a RuntimeError naming the worker) when it is not 0"
    )
    started = guard.launches[before:]
    names = [p.name for p in guard.started if p.pid in {launch.pid for launch in started}]
    text = f"{type(caught).__name__}: {caught}"
    own = isinstance(caught, FileNotFoundError) and tasks.FAILURE_MESSAGE in str(caught)
    named = isinstance(caught, RuntimeError) and (
        any(str(launch.pid) in str(caught) for launch in started)
        or any(name in str(caught) for name in names)
    )
    assert own or named, (
        f"{what} raised {text}; expected the worker's own FileNotFoundError, or a "
        "RuntimeError that names the failed worker (its name or pid)"
    )
    blocks.assert_none_left(what)


def test_a_value_that_is_not_a_number_raises_and_leaves_no_block_behind(
    shared_state: ModuleType, watch_blocks: Callable[..., Blocks]
) -> None:
    blocks = watch_blocks()
    with pytest.raises((ValueError, TypeError)):
        shared_state.square_in_shared_memory([1.0, 2.0, "three", 4.0], processes=2)
    blocks.assert_none_left("square_in_shared_memory([1.0, 2.0, 'three', 4.0])")


def test_bad_processes_for_square_in_shared_memory_is_rejected_before_any_process_starts(
    shared_state: ModuleType, guard: Recorder, watch_blocks: Callable[..., Blocks]
) -> None:
    blocks = watch_blocks()
    assert_rejects_bad_count(
        lambda bad: shared_state.square_in_shared_memory([1.0, 2.0], processes=bad), "processes", guard
    )
    blocks.assert_none_left("square_in_shared_memory with a bad processes")
