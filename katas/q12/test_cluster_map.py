"""Grader for q12: a pool.map scaled out to a dask.distributed cluster.

What it proves, and how:

- Where every call ran. The function handed to ``cluster_map`` is the grader's own,
  wrapped so that each call records its pid (``calls.wrap``; cloudpickle carries the
  wrapper to the workers by reference). With a given client every pid must be one of
  that cluster's workers (``client.run(os.getpid)``); without one, one of the
  processes the call started; never the parent. ``cluster_sum_of_squares`` gets ints
  that log who squared them (``TracedInt``, one in every ``TRACE_EVERY``).
- What went over the wire. While a function runs, ``DaskSpy`` watches the client's
  own choke points, class-wide so that a client the function makes is watched too:
  ``_scatter`` (the pickled size of what is scattered), ``_graph_to_futures`` (every
  task submitted by ``submit``, ``map``, ``compute``: its pickled size and the keys it
  depends on) and ``_gather`` (what comes back, also through ``Future.result()``).
  These are private methods, checked against distributed 2026.8 and 2026.11; the spy fails loudly
  if one disappears rather than let a check pass on nothing.
- What is left behind. A given client must still be running with the same workers,
  and the call must have started no process; an own cluster must be gone when the call
  returns or raises: no process it started alive, no cluster or client open, no new
  listening port in this process (the scheduler of a ``LocalCluster`` listens here).
  Clusters and clients the call left open are closed by the grader afterwards.

Each grader cluster is started inside the test body and closed before it ends: the
kit's leak check, run right after the body, sees every process the test started, so a
cluster shared between tests would count as a leak of the first one (see the README).
dask starts its own worker processes, so start methods do not apply: every test runs
once, with the id ``[dask]``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import cloudpickle  # type: ignore[import-untyped]
import psutil
import pytest
from distributed import Client, Future, LocalCluster
from distributed.deploy.spec import SpecCluster

from katas._kit import processes
from katas._kit.attribution import CallLog
from katas._kit.grading import assert_rejects_bad_count, grades
from katas._kit.processes import Recorder
from katas._kit.tasks.q12 import FailOn, GraderError, square
from katas._kit.traced import TracedInt, operations

pytestmark = [grades("q12", "cluster_map"), pytest.mark.own_processes("dask")]

KIB = 1024
#: No task may carry more than this in its pickled form (function and arguments).
TASK_LIMIT = 32 * KIB
#: The bytes scattered, as a share of the pickled size of the data.
SCATTERED_AT_LEAST, SCATTERED_AT_MOST = 0.5, 1.8
#: The sum-of-squares input: 256-bit ints (34 pickled bytes each), so that a quarter
#: of it is well over TASK_LIMIT. Not more: dask scatters a list item by item, at
#: about 0.1 ms per item here (60,000 ints took 5-11 s).
VALUES = 6_000
BITS = 256
TRACE_EVERY = 97
#: Arithmetic on the grader's originals; "int" (a conversion) is not squaring.
ARITHMETIC = {"mul", "pow", "add", "sub", "lshift"}
#: Starting and closing a cluster takes 2-5 s here; a call may take a few more.
CLUSTER_TIMEOUT = 40


@pytest.fixture
def cluster_map(kata: ModuleType) -> ModuleType:
    return kata


# --- the grader's cluster, and what it looks like from outside ---------------------


@contextlib.contextmanager
def graders_client() -> Iterator[Client]:
    """A cluster of two single-threaded worker processes, closed before the test ends."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Port 8787 is already in use" and the like
        with LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=":0",
            host="127.0.0.1",
            silence_logs=logging.ERROR,
        ) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            yield client


def worker_pids(client: Client) -> set[int]:
    found: dict[str, int] = client.run(os.getpid)
    return set(found.values())


def listening_ports() -> set[int]:
    """TCP ports this process listens on (a LocalCluster's scheduler listens here)."""
    return {
        c.laddr.port
        for c in psutil.Process().net_connections(kind="tcp")
        if c.status == psutil.CONN_LISTEN and c.laddr
    }


