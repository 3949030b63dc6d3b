"""A ``multiprocessing.Queue`` pickles in a feeder thread: what that means for errors,
and what can be sent through it once the processes are running.

Claims in katas/q9/README.md and solutions/q9/ANSWER.md: ``put()`` returns at once and
a feeder thread pickles the object later; an object that does not pickle makes no
error in ``put()``: the feeder prints a traceback to stderr, drops the object and goes
on with the next one, and a consumer waiting for it waits forever (here: until its
timeout). Sockets and ``Connection`` objects can be sent to a running process (on Unix
multiprocessing's pickler duplicates their file descriptor; sending a socket starts a
"resource sharer" thread in the sender); a ``multiprocessing.Queue`` or ``Lock``,
a ``threading.Lock``, an open file and a generator cannot. ``Connection.send()``
pickles in the caller, so there the error is raised at once. After ``close()`` the
feeder thread ends soon, not at once; ``join_thread()`` waits for it.

    python bench/facts/a48_queue_feeder.py

Measured 2026-12-08 (2-core Linux VM), spawn context, the same on every version
(3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10, 3.15.2) except the pickling message:
    "put() of 10 MiB with nobody reading returned after 0.22-3.82 ms"
    "put(a lambda) returned after 0.21-2.39 ms, no exception; the feeder printed:
      ['_pickle.PicklingError: Can't pickle <function <lambda> at 0x...>: attribute
      lookup <lambda> on __main__ failed']" (3.14.10, 3.15.2: "...: it's not found as
      __main__.<lambda>"); "the consumer's get(timeout=2): 'nothing for 2 s'"; "after
      another lambda, the next item still comes: 'the next item'"
    "socket: arrived (socket: used it)"; "Connection: arrived (Connection: used it)";
    "multiprocessing.Queue: never arrived; the feeder printed 'RuntimeError: Queue
      objects should only be shared between processes through inheritance'" (Lock:
      the same with "Lock objects"); threading.Lock: "TypeError: cannot pickle
      '_thread.lock' object"; open file: "TypeError: cannot pickle '_io.TextIOWrapper'
      object" (3.12.1 to 3.15.2: "cannot pickle 'TextIOWrapper' instances"); generator:
      "TypeError: cannot pickle 'generator' object"
    "threads started in the sender meanwhile: ['Thread-1 (_serve)']"
    "Connection.send(threading.Lock()): raised at once: TypeError: cannot pickle
      '_thread.lock' object"
    "feeder thread alive right after close(): True; after join_thread(): False"
"""

from __future__ import annotations

import io
import multiprocessing
import queue
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import redirect_stderr
from typing import Any

ADD_ONE = lambda x: x + 1  # noqa: E731 - a module-level lambda, on purpose


def consumer(tasks: Any, report: Any) -> None:
    """Report each item received (using sockets and connections), until 2 s pass with none."""
    while True:
        try:
            item = tasks.get(timeout=2.0)
        except queue.Empty:
            report.put("nothing for 2 s")
            return
        if isinstance(item, socket.socket):
            item.sendall(b"hello over the sent socket")
            item.close()
            report.put("socket: used it")
        elif hasattr(item, "send_bytes"):
            item.send("hello over the sent connection")
            item.close()
            report.put("Connection: used it")
        else:
            report.put(repr(item)[:40])


def numbers() -> Iterator[int]:
    yield 1


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    ctx: Any = multiprocessing.get_context("spawn")

    # put() returns before the data is in the pipe
    q: Any = ctx.Queue()
    started = time.perf_counter()
    q.put(bytes(10 * 2**20))
    took = time.perf_counter() - started
    got = len(q.get())
    print(f"put() of 10 MiB with nobody reading returned after {took * 1e3:.2f} ms (then read: {got} bytes)")

    # an unpicklable object; a consumer in another process waits for it
    tasks: Any = ctx.Queue()
    report: Any = ctx.Queue()
    child = ctx.Process(target=consumer, args=(tasks, report))
    child.start()
    captured = io.StringIO()
    with redirect_stderr(captured):
        started = time.perf_counter()
        tasks.put(ADD_ONE)
        took = time.perf_counter() - started
        waited = report.get(timeout=30)
    child.join()
    last = [line for line in captured.getvalue().splitlines() if line.strip()][-1:]
    print(f"put(a lambda) returned after {took * 1e3:.2f} ms, no exception; the feeder printed: {last}")
    print(f"  the consumer's get(timeout=2): {waited!r}")
    with redirect_stderr(io.StringIO()):
        tasks.put(ADD_ONE)
        tasks.put("the next item")
        time.sleep(0.5)
    print(f"  after another lambda, the next item still comes: {tasks.get(timeout=10)!r}")

    child = ctx.Process(target=consumer, args=(tasks, report))
    child.start()

    # objects sent to a running process
    left, right = socket.socketpair()
    mine, theirs = ctx.Pipe()
    handle = open(__file__)  # noqa: SIM115 - closed below
    candidates: list[tuple[str, object]] = [
        ("socket", right),
        ("Connection", theirs),
        ("multiprocessing.Queue", ctx.Queue()),
        ("multiprocessing.Lock", ctx.Lock()),
        ("threading.Lock", threading.Lock()),
        ("open file", handle),
        ("generator", numbers()),
    ]
    threads_before = {t.name for t in threading.enumerate()}
    for name, thing in candidates:
        captured = io.StringIO()
        with redirect_stderr(captured):
            tasks.put(thing)
            tasks.put(f"marker after {name}")
            time.sleep(0.3)
        errors = [line for line in captured.getvalue().splitlines() if line.strip()]
        first = report.get(timeout=10)
        if first.startswith("'marker"):
            print(f"  {name}: never arrived; the feeder printed {errors[-1][:100] if errors else 'nothing'!r}")
        else:
            report.get(timeout=10)  # its marker
            print(f"  {name}: arrived ({first})")
    left.settimeout(5)
    print(f"  read from the socket's other end: {left.recv(100)!r}; from the pipe: {mine.recv()!r}")
    new_threads = sorted({t.name for t in threading.enumerate()} - threads_before)
    print(f"  threads started in the sender meanwhile: {new_threads}")
    tasks.put(None)
    print(f"  consumer's last report: {report.get(timeout=10)!r}")
    child.join()
    handle.close()

    # Connection.send pickles in the caller
    try:
        mine.send(threading.Lock())
        print("Connection.send(threading.Lock()): sent")
    except Exception as error:  # noqa: BLE001
        print(f"Connection.send(threading.Lock()): raised at once: {type(error).__name__}: {error}")

    # close() and join_thread()
    q2: Any = ctx.Queue()
    before = set(threading.enumerate())
    q2.put(1)
    (feeder,) = set(threading.enumerate()) - before
    q2.get()
    q2.close()
    right_after = feeder.is_alive()
    q2.join_thread()
    after_join = feeder.is_alive()
    print(f"feeder thread alive right after close(): {right_after}; after join_thread(): {after_join}")
    for each in (q, tasks, report):
        each.close()
        each.join_thread()


if __name__ == "__main__":
    main()
