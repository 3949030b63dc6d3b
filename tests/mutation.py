"""Mechanical mutants of the reference solutions: each one keeps the API and breaks one
thing a grader promises to catch, so every mutant must be rejected ("killed").

Operators rewrite the solution's source (``ast``), so they also apply to katas added
later. A mutant that equals its original is "not applicable" to that kata.

- ``threads``: ``multiprocessing`` replaced by ``multiprocessing.dummy`` (and process
  executors by thread executors): the same API, but threads in the parent.
- ``pool_calls_in_parent``: every pool or executor call (``map``, ``starmap``,
  ``imap``, ``imap_unordered``, ``apply``, ``apply_async``, ``map_async``,
  ``starmap_async``, ``submit``) answered by a loop in the parent, while the pool is
  still started and joined.
- ``targets_in_parent``: every ``Process`` target run in the parent, while an idle
  process is started and joined in its place.
- ``no_join``: every ``join()`` statement removed.
- ``hard_coded``: every kata function answers from the parent (threads behind the same
  API) with plain values, after starting and joining one idle process.
- ``pool_of_one``: every pool or process executor started with one worker.
- ``cpu_count_workers``: every pool or process executor started with
  ``os.cpu_count()`` workers, whatever the caller asked for.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

POOL_CALLS = {
    "map",
    "starmap",
    "imap",
    "imap_unordered",
    "apply",
    "apply_async",
    "map_async",
    "starmap_async",
    "submit",
}
POOL_MAKERS = {"Pool", "ProcessPoolExecutor"}

_IDLE = '''

def _mutant_idle_target() -> None:
    """What a mutant starts instead of real work."""
'''

_THREADS = '''

import multiprocessing as _mutant_real_multiprocessing  # noqa: E402
import multiprocessing.dummy as _mutant_dummy  # noqa: E402
import multiprocessing.shared_memory  # noqa: E402,F401
import concurrent.futures as _mutant_futures  # noqa: E402
import os as _mutant_os  # noqa: E402
import queue as _mutant_queue  # noqa: E402
import types as _mutant_types  # noqa: E402


class _MutantThreadProcess(_mutant_dummy.Process):
    """A thread posing as a process: the same API, and honestly the parent's pid."""

    @property
    def pid(self):
        return _mutant_os.getpid() if self.ident is not None else None

    def terminate(self):
        pass

    kill = terminate

    def close(self):
        pass


class _MutantQueue(_mutant_queue.Queue):
    def close(self):
        pass

    def join_thread(self):
        pass

    def cancel_join_thread(self):
        pass


class _MutantRawValue:
    def __init__(self, typecode, value=0, lock=True):
        self.value = value

    def get_lock(self):
        return _mutant_dummy.Lock()


multiprocessing = _mutant_types.SimpleNamespace(  # noqa: F811
    **{name: getattr(_mutant_real_multiprocessing, name) for name in dir(_mutant_real_multiprocessing) if not name.startswith("__")}
)
for _mutant_name in ("Pool", "Lock", "RLock", "Event", "Barrier", "Semaphore", "BoundedSemaphore",
                     "Condition", "Manager", "Pipe", "current_process", "active_children", "Array"):
    setattr(multiprocessing, _mutant_name, getattr(_mutant_dummy, _mutant_name))
multiprocessing.Process = _MutantThreadProcess
multiprocessing.Queue = multiprocessing.SimpleQueue = multiprocessing.JoinableQueue = _MutantQueue
multiprocessing.Value = multiprocessing.RawValue = _MutantRawValue
multiprocessing.get_context = lambda method=None: multiprocessing
ProcessPoolExecutor = _mutant_futures.ThreadPoolExecutor  # noqa: F811
'''

_IN_PARENT = '''

import concurrent.futures as _mutant_futures  # noqa: E402
import itertools as _mutant_itertools  # noqa: E402


class _MutantDone:
    """An already finished result, as apply_async/map_async would hand back."""

    def __init__(self, value):
        self._value = value

    def get(self, timeout=None):
        return self._value

    def wait(self, timeout=None):
        return None

    def ready(self):
        return True

    def successful(self):
        return True


def _mutant_finished(fn, *args, **kwargs):
    future = _mutant_futures.Future()
    try:
        future.set_result(fn(*args, **kwargs))
    except BaseException as error:
        future.set_exception(error)
    return future


