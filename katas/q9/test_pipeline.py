"""Grader for q9: a task queue and a result queue with sentinels, and a ping-pong pipe.

What it proves, and how:
- ``map_with_queues``: the results, in input order also when workers finish out of
  order (item 0 waits until item 1 is done); every item handled once, by one of
  exactly ``workers`` processes the call started (the grader's function records the
  pid of every call); each worker ended on its own with exit code 0 and was joined
  (exit codes read without reaping, ``terminate()``/``kill()`` of a live worker
  spied on); a worker's exception re-raised with its type and message, nothing left
  running; 1 MiB results, more items than workers, finish in time: a call that
  joins before it drains deadlocks, and the grader says so instead of waiting for
  the kit's timeout.
- ``ping_pong``: the log, the child's pid in every pong, and, from the parent's side
  of the pipe (its ``Connection`` objects are spied on), that every pong arrived
  over the pipe after its ping and before the next one, and that every end the
  parent made is closed.

Calls run with a deadline (an alarm from the kit's watchdog process, never a thread
beside the call), so a hang fails in seconds with a message that names its likely
cause; the kit then kills what the call started. Every test runs under each start
method.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import multiprocessing.process
import os
import pickle
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from katas._kit import processes, watchdog
from katas._kit.attribution import CallLog, assert_calls_ran_in_started_processes
from katas._kit.grading import assert_rejects_bad_count, assert_rejects_value, grades
from katas._kit.processes import Recorder
from katas._kit.tasks import q9 as tasks

pytestmark = grades("q9", "pipeline")

#: Longest a single call may take before the grader calls it hung. Correct answers
#: take well under a second here, even under spawn on a busy machine.
DEADLINE = 8.0
MESSAGE = re.compile(r"p[io]ng\b.*", re.DOTALL)
PING = re.compile(r"ping (\d+)")
PONG = re.compile(r"pong (\d+) from (\d+)")
#: Before each ping after the first, the grader waits this long for a pong that must
#: not come yet (a child that answers before it reads the ping).
EARLY_PONG_WAIT = 0.02


@pytest.fixture
def pipeline(kata: ModuleType) -> ModuleType:
    return kata


# --- running a call with a deadline ---------------------------------------------------


class Clock:
    """How long a call of this test may still take: ``DEADLINE``, or less when the
    test's own timeout (``-o grader_timeout=...``, a ``timeout`` mark) comes first."""

    def __init__(self, test_timeout: float) -> None:
        self._ends = time.monotonic() + test_timeout

    def allowance(self) -> float:
        return max(0.5, min(DEADLINE, self._ends - time.monotonic() - 2.0))


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> Clock:
    marker = request.node.get_closest_marker("timeout")
    limit = float(marker.args[0]) if marker is not None and marker.args else 20.0
    return Clock(limit)


def run_with_deadline(call: Callable[[], Any], seconds: float, hung: Callable[[], str]) -> Any:
    """``call()``, failed with ``hung()`` if it has not returned within ``seconds``.

    The kit's watchdog process interrupts the call then (``watchdog.Alarm``), and again
    every second while it goes on; no thread of the grader runs beside it, so a fork
    the call makes is as safe as the call makes it. The kit then kills what the call
    started."""
    alarm = watchdog.Alarm(seconds)
    value = None
    try:
        with alarm:
            value = call()
    except BaseException:
        if not alarm.fired:
            raise
    if alarm.fired:  # also where the code under test caught the alarm and went on
        pytest.fail(f"Timeout after {seconds:.0f} s: {hung()}", pytrace=False)
    return value


def _alive(guard: Recorder) -> list[int]:
    return sorted(pid for pid in guard.started_pids if processes.is_running(pid))


def hung_map(guard: Recorder, calls: CallLog, items: int, what: str) -> Callable[[], str]:
    def message() -> str:
        done = len(calls.calls())
        return (
            f"map_with_queues {what} had not returned ({done} of {items} "
            f"items computed; {len(_alive(guard))} of {len(guard.started_pids)} started "
            "processes still running). A worker that waits for another task never got its "
            "sentinel: put one sentinel per worker on the task queue after the items, and "
            "return from the worker loop when you get one. Then get exactly one result per "
            "item, and join the workers last."
        )

    return message


# --- watching how the workers end -----------------------------------------------------


