"""Finding, judging and cleaning up the processes a test started.

Three views are combined because each misses something:
- ``multiprocessing.active_children()`` knows every ``Process`` object this process
  started, including forkserver children, which are not our children (docs/FOUNDATIONS.md #2);
- the OS process tree (read once per check) knows grandchildren and non-multiprocessing
  children;
- a per-test token in the environment marks processes started by exec (spawn,
  forkserver, subprocess) even after their parent died and they were re-parented.
Pools and executors that a submission leaves open are closed through their own
objects, because killing only their workers can hang the interpreter at exit
(docs/FOUNDATIONS.md #12, #13).
"""

from __future__ import annotations

import atexit
import concurrent.futures
import concurrent.futures.process
import contextlib
import functools
import multiprocessing
import multiprocessing.forkserver
import multiprocessing.pool
import multiprocessing.popen_fork
import multiprocessing.process
import multiprocessing.resource_tracker
import multiprocessing.util
import os
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import psutil

TOKEN_ENV = "MPKATAS_GUARD_TOKEN"


#: The kit's own helper processes (the watchdog): never a test's leak.
KIT_HELPERS: set[int] = set()


def infrastructure_pids() -> set[int]:
    """multiprocessing's own long-lived helpers, and the kit's, which are not a test's leak."""
    pids = set(KIT_HELPERS)
    for tracker in _resource_trackers():
        if getattr(tracker, "_pid", None):
            pids.add(tracker._pid)
    server_pid = forkserver_pid()
    if server_pid:
        pids.add(server_pid)
    return pids


def _resource_trackers() -> list[Any]:
    """multiprocessing's resource tracker, and loky's (joblib), which runs one of its own
    for the rest of the run: killing it only makes loky start another. Looked up, never
    imported: the kit needs no joblib."""
    loky = sys.modules.get("joblib.externals.loky.backend.resource_tracker")
    trackers = [multiprocessing.resource_tracker._resource_tracker, getattr(loky, "_resource_tracker", None)]
    return [tracker for tracker in trackers if tracker is not None]


def stop_resource_trackers_at_exit() -> None:
    """Stop and reap the resource trackers as this process exits, after multiprocessing's
    own exit function, whose finalizers may still write to them.

    Left alone, a tracker stops only once it sees its pipe close, after this process has
    gone: it outlives the run, and its exit status waits for init to collect it.
    """
    atexit.register(_stop_resource_trackers)
    # Handlers run last registered first: multiprocessing's, registered again, runs first.
    exit_function = multiprocessing.util._exit_function  # type: ignore[attr-defined]
    atexit.unregister(exit_function)
    atexit.register(exit_function)


def _stop_resource_trackers() -> None:
    # _stop() closes the tracker's pipe and reaps it; it exits as soon as it reads the end.
    # Called here, not in a thread with a time limit: 3.12 starts no thread at shutdown.
    for tracker in _resource_trackers():
        _quietly(tracker._stop)


def forkserver_pid() -> int | None:
    pid: int | None = getattr(multiprocessing.forkserver._forkserver, "_forkserver_pid", None)
    return pid


@dataclass(frozen=True)
class _Row:
    parent: int
    zombie: bool
    created: float  # seconds since the epoch, as psutil's create_time()


def _process_table() -> dict[int, _Row]:
    """Every process on the machine, read once: the leak check asks about the same
    processes several times, and each psutil tree walk reads all of /proc again."""
    if not os.path.isdir("/proc/self"):
        return _process_table_from_psutil()
    boot, ticks = _boot_time(), os.sysconf("SC_CLK_TCK")
    table: dict[int, _Row] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                data = stat.read()
            # After the command name (in parentheses, which may hold anything): state,
            # parent pid, ... and the start time in clock ticks after boot, 20th (proc(5)).
            fields = data[data.rindex(b")") + 2 :].split()
            table[int(name)] = _Row(int(fields[1]), fields[0] == b"Z", boot + int(fields[19]) / ticks)
        except (OSError, ValueError, IndexError):
            continue
    return table