def assert_left_open(client: Client, workers: set[int], what: str) -> None:
    """The given client still runs, on the same workers, and still takes work."""
    assert client.status == "running", (
        f"{what} closed the Client it was given (status {client.status!r}): a given client "
        "belongs to the caller, who may use it again; close only a cluster and client you "
        "started yourself"
    )
    now = worker_pids(client)
    assert now == workers, (
        f"{what}: the given cluster's workers changed from {sorted(workers)} to {sorted(now)}: "
        "use the cluster as it is (no restart, no scaling, no shutdown)"
    )
    assert client.submit(square, 12).result() == 144, (
        f"after {what}, the given client no longer runs tasks"
    )


def assert_started_nothing(guard: Recorder, before: set[int], what: str) -> None:
    started = sorted(guard.started_pids - before)
    assert not started, (
        f"{what} started {len(started)} process(es) of its own (pids {started}) though it "
        "was given a client: with a client, map on it; start a LocalCluster only without one"
    )


# --- watching the client -----------------------------------------------------------


@dataclass(frozen=True)
class TaskSeen:
    key: str
    size: int  # pickled, with its function and arguments
    dependencies: frozenset[str]


def _futures_in(value: object) -> list[Future[Any]]:
    if isinstance(value, Future):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return [f for item in value for f in _futures_in(item)]
    return []


def _keys_referenced(task: object) -> set[str]:
    """The keys a task depends on: ``Task.dependencies`` (dask 2024.12 on), or, in the
    older tuple form, every string inside it (futures appear there as their keys)."""
    found = getattr(task, "dependencies", None)
    if found is not None:
        return {str(key) for key in found}
    if isinstance(task, str):
        return {task}
    if isinstance(task, dict):
        task = list(task.values())
    if isinstance(task, (list, tuple)):
        return {key for item in task for key in _keys_referenced(item)}
    return set()


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


@dataclass
class DaskSpy:
    """Watches every Client while active: scatters, submitted tasks, gathers; and which
    clusters and clients appeared (see the module docstring)."""

    scattered: list[int] = field(default_factory=list)  # pickled bytes per scatter call
    scattered_keys: set[str] = field(default_factory=set)
    tasks: list[TaskSeen] = field(default_factory=list)
    gathered: list[object] = field(default_factory=list)  # every value that came back
    #: Held (not their ids, which a new object may reuse) until the spy is done.
    _before: list[object] = field(default_factory=list)
    _saved: dict[str, Any] = field(default_factory=dict)

    @contextlib.contextmanager
    def watching(self) -> Iterator[DaskSpy]:
        self._before = [*SpecCluster._instances, *Client._instances]
        names = ("_scatter", "_graph_to_futures", "_gather")
        missing = [name for name in names if not hasattr(Client, name)]
        assert not missing, f"this distributed version has no Client.{missing[0]}: the q12 grader needs updating"
        self._saved = {name: getattr(Client, name) for name in names}
        spy = self
        scatter, graph_to_futures, gather = (self._saved[name] for name in names)

        async def _scatter(client: Client, data: Any, *args: Any, **kwargs: Any) -> Any:
            spy.scattered.append(len(cloudpickle.dumps(data)))
            futures = await scatter(client, data, *args, **kwargs)
            spy.scattered_keys.update(str(f.key) for f in _futures_in(futures))
            return futures

        def _graph_to_futures(client: Client, expr: Any, *args: Any, **kwargs: Any) -> Any:
            graph = expr.__dask_graph__() if hasattr(expr, "__dask_graph__") else expr
            for key, task in dict(graph).items():
                dependencies = frozenset(_keys_referenced(task))
                spy.tasks.append(TaskSeen(str(key), len(cloudpickle.dumps(task)), dependencies))
            return graph_to_futures(client, expr, *args, **kwargs)

        async def _gather(client: Client, futures: Any, *args: Any, **kwargs: Any) -> Any:
            result = await gather(client, futures, *args, **kwargs)
            spy.gathered.extend(_leaves(result) if not isinstance(futures, Future) else [result])
            return result

        for name, patched in zip(names, (_scatter, _graph_to_futures, _gather)):
            setattr(Client, name, patched)
        try:
            yield self
        finally:
            for name, original in self._saved.items():
                setattr(Client, name, original)
            self._before = []

    def left_open(self) -> tuple[list[SpecCluster], list[Client]]:
        """Clusters and clients made while watching that are still open."""
        clusters = [
            c for c in list(SpecCluster._instances)
            if self._fresh(c) and str(getattr(c, "status", "")).rsplit(".", 1)[-1] != "closed"
        ]
        clients = [
            c for c in list(Client._instances) if self._fresh(c) and c.status not in ("closed", "closing")
        ]
        return clusters, clients

    def _fresh(self, instance: object) -> bool:
        return not any(instance is old for old in self._before)

    def close_left_open(self) -> None:
        clusters, clients = self.left_open()
        for client in clients:
            with contextlib.suppress(Exception):
                client.close(timeout=5)  # type: ignore[no-untyped-call]
        for cluster in clusters:
            with contextlib.suppress(Exception):
                cluster.close(timeout=5)


