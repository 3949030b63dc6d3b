"""``counter.value += 1`` on a synchronized Value: its bytecode, and how many times it
takes the Value's lock.

Claims in katas/q10/README.md ("Why counter.value += 1 loses updates", hints 1 and 3)
and solutions/q10/ANSWER.md:

- ``counter.value += 1`` compiles to a load of ``value``, an add, and a store of
  ``value``: three separate steps (the add is ``INPLACE_ADD`` on 3.10 and
  ``BINARY_OP`` (``+=``) from 3.11);
- on a ``Value``, the getter and the setter each take the lock and release it: two
  acquisitions per ``+=``, none held across the add; under ``get_lock()`` the same
  RLock is taken three times (once by you, then re-entered by the getter and setter);
- a synchronized ``Value`` cannot be sent through a queue (only inherited at process
  start); the error message;
- ``SharedMemory(create=True, size=0)`` is an error; the message.

    python bench/facts/a62_value_increment_bytecode.py

Measured 2026-12-08 (2-core Linux VM):
    3.10.13: counter.value += 1 compiles to: LOAD_FAST counter, DUP_TOP, LOAD_ATTR value,
      INPLACE_ADD, ROT_TWO, STORE_ATTR value
    3.11.7, 3.12.1, 3.13.0: LOAD_FAST counter, COPY, LOAD_ATTR value, BINARY_OP +=,
      SWAP, STORE_ATTR value
    3.14.10, 3.15.2: LOAD_FAST_BORROW counter, COPY, LOAD_ATTR value, BINARY_OP +=,
      SWAP, STORE_ATTR value
    all six: lock acquisitions per +=: bare 2, inside get_lock() 3
    all six: a Value through a Queue: put() returned; get() received nothing in 2 s;
      the feeder thread printed: RuntimeError: Synchronized objects should only be
      shared between processes through inheritance
    all six: a Value as a Pool.map argument: map raised RuntimeError: Synchronized
      objects should only be shared between processes through inheritance
    all six: SharedMemory(create=True, size=0): ValueError: 'size' must be a positive
      number different from zero
"""

from __future__ import annotations

import contextlib
import dis
import io
import multiprocessing
import sys
from multiprocessing.shared_memory import SharedMemory
from queue import Empty
from types import TracebackType
from typing import Any


class CountingLock:
    """A lock that counts how often it is taken (``Value(..., lock=...)`` accepts any
    object with acquire/release and the context-manager methods)."""

    def __init__(self) -> None:
        self._lock = multiprocessing.get_context("fork").RLock()
        self.taken = 0

    def acquire(self, block: bool = True, timeout: float | None = None) -> bool:
        self.taken += 1
        return self._lock.acquire(block, -1 if timeout is None else timeout)

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def increment(counter: Any) -> None:
    counter.value += 1


def main() -> None:
    steps = [
        f"{i.opname} {i.argrepr}".strip()
        for i in dis.get_instructions(increment)
        if i.opname not in ("RESUME", "RETURN_CONST", "RETURN_VALUE", "LOAD_CONST", "LOAD_SMALL_INT",
                             "LOAD_COMMON_CONSTANT", "POP_TOP", "NOP")
    ]
    print(f"Python {sys.version.split()[0]}: counter.value += 1 compiles to: {', '.join(steps)}")

    context: Any = multiprocessing.get_context("fork")
    lock = CountingLock()
    counter = context.Value("q", 0, lock=lock)
    increment(counter)
    bare = lock.taken
    lock.taken = 0
    with counter.get_lock():
        increment(counter)
    print(f"  lock acquisitions per +=: bare {bare}, inside get_lock() {lock.taken}")

    queue = context.Queue()
    printed = io.StringIO()
    try:
        with contextlib.redirect_stderr(printed):  # the queue's feeder thread prints here
            queue.put(context.Value("q", 0))
            outcome = "put() returned; "
            try:
                queue.get(timeout=2)
                outcome += "get() received it"
            except Empty:
                outcome += "get() received nothing in 2 s"
    except Exception as error:  # noqa: BLE001 - the message is what we report
        outcome = f"put() raised {type(error).__name__}: {error}"
    finally:
        queue.close()
        queue.join_thread()
    lines = printed.getvalue().strip().splitlines()
    thread_said = lines[-1] if lines else "nothing"
    print(f"  a Value through a Queue: {outcome}; the feeder thread printed: {thread_said}")

    with context.Pool(1) as pool:
        try:
            pool.map(increment, [context.Value("q", 0)])
            print("  a Value as a Pool.map argument: ran")
        except Exception as error:  # noqa: BLE001
            print(f"  a Value as a Pool.map argument: map raised {type(error).__name__}: {error}")

    try:
        SharedMemory(create=True, size=0)
        print("  SharedMemory(create=True, size=0): created")
    except Exception as error:  # noqa: BLE001
        print(f"  SharedMemory(create=True, size=0): {type(error).__name__}: {error}")


if __name__ == "__main__":
    main()