def _process_table_from_psutil() -> dict[int, _Row]:
    table: dict[int, _Row] = {}
    for proc in psutil.process_iter(["ppid", "status", "create_time"]):
        info = proc.info
        if info["ppid"] is not None and info["create_time"] is not None:
            table[proc.pid] = _Row(info["ppid"], info["status"] == psutil.STATUS_ZOMBIE, info["create_time"])
    return table


@functools.cache
def _boot_time() -> float:
    return psutil.boot_time()


def _descendants_in(table: dict[int, _Row], pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for child, row in table.items():
        children.setdefault(row.parent, []).append(child)
    found: list[int] = []
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children.get(child, []))
    return found


def _descendants(pid: int) -> list[psutil.Process]:
    procs = []
    for child in _descendants_in(_process_table(), pid):
        with contextlib.suppress(psutil.Error):
            procs.append(psutil.Process(child))
    return procs


def _has_token(pid: int, tokens: set[str]) -> bool:
    try:
        return psutil.Process(pid).environ().get(TOKEN_ENV) in tokens
    except psutil.Error:
        return False


# --- one forkserver for as long as it serves ------------------------------------------
# A forkserver child gets the server's environment and standard output, as they were
# when the server started (docs/FOUNDATIONS.md #1). Starting a server costs about 65 ms,
# so one is kept across tests while what it would hand its children is what a fresh
# one would: the same environment (apart from pytest's current test name and the
# test's token, which find_leaks also accepts from the server) and the same file
# behind descriptor 1. A capture of output or a trace directory changes those, and the
# next start gets a fresh server. The plugin stops it after a test that did not pass,
# and at the end of the run.

#: Set anew for each test; what a kept server's children see of them does not matter.
_PER_TEST_VARIABLES = frozenset({TOKEN_ENV, "PYTEST_CURRENT_TEST"})
#: The forkserver's pid, and what its children inherit from it (see ``_inherited``).
_server_started_with: tuple[int, tuple[object, ...]] | None = None


def _inherited() -> tuple[object, ...]:
    """What a forkserver started now would hand its children."""
    try:
        out = os.fstat(1)
        stdout: object = (out.st_dev, out.st_ino)
    except OSError:
        stdout = None
    environment = frozenset((k, v) for k, v in os.environ.items() if k not in _PER_TEST_VARIABLES)
    return stdout, environment


def note_forkserver() -> None:
    """Remember what a server started just now inherited."""
    global _server_started_with
    pid = forkserver_pid()
    if pid and (_server_started_with is None or _server_started_with[0] != pid):
        _server_started_with = (pid, _inherited())


def refresh_forkserver() -> None:
    """Before a start: stop an idle server that would hand children what they should not
    get now (another stdout or environment), so that a fresh one starts."""
    pid = forkserver_pid()
    if not pid or _server_started_with == (pid, _inherited()):
        return
    if not _descendants(pid):  # a server with children keeps them: it stops after the test
        stop_forkserver()


def server_token() -> str | None:
    """The token in the running forkserver's environment, which its children carry."""
    pid = forkserver_pid()
    if not pid:
        return None
    try:
        token: str | None = psutil.Process(pid).environ().get(TOKEN_ENV)
    except psutil.Error:
        return None
    return token


@dataclass(frozen=True)
class Launch:
    """One ``Process.start()``: its pid is kept, since a closed ``Process`` forgets it."""

    pid: int
    #: ``time.monotonic_ns()`` just before ``start()`` was called: nothing the child
    #: writes can be older than this (the clock is system-wide on Linux and macOS).
    before_ns: int


@dataclass(frozen=True)
class PoolSettings:
    processes: int | None
    maxtasksperchild: int | None
    initializer: object