@pytest.fixture
def dask_spy() -> Iterator[DaskSpy]:
    spy = DaskSpy()
    with spy.watching():
        try:
            yield spy
        finally:
            spy.close_left_open()


@contextlib.contextmanager
def own_cluster_must_be_gone(spy: DaskSpy, guard: Recorder, what: str) -> Iterator[None]:
    """After the block: nothing the call started is left. If the block itself failed
    (or timed out), that failure is the report; what was left is closed quietly."""
    ports_before = listening_ports()
    started_before = set(guard.started_pids)
    try:
        yield
    except BaseException:
        spy.close_left_open()
        raise
    clusters, clients = spy.left_open()
    alive = sorted(pid for pid in guard.started_pids - started_before if processes.is_running(pid))
    ports = sorted(listening_ports() - ports_before)
    spy.close_left_open()
    problems = []
    if clusters or clients:
        problems.append(f"{len(clusters)} cluster(s) and {len(clients)} client(s) still open")
    if alive:
        problems.append(f"worker process(es) {alive} still running")
    if ports:
        problems.append(f"this process still listening on port(s) {ports}")
    if problems:
        pytest.fail(
            f"{what} left its own cluster behind: {'; '.join(problems)}. Close the Client and "
            "the LocalCluster you started on every path, also when a task raises: "
            "`with LocalCluster(...) as cluster, Client(cluster) as client:` "
            "(the grader has closed them)",
            pytrace=False,
        )


def assert_calls_ran_on(
    calls: CallLog, workers: set[int], what: str, expected: int, where: str
) -> None:
    seen = calls.calls()
    in_parent = [c for c in seen if c.pid == os.getpid()]
    assert not in_parent, (
        f"{what}: {len(in_parent)} of {len(seen)} calls ran in this process (pid {os.getpid()}), "
        "not on a worker: hand func to the cluster (client.map / client.submit); a "
        "LocalCluster with processes=False runs its workers as threads of this process"
    )
    elsewhere = sorted({c.pid for c in seen} - workers)
    assert not elsewhere, (
        f"{what}: calls ran in pid(s) {elsewhere}, which are not {where} "
        f"(pids {sorted(workers)})"
    )
    assert len(seen) == expected, (
        f"{what}: func was called {len(seen)} times for {expected} distinct items: call it "
        "once per item, on the cluster, and return what it returned"
    )


def error_of(call: Callable[[], object]) -> Exception:
    """The exception ``call()`` raised (a stub's NotImplementedError goes on up)."""
    try:
        result = call()
    except NotImplementedError:
        raise
    except Exception as error:  # noqa: BLE001 - judged by the caller
        return error
    pytest.fail(f"func raised on a worker, but the call returned {result!r}: let the task's exception reach the caller")


