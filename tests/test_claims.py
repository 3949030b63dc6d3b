"""The claims that the model answers and kata READMEs make about multiprocessing, checked.

Each test backs one statement in solutions/qN/ANSWER.md or katas/qN/README.md, so that
a change of CPython behaviour shows up here and not in front of a learner:

1. ``Pool.map`` raises only after every chunk has finished (q4).
2. A Pool pickles every task, under ``fork`` too; only a bare ``Process`` under
   ``fork`` escapes pickling (q1, q4, q5).
3. What each kind of callable raises when it is pickled, per version (q3).
4. Pickling a huge int hits the 4300-digit limit under protocols 0 and 1 only (q6).
5. A segfault gives ``-11`` in ``Process.exitcode`` and in ``subprocess`` (q2).

Pools and processes are created from ``get_context("fork")`` explicitly: the helpers
below live in this test module, which a forked child already has, and the start method
of the rest of the run is left alone. Everything started here is joined here.
"""

from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

if sys.platform == "win32":  # pragma: no cover - the katas run on Linux and macOS
    pytest.skip("the fork start method and SIGSEGV are POSIX only", allow_module_level=True)

FORK = multiprocessing.get_context("fork")
SLEEP = 1.0

# A lambda at module level: its __qualname__ is "<lambda>", which pickle cannot look up.
MODULE_LAMBDA: Callable[[int], int] = lambda x: x  # noqa: E731


def _make_nested() -> Callable[[int], int]:
    def inner(x: int) -> int:
        return x

    return inner


def _raise_at_once_or_sleep(x: int) -> int:
    if x == 0:
        raise ValueError(f"bad item {x}")
    time.sleep(SLEEP)
    return x


def _segfault() -> None:
    faulthandler.disable()  # pytest enables it; keep the child's crash quiet
    ctypes.string_at(0)  # reads address 0: SIGSEGV


def _local_object_error() -> tuple[type[Exception], str]:
    """What pickling a local function raises: 3.10-3.12 an AttributeError "Can't pickle
    local object", 3.13 the same saying "Can't get local object", and from 3.14 a
    PicklingError "Can't pickle local object <function ...>"."""
    if sys.version_info >= (3, 14):
        return pickle.PicklingError, "Can't pickle local object <function "
    if sys.version_info >= (3, 13):
        return AttributeError, "Can't get local object"
    return AttributeError, "Can't pickle local object"


def _module_lambda_message() -> str:
    """A module-level lambda's PicklingError: pickle looks it up by name and finds another
    object (3.14 reworded it)."""
    if sys.version_info >= (3, 14):
        return r"Can't pickle <function <lambda> at 0x[0-9a-f]+>: it's not found as tests\.test_claims\.<lambda>"
    return r"Can't pickle <function <lambda> at 0x[0-9a-f]+>: attribute lookup <lambda> on tests\.test_claims failed"


# Claim 1 (q4): the exception from map arrives after the slowest task.


def test_pool_map_raises_only_after_every_chunk_has_finished() -> None:
    pool = FORK.Pool(3)
    try:
        started = time.monotonic()
        with pytest.raises(ValueError, match="bad item 0"):
            pool.map(_raise_at_once_or_sleep, [0, 1, 2], chunksize=1)
        elapsed = time.monotonic() - started
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    # Item 0 raised at once; the caller still waited for the two sleeping items.
    assert elapsed >= 0.9 * SLEEP


# Claim 2 (q1, q4, q5): a Pool pickles every task, fork included.


def test_pool_map_pickles_the_task_under_fork_a_module_level_lambda() -> None:
    pool = FORK.Pool(1)
    try:
        with pytest.raises(pickle.PicklingError, match="Can't pickle <function <lambda>"):
            pool.map(MODULE_LAMBDA, [1])
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def test_pool_map_pickles_the_task_under_fork_a_lambda_written_in_place() -> None:
    # What `pool.map(lambda x: x, ...)` inside a function does: the lambda is local.
    pool = FORK.Pool(1)
    error, message = _local_object_error()
    try:
        with pytest.raises(error, match=message):
            pool.map(lambda x: x, [1])
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def test_a_bare_process_under_fork_runs_a_lambda_without_pickling_it() -> None:
    child = FORK.Process(target=lambda: None)
    child.start()
    child.join(30)
    assert child.exitcode == 0


# Claim 3 (q3): what each kind of callable raises when pickled.


def test_pickling_a_module_level_lambda_raises_picklingerror() -> None:
    with pytest.raises(pickle.PicklingError, match=_module_lambda_message()):
        pickle.dumps(MODULE_LAMBDA)


@pytest.mark.parametrize(
    "make",
    [_make_nested, lambda: (lambda x: x)],
    ids=["nested function", "lambda inside a function"],
)
def test_pickling_a_local_function_raises_attributeerror_before_3_14_and_picklingerror_after(
    make: Callable[[], Callable[[int], int]],
) -> None:
    error, message = _local_object_error()
    with pytest.raises(error, match=message) as raised:
        pickle.dumps(make())
    assert isinstance(raised.value, pickle.PicklingError) == (sys.version_info >= (3, 14))


# Claim 4 (q6): the 4300-digit limit applies to pickle protocols 0 and 1 only.


@pytest.fixture
def default_int_digit_limit() -> Iterator[None]:
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(4300)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(before)


@pytest.mark.usefixtures("default_int_digit_limit")
@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_a_4301_digit_int_pickles_from_protocol_2_on(protocol: int) -> None:
    huge = 10**4300  # 4301 decimal digits
    if protocol < 2:  # protocols 0 and 1 write ints as decimal text
        with pytest.raises(ValueError, match=r"Exceeds the limit \(4300"):
            pickle.dumps(huge, protocol=protocol)
    else:  # binary LONG1/LONG4 opcodes: no decimal conversion
        assert pickle.loads(pickle.dumps(huge, protocol=protocol)) == huge


@pytest.mark.usefixtures("default_int_digit_limit")
def test_multiprocessing_pickles_a_huge_int_with_a_binary_protocol() -> None:
    from multiprocessing.reduction import ForkingPickler

    huge = 10**4300
    assert pickle.loads(bytes(ForkingPickler.dumps(huge))) == huge


# Claim 5 (q2): a segfault is -11, not 139, in Python's own reports.


def test_a_segfaulting_child_process_has_exitcode_minus_11() -> None:
    child = FORK.Process(target=_segfault)
    child.start()
    child.join(30)
    assert child.exitcode == -signal.SIGSEGV == -11


@pytest.mark.parametrize(
    "code",
    [
        "import ctypes; ctypes.string_at(0)",
        "import ctypes, threading\n"
        "t = threading.Thread(target=ctypes.string_at, args=(0,)); t.start(); t.join()\n"
        "print('the main thread went on')",
    ],
    ids=["main thread", "another thread"],
)
def test_a_segfaulting_program_has_returncode_minus_11(code: str) -> None:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.returncode == -signal.SIGSEGV == -11
    assert "went on" not in done.stdout  # a segfault in a thread ends the whole program