@dataclass
class Recorder:
    """Remembers every process, pool and executor started in this process during a test."""

    started: list[multiprocessing.process.BaseProcess] = field(default_factory=list)
    launches: list[Launch] = field(default_factory=list)
    pool_settings: list[PoolSettings] = field(default_factory=list)
    #: Held strongly for the test: a pool dropped without join() would otherwise be
    #: cleaned up by its garbage-collection finalizer, which hides the missing join.
    pools: list[Any] = field(default_factory=list)
    executors: weakref.WeakSet[Any] = field(default_factory=weakref.WeakSet)
    joined_pools: weakref.WeakSet[Any] = field(default_factory=weakref.WeakSet)
    terminated_pools: weakref.WeakSet[Any] = field(default_factory=weakref.WeakSet)
    #: Every value a pool or executor worker sent back to this process, as received.
    results_from_workers: list[object] = field(default_factory=list)
    #: How many pools had terminate() called before join() had returned: leaving a
    #: ``with Pool(...)`` block does that, and kills workers still starting (docs/FOUNDATIONS.md #11).
    terminated_before_join: int = 0
    #: CPU seconds of each started process read just before this process reaped it (a
    #: finished child is a zombie until then, its CPU still readable): a worker that
    #: ends between two samples of a crowded machine's CPU watch keeps its last second.
    final_cpu: dict[int, float] = field(default_factory=dict)
    #: ``time.time()`` when recording began: no process of this test is older.
    began: float = field(default_factory=time.time)
    #: Called with each started pid as it starts (a CPU watch sends them to its sampler).
    listeners: list[Callable[[int], None]] = field(default_factory=list)

    @property
    def started_pids(self) -> set[int]:
        return {launch.pid for launch in self.launches}

    def launch_of(self, pid: int) -> Launch | None:
        return next((launch for launch in self.launches if launch.pid == pid), None)

    def live_processes(self) -> list[multiprocessing.process.BaseProcess]:
        """Recorded ``Process`` objects that are not closed (``close()`` is allowed)."""
        return [p for p in self.started if not is_closed(p)]


def is_closed(process: multiprocessing.process.BaseProcess) -> bool:
    """``Process.close()`` was called: its pid and is_alive() are off limits now."""
    return bool(getattr(process, "_closed", False))