# --- cluster_map ----------------------------------------------------------------------


@pytest.mark.timeout(CLUSTER_TIMEOUT)
def test_with_a_given_client_every_call_runs_on_its_workers_in_order_and_the_client_stays_open(
    cluster_map: ModuleType, guard: Recorder, calls: CallLog, dask_spy: DaskSpy
) -> None:
    items = list(range(-7, 33))
    expected = [x * x for x in items]
    func = calls.wrap(square)
    with graders_client() as client:
        workers = worker_pids(client)
        before = set(guard.started_pids)
        got = cluster_map.cluster_map(func, (x for x in items), client=client)
        assert_started_nothing(guard, before, "cluster_map(..., client=...)")
        assert got == expected, f"cluster_map(square, -7..32) returned {got!r}, expected the squares in input order"
        assert_calls_ran_on(calls, workers, "cluster_map(square, 40 items, client=...)", len(items), "the given cluster's workers")
        assert_left_open(client, workers, "cluster_map(..., client=...)")
        assert cluster_map.cluster_map(func, [], client=client) == [], "cluster_map of no items should be []"
        assert_left_open(client, workers, "cluster_map([], client=...)")
    assert not any(dask_spy.left_open()), "cluster_map(..., client=...) left a cluster or client of its own open"


@pytest.mark.timeout(CLUSTER_TIMEOUT)
def test_with_a_given_client_an_error_in_func_reaches_the_caller_with_its_type_and_message(
    cluster_map: ModuleType, guard: Recorder, calls: CallLog, dask_spy: DaskSpy
) -> None:
    message = f"grader's failure {random.randrange(10**9)}"
    func = calls.wrap(FailOn(5, message))
    with graders_client() as client:
        workers = worker_pids(client)
        before = set(guard.started_pids)
        error = error_of(lambda: cluster_map.cluster_map(func, range(10), client=client))
        assert_started_nothing(guard, before, "cluster_map(..., client=...)")
        assert isinstance(error, GraderError), (
            f"func raised GraderError({message!r}) on a worker, the caller got "
            f"{type(error).__name__}: {error}. Let the task's exception through: "
            "client.gather re-raises it with its own type and message"
        )
        assert str(error) == message, f"the error's message changed from {message!r} to {str(error)!r}"
        failing = [c for c in calls.calls() if c.error is not None]
        assert failing and all(c.pid in workers for c in failing), (
            "the failing call did not run on the given cluster's workers "
            f"(pids {sorted({c.pid for c in failing})}, workers {sorted(workers)})"
        )
        assert_left_open(client, workers, "cluster_map(..., client=...) that raised")


@pytest.mark.timeout(CLUSTER_TIMEOUT)
def test_without_a_client_it_starts_workers_processes_runs_every_call_there_and_closes_them(
    cluster_map: ModuleType, guard: Recorder, calls: CallLog, dask_spy: DaskSpy
) -> None:
    items = [3, 1, 4, 15, 9, 2, 6, 5]
    expected = [x * x for x in items]
    func = calls.wrap(square)
    before = set(guard.started_pids)
    with own_cluster_must_be_gone(dask_spy, guard, "cluster_map(..., workers=2)"):
        got = cluster_map.cluster_map(func, list(items), workers=2)
    assert got == expected, f"cluster_map(square, {items}) returned {got!r}, expected {expected}"
    started = guard.started_pids - before
    assert_calls_ran_on(calls, started, "cluster_map(square, 8 items, workers=2)", len(items), "processes the call started")
    assert len(started) == 2, (
        f"cluster_map(..., workers=2) started {len(started)} process(es): start "
        "LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=':0')"
    )