@dataclass
class Endings:
    """Exit codes of closed ``Process`` objects, and terminate()/kill() of live ones."""

    parent: int = field(default_factory=os.getpid)
    closed: dict[int, int | None] = field(default_factory=dict)
    stopped_alive: list[tuple[str, int | None]] = field(default_factory=list)

    def code_of(self, proc: multiprocessing.process.BaseProcess) -> int | None:
        """The exit code if the process has been reaped (joined), without reaping it."""
        if processes.is_closed(proc):
            return self.closed.get(id(proc))
        popen = getattr(proc, "_popen", None)
        return None if popen is None else popen.returncode


@pytest.fixture
def endings(monkeypatch: pytest.MonkeyPatch) -> Endings:
    seen = Endings()
    base = multiprocessing.process.BaseProcess
    original_close, original_terminate, original_kill = base.close, base.terminate, base.kill

    def close(self: multiprocessing.process.BaseProcess) -> None:
        if os.getpid() == seen.parent and not processes.is_closed(self):
            popen = getattr(self, "_popen", None)
            seen.closed[id(self)] = None if popen is None else self.exitcode
        original_close(self)

    def stopper(name: str, original: Callable[[Any], None]) -> Callable[[Any], None]:
        def stop(self: multiprocessing.process.BaseProcess) -> None:
            popen = getattr(self, "_popen", None)
            if (
                os.getpid() == seen.parent
                and popen is not None
                and popen.returncode is None
                and self.pid is not None
                and processes.is_running(self.pid)
            ):
                seen.stopped_alive.append((name, self.pid))
            original(self)

        return stop

    monkeypatch.setattr(base, "close", close)
    monkeypatch.setattr(base, "terminate", stopper("terminate", original_terminate))
    monkeypatch.setattr(base, "kill", stopper("kill", original_kill))
    return seen


def assert_workers_ended_on_their_own(guard: Recorder, endings: Endings) -> None:
    if endings.stopped_alive:
        name, pid = endings.stopped_alive[0]
        raise AssertionError(
            f"{name}() was called on worker pid {pid} while it was still running, on the "
            "normal path: each worker should end on its own. Put one sentinel per worker "
            "after the items; a worker returns from its loop when it gets one. Keep "
            "terminate() for the error path."
        )
    for proc in guard.started:
        code = endings.code_of(proc)
        if code is None:
            raise AssertionError(
                f"worker pid {proc.pid} had not been joined when map_with_queues returned: "
                "join() every worker after you have read all the results"
            )
        if code != 0:
            raise AssertionError(
                f"worker pid {proc.pid} ended with exit code {code}, expected 0: each worker "
                "should return from its loop when it gets its sentinel (a negative code is "
                "the signal that killed it)"
            )


def assert_exactly_workers_started(guard: Recorder, workers: int) -> None:
    assert not guard.pool_settings and not list(guard.executors), (
        "map_with_queues used a Pool or an executor: this kata is the plumbing they hide. "
        "Start `workers` multiprocessing.Process objects yourself and feed them through a Queue"
    )
    started = len(guard.launches)
    assert started == workers, (
        f"map_with_queues started {started} process(es) for workers={workers}: start exactly "
        f"`workers` processes with multiprocessing.Process (a Pool, or a Manager, whose "
        "server is one more process, is not the exercise; multiprocessing.Queue needs no "
        "process of its own: its feeder is a thread)"
    )


def assert_each_item_handled_once(calls: CallLog, guard: Recorder, items: list[int]) -> None:
    recorded = calls.calls()
    assert_calls_ran_in_started_processes(recorded, guard, "map_with_queues", expected=len(items))
    handled = sorted(call.args for call in recorded)
    assert handled == sorted(repr(item) for item in items), (
        f"items handled: {handled}; expected each of {items} exactly once"
    )


# --- map_with_queues ------------------------------------------------------------------


def test_map_with_queues_returns_results_in_input_order(
    pipeline: ModuleType, guard: Recorder, calls: CallLog, clock: Clock
) -> None:
    items = list(range(-4, 16))
    expected = [x * x for x in items]
    got = run_with_deadline(
        lambda: pipeline.map_with_queues(calls.wrap(tasks.square), iter(items), workers=3),
        clock.allowance(),
        hung_map(guard, calls, len(items), "of 20 squares on 3 workers"),
    )
    assert got == expected, f"map_with_queues returned {got!r}; expected {expected!r}"
    assert_each_item_handled_once(calls, guard, items)