class _MutantInParent:
    """Answers every pool call with a loop in this process."""

    def __init__(self, pool):
        self._pool = pool

    def __getattr__(self, name):
        return getattr(self._pool, name)

    def map(self, func, iterable, *rest, **options):
        return list(map(func, iterable, *[r for r in rest if not isinstance(r, (int, float, type(None)))]))

    def imap(self, func, iterable, chunksize=1):
        return map(func, iterable)

    imap_unordered = imap

    def starmap(self, func, iterable, chunksize=None):
        return list(_mutant_itertools.starmap(func, iterable))

    def apply(self, func, args=(), kwds=None):
        return func(*args, **(kwds or {}))

    def apply_async(self, func, args=(), kwds=None, callback=None, error_callback=None):
        return _MutantDone(func(*args, **(kwds or {})))

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return _MutantDone([func(x) for x in iterable])

    def starmap_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return _MutantDone(list(_mutant_itertools.starmap(func, iterable)))

    def submit(self, fn, *args, **kwargs):
        return _mutant_finished(fn, *args, **kwargs)
'''

_TARGETS_IN_PARENT = '''

import multiprocessing as _mutant_mp  # noqa: E402


class _MutantParentProcess(_mutant_mp.Process):
    """Runs its target in the parent at start(), then starts an idle process."""

    def __init__(self, *args, target=None, args_=(), kwargs_=None, **options):
        options.pop("args", None)
        options.pop("kwargs", None)
        super().__init__(target=_mutant_idle_target, **{k: v for k, v in options.items() if k in ("name", "daemon")})
        self._mutant_real = (target, args_, kwargs_ or {})

    def start(self):
        target, args, kwargs = self._mutant_real
        if target is not None:
            target(*args, **kwargs)
        super().start()
'''

_HARD_CODED = '''

import multiprocessing as _mutant_real_mp  # noqa: E402


def _mutant_plain(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, list):
        return [_mutant_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_mutant_plain(v) for v in value)
    if isinstance(value, dict):
        return {_mutant_plain(k): _mutant_plain(v) for k, v in value.items()}
    return value


_mutant_depth = [0]


def _mutant_answer_from_parent(function):
    def answer(*args, **kwargs):
        if _mutant_depth[0]:  # a kata function used by another one (square by square_all)
            return function(*args, **kwargs)
        _mutant_depth[0] += 1
        try:
            idle = _mutant_real_mp.Process(target=_mutant_idle_target)
            idle.start()
            idle.join()
            return _mutant_plain(function(*args, **kwargs))
        finally:
            _mutant_depth[0] -= 1

    answer.__name__ = function.__name__
    return answer