@pytest.mark.timeout(CLUSTER_TIMEOUT)
def test_without_a_client_an_error_in_func_reaches_the_caller_and_the_cluster_is_closed(
    cluster_map: ModuleType, guard: Recorder, calls: CallLog, dask_spy: DaskSpy
) -> None:
    message = f"grader's failure {random.randrange(10**9)}"
    func = calls.wrap(FailOn(3, message))
    before = set(guard.started_pids)
    with own_cluster_must_be_gone(dask_spy, guard, "cluster_map(..., workers=1) whose func raised"):
        error = error_of(lambda: cluster_map.cluster_map(func, [1, 2, 3, 4], workers=1))
    assert isinstance(error, GraderError) and str(error) == message, (
        f"func raised GraderError({message!r}) on a worker, the caller got "
        f"{type(error).__name__}: {error}. Let the task's exception through (client.gather "
        "re-raises it), and close the cluster on the way out (with-blocks do both)"
    )
    started = guard.started_pids - before
    assert len(started) == 1, (
        f"cluster_map(..., workers=1) started {len(started)} process(es): start "
        "LocalCluster(n_workers=workers, processes=True, ...)"
    )
    failing = [c for c in calls.calls() if c.error is not None]
    assert failing and all(c.pid in started for c in failing), "the failing call did not run on the cluster's worker"


def test_bad_workers_is_rejected_before_any_process_starts(
    cluster_map: ModuleType, guard: Recorder, dask_spy: DaskSpy
) -> None:
    assert_rejects_bad_count(lambda bad: cluster_map.cluster_map(square, [1, 2], workers=bad), "workers", guard)
    assert_rejects_bad_count(
        lambda bad: cluster_map.cluster_sum_of_squares([1, 2], workers=bad), "workers", guard
    )
    assert_rejects_bad_count(lambda bad: cluster_map.cluster_sum_of_squares([1, 2], chunks=bad), "chunks", guard)


# --- cluster_sum_of_squares -------------------------------------------------------------


def sum_of_squares_input() -> tuple[list[int], int, int]:
    """(values, their sum of squares, pickled size): big ints, one in every TRACE_EVERY a
    traced original that logs who squared it."""
    rng = random.Random(12)
    plain = [rng.randrange(2 ** (BITS - 16), 2**BITS) for _ in range(VALUES)]
    expected = sum(v * v for v in plain)
    values: list[int] = [
        TracedInt(v, label=i) if i % TRACE_EVERY == 0 else v for i, v in enumerate(plain)
    ]
    return values, expected, len(cloudpickle.dumps(values))


def check_sum_of_squares_ran_on_the_cluster(
    spy: DaskSpy, traces: Path, workers: set[int], data_size: int, chunks: int, what: str
) -> None:
    """Squares on the workers, data scattered once, small tasks, partials combined there."""
    me = os.getpid()
    squared_by: dict[int, set[int]] = {}
    for pid, ops in operations(traces).items():
        for op, labels in ops:
            if op in ARITHMETIC or pid != me:
                for label in labels:
                    squared_by.setdefault(label, set()).add(pid)
    traced_labels = set(range(0, VALUES, TRACE_EVERY))
    in_parent = sorted(label for label in traced_labels if me in squared_by.get(label, set()))
    assert not in_parent, (
        f"{what}: this process (pid {me}) did arithmetic on {len(in_parent)} of the grader's "
        f"{len(traced_labels)} traced values: the squaring belongs on the workers"
    )
    unproven = sorted(label for label in traced_labels if not squared_by.get(label, set()) & workers)
    assert not unproven, (
        f"{what}: {len(unproven)} of the grader's {len(traced_labels)} traced values were never "
        f"worked on by a worker of the cluster (pids {sorted(workers)}): square the values "
        "themselves, on the workers"
    )
    big = [task for task in spy.tasks if task.size > TASK_LIMIT]
    assert not big, (
        f"{what}: {len(big)} task(s) carried their data with them ({big[0].key}: "
        f"{big[0].size // KIB} KiB pickled, limit {TASK_LIMIT // KIB} KiB): scatter the data "
        "and pass the futures to the tasks; a task's arguments should be futures and small "
        "numbers. (client.scatter(values) makes one future per value: scatter the chunks, "
        "or [values] for a single future)"
    )
    scattered = sum(spy.scattered)
    assert scattered >= SCATTERED_AT_LEAST * data_size, (
        f"{what}: {scattered} bytes were scattered for {data_size} bytes of data: send the "
        "data to the cluster once with client.scatter, then hand the tasks its futures"
    )
    assert scattered <= SCATTERED_AT_MOST * data_size, (
        f"{what}: {scattered} bytes were scattered in {len(spy.scattered)} call(s) for "
        f"{data_size} bytes of data, {scattered / data_size:.1f} times its size: scatter the "
        "data once (all of it, or each chunk once), not once per chunk or per task"
    )
    on_data = [task for task in spy.tasks if task.dependencies & spy.scattered_keys]
    assert len(on_data) >= chunks, (
        f"{what}: {len(on_data)} task(s) worked on the scattered data for chunks={chunks}: "
        "square and sum each chunk in a task of its own"
    )
    totals = spy.gathered
    assert len(totals) == 1 and isinstance(totals[0], int), (
        f"{what}: {len(totals)} value(s) came back from the cluster "
        f"({', '.join(type(v).__name__ for v in totals[:6])}): combine the partial sums on "
        "the cluster (client.submit(sum, partial_futures)) and gather only the total"
    )