def test_results_are_put_back_in_input_order_when_workers_finish_out_of_order(
    pipeline: ModuleType, guard: Recorder, calls: CallLog, clock: Clock, tmp_path: Path
) -> None:
    items = list(range(6))
    func = calls.wrap(tasks.FinishOutOfOrder(str(tmp_path)))
    got = run_with_deadline(
        lambda: pipeline.map_with_queues(func, items, workers=2),
        clock.allowance(),
        hung_map(guard, calls, len(items), "on 2 workers"),
    )
    finished = [c.args for c in sorted(calls.calls(), key=lambda c: c.ended)]
    assert got == [x * x for x in items], (
        f"returned {got!r}; expected {[x * x for x in items]!r}. The workers finished the "
        f"items in the order {finished}: results arrive in the order workers finish them, "
        "so send each with its index ((index, result)) and put it back in its place"
    )


@pytest.mark.parametrize(("workers", "count"), [(1, 5), (4, 9)], ids=["1-worker", "4-workers"])
def test_every_item_is_handled_once_by_one_of_exactly_workers_started_processes(
    pipeline: ModuleType, guard: Recorder, calls: CallLog, clock: Clock, workers: int, count: int
) -> None:
    items = list(range(100, 100 + count))
    got = run_with_deadline(
        lambda: pipeline.map_with_queues(calls.wrap(tasks.square), items, workers=workers),
        clock.allowance(),
        hung_map(guard, calls, count, f"of {count} squares on {workers} worker(s)"),
    )
    assert got == [x * x for x in items], f"map_with_queues returned {got!r}"
    assert_each_item_handled_once(calls, guard, items)
    assert_exactly_workers_started(guard, workers)


def test_each_worker_ends_on_its_own_with_exit_code_0_and_is_joined(
    pipeline: ModuleType, guard: Recorder, calls: CallLog, clock: Clock, endings: Endings
) -> None:
    items = list(range(8))
    got = run_with_deadline(
        lambda: pipeline.map_with_queues(calls.wrap(tasks.square), items, workers=3),
        clock.allowance(),
        hung_map(guard, calls, len(items), "of 8 squares on 3 workers"),
    )
    assert got == [x * x for x in items], f"map_with_queues returned {got!r}"
    assert_exactly_workers_started(guard, 3)
    assert_workers_ended_on_their_own(guard, endings)


@pytest.mark.timeout(25)
def test_megabyte_results_with_more_items_than_workers_do_not_deadlock(
    pipeline: ModuleType, guard: Recorder, calls: CallLog, clock: Clock, endings: Endings
) -> None:
    small = run_with_deadline(
        lambda: pipeline.map_with_queues(calls.wrap(tasks.square), range(6), workers=2),
        clock.allowance(),
        hung_map(guard, calls, 6, "of 6 small squares on 2 workers"),
    )
    assert small == [x * x for x in range(6)], f"map_with_queues returned {small!r} for small results"
    calls.clear()
    items = list(range(6))

    def deadlocked() -> str:
        done = len(calls.calls())
        return (
            f"the join-before-drain deadlock: map_with_queues returned with small results, but "
            f"with {len(items)} results of 1 MiB each on 2 workers it had not returned "
            f"({done} of {len(items)} items computed; "
            f"{len(_alive(guard))} worker(s) still running). A worker's put() hands the result "
            "to a feeder thread, and the worker cannot exit until the parent has read it from "
            "the pipe, which holds only 64 KiB: a parent that join()s the workers first waits "
            "for a worker that waits for the parent. Get every result from the result queue, "
            "then join the workers."
        )

    got = run_with_deadline(
        lambda: pipeline.map_with_queues(calls.wrap(tasks.megabyte_of), items, workers=2),
        clock.allowance(),
        deadlocked,
    )
    assert isinstance(got, list) and len(got) == len(items), f"returned {len(got)} results for {len(items)} items"
    for item, result in zip(items, got):
        assert result == tasks.megabyte_of(item), (
            f"result {item} is wrong ({type(result).__name__} of length {len(result)}): "
            "expected func(item), 1 MiB of bytes, in input order"
        )
    assert_each_item_handled_once(calls, guard, items)
    assert_workers_ended_on_their_own(guard, endings)