@contextlib.contextmanager
def recording() -> Iterator[Recorder]:
    """Patch the start of processes, pools and executors to record them."""
    recorder = Recorder()
    original_start = multiprocessing.process.BaseProcess.start
    original_pool_init = multiprocessing.pool.Pool.__init__
    original_executor_init = concurrent.futures.ProcessPoolExecutor.__init__
    original_pool_join = multiprocessing.pool.Pool.join
    original_pool_terminate = multiprocessing.pool.Pool.terminate
    original_poll = multiprocessing.popen_fork.Popen.poll
    apply_result: Any = multiprocessing.pool.ApplyResult
    map_result: Any = multiprocessing.pool.MapResult
    original_apply_set = apply_result._set
    original_map_set = map_result._set
    manager_thread = getattr(concurrent.futures.process, "_ExecutorManagerThread", None)
    original_process_result = getattr(manager_thread, "process_result_item", None)

    def note_results(success_and_value: Any, chunk: bool) -> None:
        success, value = success_and_value
        if success:
            recorder.results_from_workers.extend(value if chunk else [value])

    def apply_set(self: Any, i: int, obj: Any) -> None:
        note_results(obj, chunk=False)
        original_apply_set(self, i, obj)

    def map_set(self: Any, i: int, obj: Any) -> None:
        note_results(obj, chunk=True)
        original_map_set(self, i, obj)

    def process_result(self: Any, result_item: Any) -> None:
        if getattr(result_item, "exception", None) is None and hasattr(result_item, "result"):
            result = result_item.result
            # Executor.map's chunks are lists that its iterator empties later: copy them.
            recorder.results_from_workers.append(list(result) if isinstance(result, list) else result)
        assert original_process_result is not None
        original_process_result(self, result_item)

    def start(self: multiprocessing.process.BaseProcess) -> None:
        before = time.monotonic_ns()
        refresh_forkserver()
        original_start(self)
        note_forkserver()
        recorder.started.append(self)
        if self.pid is not None:
            recorder.launches.append(Launch(self.pid, before))
            for listener in list(recorder.listeners):
                listener(self.pid)

    def poll(self: Any, flag: int = os.WNOHANG) -> int | None:
        if self.returncode is None and self.pid in recorder.started_pids:
            # Wait as the original would, but leave the child a zombie, then read it.
            try:
                _, cpu = cpu_at_exit(self.pid, wait=not (flag & os.WNOHANG))
            except ChildProcessError:
                cpu = None
            if cpu is not None:
                recorder.final_cpu[self.pid] = cpu
        result: int | None = original_poll(self, flag)
        return result

    def pool_init(self: multiprocessing.pool.Pool, *args: Any, **kwargs: Any) -> None:
        recorder.pools.append(self)
        original_pool_init(self, *args, **kwargs)
        recorder.pool_settings.append(
            PoolSettings(
                getattr(self, "_processes", None),
                getattr(self, "_maxtasksperchild", None),
                getattr(self, "_initializer", None),
            )
        )

    def pool_join(self: multiprocessing.pool.Pool) -> None:
        original_pool_join(self)
        recorder.joined_pools.add(self)

    def pool_terminate(self: multiprocessing.pool.Pool) -> None:
        if any(p is self for p in recorder.pools) and self not in recorder.joined_pools:
            recorder.terminated_before_join += 1
        recorder.terminated_pools.add(self)
        original_pool_terminate(self)

    def executor_init(
        self: concurrent.futures.ProcessPoolExecutor, *args: Any, **kwargs: Any
    ) -> None:
        recorder.executors.add(self)
        original_executor_init(self, *args, **kwargs)

    multiprocessing.process.BaseProcess.start = start  # type: ignore[method-assign]
    multiprocessing.pool.Pool.__init__ = pool_init  # type: ignore[method-assign]
    concurrent.futures.ProcessPoolExecutor.__init__ = executor_init  # type: ignore[method-assign]
    multiprocessing.pool.Pool.join = pool_join  # type: ignore[method-assign]
    multiprocessing.pool.Pool.terminate = pool_terminate  # type: ignore[method-assign]
    multiprocessing.popen_fork.Popen.poll = poll  # type: ignore[method-assign]
    apply_result._set = apply_set
    map_result._set = map_set
    if manager_thread is not None:
        manager_thread.process_result_item = process_result
    try:
        yield recorder
    finally:
        multiprocessing.process.BaseProcess.start = original_start  # type: ignore[method-assign]
        multiprocessing.pool.Pool.__init__ = original_pool_init  # type: ignore[method-assign]
        concurrent.futures.ProcessPoolExecutor.__init__ = original_executor_init  # type: ignore[method-assign]
        multiprocessing.pool.Pool.join = original_pool_join  # type: ignore[method-assign]
        multiprocessing.pool.Pool.terminate = original_pool_terminate  # type: ignore[method-assign]
        multiprocessing.popen_fork.Popen.poll = original_poll  # type: ignore[method-assign]
        apply_result._set = original_apply_set
        map_result._set = original_map_set
        if manager_thread is not None:
            manager_thread.process_result_item = original_process_result


def cpu_at_exit(pid: int, wait: bool = False) -> tuple[bool, float | None]:
    """Whether this process's own child ``pid`` has exited and, if so, its CPU seconds
    read while it is still a zombie, so that exiting (under coverage, writing its data)
    counts too. The child is left for its owner to reap; ChildProcessError means it
    was reaped already."""
    ended = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT | (0 if wait else os.WNOHANG))
    if ended is None:
        return False, None
    return True, schedstat_cpu(pid)