@pytest.mark.timeout(CLUSTER_TIMEOUT)
def test_with_a_given_client_the_sum_of_squares_is_computed_on_its_workers_from_data_scattered_once(
    cluster_map: ModuleType, guard: Recorder, traces: Path, dask_spy: DaskSpy
) -> None:
    values, expected, data_size = sum_of_squares_input()
    what = f"cluster_sum_of_squares({VALUES} values, client=..., chunks=4)"
    with graders_client() as client:
        workers = worker_pids(client)
        before = set(guard.started_pids)
        got = cluster_map.cluster_sum_of_squares(values, client=client, chunks=4)
        assert_started_nothing(guard, before, "cluster_sum_of_squares(..., client=...)")
        assert got == expected, f"{what} returned {got!r}, expected {expected}"
        check_sum_of_squares_ran_on_the_cluster(dask_spy, traces, workers, data_size, 4, what)
        assert_left_open(client, workers, "cluster_sum_of_squares(..., client=...)")
        for small, chunks in (([], 4), ([7], 4), ([1, 2, 3], 5), ([2, 3, 4, 5, 6], 2)):
            answer = cluster_map.cluster_sum_of_squares(list(small), client=client, chunks=chunks)
            assert answer == sum(v * v for v in small), (
                f"cluster_sum_of_squares({small}, chunks={chunks}) returned {answer!r}, "
                f"expected {sum(v * v for v in small)} (fewer values than chunks is fine)"
            )
        assert_left_open(client, workers, "cluster_sum_of_squares(..., client=...)")
    assert not any(dask_spy.left_open()), "cluster_sum_of_squares(..., client=...) left a cluster or client open"


@pytest.mark.timeout(CLUSTER_TIMEOUT)
def test_without_a_client_the_sum_of_squares_runs_on_its_own_cluster_which_is_closed_after(
    cluster_map: ModuleType, guard: Recorder, traces: Path, dask_spy: DaskSpy
) -> None:
    values, expected, data_size = sum_of_squares_input()
    what = f"cluster_sum_of_squares({VALUES} values, workers=2, chunks=4)"
    before = set(guard.started_pids)
    with own_cluster_must_be_gone(dask_spy, guard, what):
        got = cluster_map.cluster_sum_of_squares(values, workers=2, chunks=4)
    assert got == expected, f"{what} returned {got!r}, expected {expected}"
    started = guard.started_pids - before
    assert len(started) == 2, (
        f"{what} started {len(started)} process(es), expected 2 workers: start "
        "LocalCluster(n_workers=workers, processes=True, ...) (with processes=False the "
        "workers are threads of this process)"
    )
    check_sum_of_squares_ran_on_the_cluster(dask_spy, traces, started, data_size, 4, what)