def _expect_rejected(
    call: Callable[[], Any], guard: Recorder, seconds: float, hung: Callable[[], str], expected: str
) -> tasks.Rejected:
    try:
        got = run_with_deadline(call, seconds, hung)
    except tasks.Rejected as error:
        running = _alive(guard)
        assert not running, (
            f"worker(s) {running} still running after the error reached the caller: stop "
            "every worker (its sentinel, or terminate() on the error path) and join it "
            "before you raise"
        )
        return error
    except NotImplementedError:
        raise
    except Exception as error:  # noqa: BLE001 - judged here
        raise AssertionError(
            f"raised {type(error).__name__}: {error}; expected the worker's own exception, "
            f"{expected}. Send the exception back to the parent "
            "(exceptions pickle) and raise it there, keeping its type and message"
        ) from error
    raise AssertionError(
        f"returned {got!r} although func raised in a worker: catch the exception in the "
        "worker, send it back on the result queue, and raise it in the parent"
    )


def test_an_error_in_a_worker_reaches_the_caller_with_its_type_and_message(
    pipeline: ModuleType, guard: Recorder, calls: CallLog, clock: Clock
) -> None:
    items = list(range(8))
    error = _expect_rejected(
        lambda: pipeline.map_with_queues(calls.wrap(tasks.RejectOne(3)), items, workers=2),
        guard,
        clock.allowance(),
        hung_map(guard, calls, len(items), "with func raising for item 3"),
        f"Rejected: {tasks.rejection_message(3)}",
    )
    assert type(error) is tasks.Rejected and str(error) == tasks.rejection_message(3), (
        f"raised {type(error).__name__}: {error}; expected Rejected: {tasks.rejection_message(3)}"
    )
    assert_calls_ran_in_started_processes(calls.calls(), guard, "map_with_queues")


def test_when_every_item_fails_the_error_still_reaches_the_caller_and_every_worker_stops(
    pipeline: ModuleType, guard: Recorder, calls: CallLog, clock: Clock
) -> None:
    items = list(range(6))

    def hung() -> str:
        return (
            f"map_with_queues had not returned when func raised for every "
            f"item ({len(calls.calls())} of {len(items)} items tried; {len(_alive(guard))} "
            "started processes still running). After an error a worker should go on to its "
            "next task (or the parent should stop every worker itself), and the parent must "
            "not wait for results that will never come."
        )

    error = _expect_rejected(
        lambda: pipeline.map_with_queues(calls.wrap(tasks.reject), items, workers=3),
        guard,
        clock.allowance(),
        hung,
        "Rejected: item <i> rejected by the grader",
    )
    assert re.fullmatch(r"item \d rejected by the grader", str(error)), (
        f"raised Rejected({str(error)!r}): keep the worker's message"
    )


def test_empty_input_gives_an_empty_list(pipeline: ModuleType, guard: Recorder, calls: CallLog, clock: Clock) -> None:
    got = run_with_deadline(
        lambda: pipeline.map_with_queues(calls.wrap(tasks.square), [], workers=2),
        clock.allowance(),
        hung_map(guard, calls, 0, "of no items"),
    )
    assert got == [], f"map_with_queues of no items returned {got!r}"
    assert len(guard.launches) <= 2, f"{len(guard.launches)} processes started for workers=2"


def test_bad_workers_is_rejected_before_any_process_starts(pipeline: ModuleType, guard: Recorder) -> None:
    assert_rejects_bad_count(lambda bad: pipeline.map_with_queues(tasks.square, [1, 2], workers=bad), "workers", guard)


@pytest.mark.parametrize("func", [None, 42, "square"], ids=["None", "int", "str"])
def test_a_func_that_is_not_callable_is_rejected_before_any_process_starts(
    pipeline: ModuleType, guard: Recorder, func: object
) -> None:
    assert_rejects_value(lambda: pipeline.map_with_queues(func, [1, 2], workers=2), TypeError, "func", guard)


# --- ping_pong ------------------------------------------------------------------------


def _text_of(payload: bytes) -> str | None:
    """What a message on the pipe says: a pickled str (send) or raw text (send_bytes)."""
    try:
        message = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - not a pickle: raw bytes
        message = payload
    if isinstance(message, bytes):
        try:
            return message.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return message if isinstance(message, str) else None