def schedstat_cpu(pid: int) -> float | None:
    """CPU seconds used so far by ``pid``, from /proc (None where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/schedstat", "rb") as stats:
            return int(stats.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


@dataclass(frozen=True)
class Leak:
    pid: int
    description: str


def find_leaks(recorder: Recorder, token: str) -> list[Leak]:
    """Processes from this test that are still running, or exited but were never joined."""
    me = os.getpid()
    infra = infrastructure_pids()
    found: dict[int, Leak] = {}
    # A forkserver kept from an earlier test gives its children that test's token; any
    # of them younger than this test was started by this test.
    tokens = {token} | ({kept} if (kept := server_token()) else set())

    def note(pid: int, description: str) -> None:
        if pid != me and pid not in infra and pid not in found:
            found[pid] = Leak(pid, description)

    # Unjoined children first: is_alive() and active_children() below would reap them
    # and hide the evidence. A Process whose exit status was never collected is one
    # nobody joined; that holds under forkserver too, where the server reaps the OS
    # process and no zombie is left to see.
    suspects = [
        child
        for child in recorder.live_processes()
        if getattr(child, "_popen", None) is not None
        and child.pid is not None
        and child._popen.returncode is None  # type: ignore[attr-defined]
        and not is_running(child.pid)
    ]
    if suspects:
        # Another thread (an executor's, say) may be reaping it at this very moment.
        time.sleep(0.2)
    for child in suspects:
        if child._popen.returncode is None and child.pid is not None:  # type: ignore[attr-defined]
            note(child.pid, "exited but was never joined")
    # One reading of the process table, before is_alive() and active_children() below
    # reap the zombies it shows.
    table = _process_table()
    descendants = _descendants_in(table, me)
    for pid in descendants:
        if table[pid].zombie:
            note(pid, "exited but was never joined")
    for pool in recorder.pools:
        if pool not in recorder.joined_pools and pool not in recorder.terminated_pools:
            for worker in list(getattr(pool, "_pool", None) or []):
                if worker.pid is not None and not is_closed(worker):
                    if is_running(worker.pid):
                        note(worker.pid, f"{worker.name} still running, its pool never joined")
                    else:
                        note(worker.pid, "exited, but its pool was never joined")
    for child in recorder.live_processes():
        if child.pid is not None and child.is_alive():
            note(child.pid, f"{child.name} still running")
    for child in multiprocessing.active_children():
        if child.pid is not None:
            note(child.pid, f"{child.name} still running")
    # Read again one by one: a process that ended since the table was read is no leak.
    for pid in descendants:
        if pid not in found and psutil.pid_exists(pid):
            note(pid, "still running")
    server = forkserver_pid()
    if server:
        for pid in _descendants_in(table, server):
            if pid not in found and psutil.pid_exists(pid):
                note(pid, "still running (started through the forkserver)")
    for pid, row in table.items():
        # Reading a process's environment costs more than all the rest: only for
        # processes younger than the test (a second to spare for the clock's granularity).
        if pid in found or pid == me or pid in infra or row.created < recorder.began - 1.0:
            continue
        if _has_token(pid, tokens):
            note(pid, "still running (orphaned)")
    return sorted(found.values(), key=lambda leak: leak.pid)


def _quietly(action: Callable[[], object]) -> None:
    with contextlib.suppress(Exception):
        action()


def clean_up(recorder: Recorder, token: str, grace: float = 1.0) -> None:
    """Stop everything the test left behind, so it cannot disturb the next test.

    Leaked pools and executors are shut down through their own objects, and
    ``Process`` objects through their own terminate/kill/join, so that
    multiprocessing reaps them itself: a child reaped behind its back (by psutil)
    would look alive to ``active_children()`` forever. Whatever is left (grandchildren,
    forkserver children, orphans) is then terminated and, after ``grace``, killed.
    """
    for pool in list(recorder.pools):
        _terminate_pool(pool, grace)
    for executor in list(recorder.executors):
        for proc in list((getattr(executor, "_processes", None) or {}).values()):
            _quietly(proc.kill)
        _quietly(lambda: executor.shutdown(wait=False, cancel_futures=True))
    children = {id(p): p for p in [*recorder.live_processes(), *multiprocessing.active_children()]}
    for child in children.values():
        _stop_process_object(child, grace)
    procs: list[psutil.Process] = []
    for leak in find_leaks(recorder, token):
        with contextlib.suppress(psutil.Error):
            procs.append(psutil.Process(leak.pid))
    for proc in procs:
        _quietly(proc.terminate)
    _gone, alive = psutil.wait_procs(procs, timeout=grace)
    for proc in alive:
        _quietly(proc.kill)
    psutil.wait_procs(alive, timeout=grace)
    _forget_dead_process_objects()


def _terminate_pool(pool: Any, grace: float) -> None:
    """``pool.terminate()``, which also stops the pool's threads, with a way out.

    The workers must not be killed first: one killed while waiting for a task can die
    holding the task queue's lock, and terminate() then waits for that lock forever
    (docs/FOUNDATIONS.md #12). But terminate() also waits forever for a worker whose task ignores
    SIGTERM; only then, once terminate() is past the lock, are the workers killed.
    """
    stopping = threading.Thread(target=_quietly, args=(pool.terminate,), daemon=True)
    stopping.start()
    stopping.join(3 * grace)
    if stopping.is_alive():
        for worker in list(getattr(pool, "_pool", None) or []):
            _quietly(worker.kill)
        stopping.join(3 * grace)


def _stop_process_object(child: multiprocessing.process.BaseProcess, grace: float) -> None:
    if child.pid is None or child.exitcode is not None:
        return
    _quietly(child.terminate)
    _quietly(lambda: child.join(grace))
    if child.exitcode is None:
        _quietly(child.kill)
        _quietly(lambda: child.join(grace))


def _forget_dead_process_objects() -> None:
    """Drop ``Process`` objects whose process no longer exists from multiprocessing's
    bookkeeping, so a child reaped elsewhere is not reported again by a later test."""
    registry: set[Any] = getattr(multiprocessing.process, "_children", set())
    for child in list(registry):
        pid = getattr(child, "pid", None)
        if child.exitcode is None and pid is not None and not psutil.pid_exists(pid):
            registry.discard(child)


def stop_forkserver(grace: float = 2.0) -> None:
    """Stop the forkserver so that the next start gets a fresh one.

    Its leftover children are killed first, or they would outlive it as orphans.
    """
    global _server_started_with
    _server_started_with = None
    server = multiprocessing.forkserver._forkserver
    pid = forkserver_pid()
    if not pid:
        return
    for proc in _descendants(pid):
        _quietly(proc.kill)
    with contextlib.suppress(psutil.Error):
        proc = psutil.Process(pid)
        proc.kill()
        proc.wait(timeout=grace)
    _quietly(server._stop)  # type: ignore[attr-defined]
    # _stop() may have failed half-way; leave the object ready for a fresh start.
    for name in ("_forkserver_pid", "_forkserver_alive_fd", "_forkserver_address"):
        if hasattr(server, name):
            setattr(server, name, None)


def wait_until_gone(pid: int, timeout: float) -> bool:
    """True when ``pid`` has exited (or is only a zombie) within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not is_running(pid):
            return True
        time.sleep(0.01)
    return not is_running(pid)


def is_running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def describe_alive(recorder: Recorder, token: str) -> str:
    """What the test's processes were doing at this moment, for a timeout report."""
    parts = []
    for leak in find_leaks(recorder, token):
        try:
            proc = psutil.Process(leak.pid)
            times = proc.cpu_times()
            parts.append(f"pid {leak.pid} ({proc.status()}, {times.user + times.system:.2f} s of CPU)")
        except psutil.Error:
            continue
    return f"Still running then: {', '.join(parts)}." if parts else ""


def describe(leaks: list[Leak]) -> str:
    return ", ".join(f"pid {leak.pid} ({leak.description})" for leak in leaks)