'''


#: Mutants that change the code but not its behaviour, so no grader can kill them:
#: (kata, operator) -> why. Listed in docs/RELIABILITY.md, not run.
EQUIVALENT = {
    ("q11", "no_join"): "executor.shutdown(wait=True) already joins every worker; the solution's "
    "explicit join() after it is a no-op kept for clarity",
}


@dataclass(frozen=True)
class Operator:
    name: str
    describe: str
    #: Failure messages that name this flaw (any one, in at least one test per start method).
    kills: tuple[str, ...]
    apply: Callable[[str, tuple[str, ...]], str]


ATTRIBUTION = (
    "in the parent",
    "in this process",
    "did not start",
    "not computed from the values",
    "never sent back by a pool worker",
    "the parent printed",
    "the parent's pid",
    "not in a worker",
    "threads are not processes",
    "started 0 process",
)


def _uses_multiprocessing(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "multiprocessing" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("multiprocessing", "concurrent"):
            return True
    return False


def threads(source: str, functions: tuple[str, ...]) -> str:
    tree = ast.parse(source)
    if not _uses_multiprocessing(tree) and "ProcessPoolExecutor" not in source:
        return source
    body = source.replace("concurrent.futures.ProcessPoolExecutor", "concurrent.futures.ThreadPoolExecutor")
    body = body.replace('backend="loky"', 'backend="threading"').replace("backend='loky'", "backend='threading'")
    return body + _THREADS


class _WrapPoolCalls(ast.NodeTransformer):
    def __init__(self) -> None:
        self.changed = False

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in POOL_CALLS and isinstance(func.value, ast.Name):
            if func.value.id not in ("self", "os", "itertools", "functools", "builtins", "concurrent"):
                self.changed = True
                wrapped = ast.Call(ast.Name("_MutantInParent", ast.Load()), [func.value], [])
                node.func = ast.Attribute(wrapped, func.attr, ast.Load())
        return node


def pool_calls_in_parent(source: str, functions: tuple[str, ...]) -> str:
    tree = ast.parse(source)
    transformer = _WrapPoolCalls()
    tree = transformer.visit(tree)
    if not transformer.changed:
        return source
    return ast.unparse(ast.fix_missing_locations(tree)) + _IN_PARENT


class _ProcessInParent(ast.NodeTransformer):
    def __init__(self) -> None:
        self.changed = False

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "Process" and any(k.arg == "target" for k in node.keywords):
            self.changed = True
            keywords = []
            for keyword in node.keywords:
                arg = {"args": "args_", "kwargs": "kwargs_"}.get(keyword.arg or "", keyword.arg)
                keywords.append(ast.keyword(arg, keyword.value))
            return ast.Call(ast.Name("_MutantParentProcess", ast.Load()), node.args, keywords)
        return node


def targets_in_parent(source: str, functions: tuple[str, ...]) -> str:
    tree = ast.parse(source)
    transformer = _ProcessInParent()
    tree = transformer.visit(tree)
    if not transformer.changed:
        return source
    return ast.unparse(ast.fix_missing_locations(tree)) + _IDLE + _TARGETS_IN_PARENT


class _DropJoins(ast.NodeTransformer):
    def __init__(self) -> None:
        self.changed = False

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        call = node.value
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "join"
            and not isinstance(call.func.value, ast.Constant)
        ):
            self.changed = True
            return ast.Pass()
        return node


def no_join(source: str, functions: tuple[str, ...]) -> str:
    tree = ast.parse(source)
    transformer = _DropJoins()
    tree = transformer.visit(tree)
    return ast.unparse(ast.fix_missing_locations(tree)) if transformer.changed else source


def hard_coded(source: str, functions: tuple[str, ...]) -> str:
    tree = ast.parse(source)
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    wrapped = [f for f in functions if f in defined]
    if not wrapped or not _uses_multiprocessing(tree):
        return source
    wraps = "".join(f"\n{name} = _mutant_answer_from_parent({name})" for name in wrapped)
    return threads(source, functions) + _IDLE + _HARD_CODED + wraps + "\n"


class _PoolSize(ast.NodeTransformer):
    def __init__(self, size: ast.expr) -> None:
        self.size = size
        self.changed = False

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in POOL_MAKERS:
            self.changed = True
            keywords = [k for k in node.keywords if k.arg not in ("processes", "max_workers")]
            node.args = [self.size, *node.args[1:]]
            node.keywords = keywords
        return node


def _resized(source: str, size: str) -> str:
    tree = ast.parse(source)
    transformer = _PoolSize(ast.parse(size, mode="eval").body)
    tree = transformer.visit(tree)
    if not transformer.changed:
        return source
    return "import os as _mutant_os\n" + ast.unparse(ast.fix_missing_locations(tree))


def pool_of_one(source: str, functions: tuple[str, ...]) -> str:
    return _resized(source, "1")


def cpu_count_workers(source: str, functions: tuple[str, ...]) -> str:
    return _resized(source, "_mutant_os.cpu_count()")


WORKER_COUNT = (
    "processes=",
    "workers=",
    "did not run at the same time",
    "one at a time",
    "processes were started",
    "process(es) were started",
    "started for a pool",
    "lines for a pool of",
    "distinct processes",
    "running at once",
    "workers reported",
    "different processes for processes=",
)

OPERATORS = (
    Operator("threads", "multiprocessing replaced by multiprocessing.dummy (threads)", ATTRIBUTION, threads),
    Operator(
        "pool_calls_in_parent", "pool calls answered by a loop in the parent", (*ATTRIBUTION, "Timeout"),
        pool_calls_in_parent,
    ),
    Operator("targets_in_parent", "Process targets run in the parent", (*ATTRIBUTION, "Timeout"), targets_in_parent),
    Operator(
        "no_join", "join() calls removed",
        ("never joined", "unjoined", "process(es) running", "still running", "call join()"), no_join,
    ),
    Operator("hard_coded", "answers from the parent beside one idle process", ATTRIBUTION, hard_coded),
    Operator("pool_of_one", "every pool started with one worker", WORKER_COUNT, pool_of_one),
    Operator("cpu_count_workers", "every pool started with os.cpu_count() workers", WORKER_COUNT, cpu_count_workers),
)