@dataclass
class PipeSpy:
    """The parent's side of every ``Connection``: what it sent and received, in order."""

    parent: int = field(default_factory=os.getpid)
    made: list[multiprocessing.connection.Connection] = field(default_factory=list)
    events: list[tuple[str, str]] = field(default_factory=list)
    receivers: list[Any] = field(default_factory=list)
    #: Pings sent while a pong was already waiting to be read.
    early: list[str] = field(default_factory=list)

    def traffic(self) -> list[tuple[str, str]]:
        return [(op, text) for op, text in self.events if MESSAGE.fullmatch(text)]


@pytest.fixture
def pipe_spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[PipeSpy]:
    spy = PipeSpy()
    connection = multiprocessing.connection
    base: Any = connection._ConnectionBase
    cls: Any = connection.Connection
    original_init, original_send, original_recv = base.__init__, cls._send_bytes, cls._recv_bytes

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        if os.getpid() == spy.parent:
            spy.made.append(self)

    def send_bytes(self: Any, buf: Any) -> None:
        if os.getpid() == spy.parent:
            text = _text_of(bytes(buf))
            if text is not None:
                if PING.fullmatch(text):
                    # A child that waits for each ping sends nothing now, however long
                    # we wait; one that does not will have sent its next pong by then.
                    for conn in spy.receivers:
                        if not conn.closed and conn.readable and conn.poll(EARLY_PONG_WAIT):
                            spy.early.append(text)
                spy.events.append(("send", text))
        original_send(self, buf)

    def recv_bytes(self: Any, *args: Any) -> Any:
        buf = original_recv(self, *args)
        if os.getpid() == spy.parent:
            text = _text_of(buf.getvalue())
            if text is not None:
                spy.events.append(("recv", text))
                if text.startswith("pong") and not any(r is self for r in spy.receivers):
                    spy.receivers.append(self)
        return buf

    monkeypatch.setattr(base, "__init__", init)
    monkeypatch.setattr(cls, "_send_bytes", send_bytes)
    monkeypatch.setattr(cls, "_recv_bytes", recv_bytes)
    yield spy
    spy.receivers.clear()


def _hung_ping_pong(rounds: int) -> Callable[[], str]:
    def message() -> str:
        return (
            f"ping_pong({rounds}) had not returned. Does the child know "
            "when to stop? Send it a stop message after the last ping (or let it count the "
            "rounds). Waiting for end-of-file does not work under fork: the child inherits a "
            "copy of the parent's end, so the pipe never looks closed to it. And does each "
            "side recv() exactly the messages the other sends?"
        )

    return message


def _play(pipeline: ModuleType, rounds: int, clock: Clock) -> list[Any]:
    log = run_with_deadline(lambda: pipeline.ping_pong(rounds), clock.allowance(), _hung_ping_pong(rounds))
    assert isinstance(log, list), f"ping_pong returned {type(log).__name__}, expected a list of str"
    return log


def _the_child(guard: Recorder) -> int:
    assert len(guard.launches) == 1, (
        f"ping_pong started {len(guard.launches)} processes: one child plays pong"
    )
    return guard.launches[0].pid


def _first_difference(got: list[Any], expected: list[Any]) -> str:
    for index, (a, b) in enumerate(zip(got, expected)):
        if a != b:
            return f"entry {index} is {a!r}, expected {b!r}"
    if len(got) < len(expected):
        return f"{len(expected) - len(got)} entries missing after {len(got)}, starting with {expected[len(got)]!r}"
    return f"{len(got) - len(expected)} extra entries after {len(expected)}, starting with {got[len(expected)]!r}"


def test_ping_pong_logs_each_ping_then_its_pong_from_the_child(
    pipeline: ModuleType, guard: Recorder, clock: Clock
) -> None:
    rounds = 5
    log = _play(pipeline, rounds, clock)
    child = _the_child(guard)
    assert child != os.getpid()
    expected = [entry for i in range(rounds) for entry in (f"ping {i}", f"pong {i} from {child}")]
    if log != expected:
        pids = {int(m.group(2)) for entry in log if isinstance(entry, str) and (m := PONG.fullmatch(entry))}
        hint = ""
        if os.getpid() in pids:
            hint = " A pong carries the parent's pid: the child writes its own, os.getpid() in the child."
        elif pids - {child}:
            hint = f" The pongs name pid(s) {sorted(pids - {child})}; the child's pid is {child}."
        raise AssertionError(
            f"ping_pong({rounds}) returned {log!r}: {_first_difference(log, expected)}. Expected "
            f"'ping i' then 'pong i from {child}' for i = 0..{rounds - 1}.{hint}"
        )


def test_every_pong_comes_over_the_pipe_after_its_ping_and_before_the_next(
    pipeline: ModuleType, guard: Recorder, clock: Clock, pipe_spy: PipeSpy
) -> None:
    rounds = 12
    log = _play(pipeline, rounds, clock)
    child = _the_child(guard)
    expected = [
        step for i in range(rounds) for step in (("send", f"ping {i}"), ("recv", f"pong {i} from {child}"))
    ]
    traffic = pipe_spy.traffic()
    if not traffic:
        raise AssertionError(
            "no ping or pong went through a multiprocessing Connection in the parent: send the "
            "pings over a Pipe() (conn.send('ping 0')) and receive the pongs on it (conn.recv())"
        )
    if traffic != expected:
        detail = _first_difference(traffic, expected)
        lead = "the parent's side of the pipe did not alternate"
        index = next((k for k, (a, b) in enumerate(zip(traffic, expected)) if a != b), None)
        if index is not None and traffic[index][0] == "send" and expected[index][0] == "recv":
            lead = (
                f"the parent sent {traffic[index][1]!r} before it had received "
                f"{expected[index][1]!r}: send one ping, recv() its pong, then the next ping"
            )
        elif index is not None and traffic[index][0] == "recv":
            lead = (
                f"the parent received {traffic[index][1]!r} over the pipe where {expected[index][1]!r} "
                "was due: the child sends the whole pong, with its own pid"
            )
        raise AssertionError(f"{lead} ({detail}). Parent's pipe traffic: {traffic[:8]}")
    if pipe_spy.early:
        raise AssertionError(
            f"a pong was already waiting on the pipe when the parent sent {pipe_spy.early[0]!r}: "
            "the child must recv() each ping and only then send its pong"
        )
    received = [text for op, text in traffic if op == "recv"]
    logged = [entry for entry in log if isinstance(entry, str) and entry.startswith("pong")]
    assert logged == received, (
        f"the log's pongs {logged[:3]}... are not what came over the pipe {received[:3]}...: "
        "log each pong exactly as the child sent it"
    )


def test_ping_pong_closes_both_ends_of_its_pipe_and_joins_the_child(
    pipeline: ModuleType, guard: Recorder, clock: Clock, pipe_spy: PipeSpy
) -> None:
    log = _play(pipeline, 3, clock)
    assert len(log) == 6, f"ping_pong(3) returned {len(log)} entries, expected 6"
    _the_child(guard)
    assert pipe_spy.made, "no Pipe() was made in the parent: the parent and the child talk over a Pipe"
    still_open = [conn for conn in pipe_spy.made if not conn.closed]
    assert not still_open, (
        f"{len(still_open)} of the {len(pipe_spy.made)} pipe ends made in the parent are still "
        "open after ping_pong returned: close the child's end in the parent once the child "
        "has started, and the parent's end when the game is over (conn.close(), or `with conn:`)"
    )
    proc = guard.started[0]
    if not processes.is_closed(proc):
        popen = getattr(proc, "_popen", None)
        code = None if popen is None else popen.returncode
        assert code is not None, "the child had not been joined when ping_pong returned: join() it"
        assert code == 0, f"the child ended with exit code {code}, expected 0: let it return on its own"


def test_zero_rounds_give_an_empty_log(pipeline: ModuleType, guard: Recorder, clock: Clock) -> None:
    log = _play(pipeline, 0, clock)
    assert log == [], f"ping_pong(0) returned {log!r}, expected []"
    assert len(guard.launches) <= 1, f"ping_pong(0) started {len(guard.launches)} processes"


@pytest.mark.parametrize(
    ("rounds", "error"),
    [(-1, ValueError), (True, TypeError), (2.5, TypeError), ("3", TypeError), (None, TypeError)],
    ids=["-1", "True", "2.5", "str", "None"],
)
def test_bad_rounds_is_rejected_before_any_process_starts(
    pipeline: ModuleType, guard: Recorder, rounds: object, error: type[Exception]
) -> None:
    assert_rejects_value(lambda: pipeline.ping_pong(rounds), error, "rounds", guard)
