"""Several interpreters in one process (3.14+): what runs in parallel, what is shared.

Claims in solutions/q1/ANSWER.md and solutions/q2/ANSWER.md (and the "going further"
notes of katas/q1/README.md and katas/q2/README.md): ``concurrent.interpreters`` and
``concurrent.futures.InterpreterPoolExecutor`` are new in 3.14. The executor runs each
task in one of several interpreters of the *same* process, each on its own thread and
with its own GIL, so pure-Python CPU work can overlap on the default build. The
interpreters share no module state: a module-level list changed in a worker stays
unchanged in the main interpreter, and a function from the main script is found by
running the script again in each worker interpreter under the name ``<fake __main__>``
(so the ``__main__`` guard matters here too). Arguments and results are copied (a dict
sent through an interpreter queue comes out as another dict); a ``memoryview`` shares
its buffer; a lock cannot be sent at all. An extension module that does not support
subinterpreters refuses to load (numpy here). An ``Interpreter`` has no method to stop a
call it is running: ``close()`` refuses while it runs.

    python bench/facts/a07_interpreters.py

Measured 2026-12-08, 2-core Linux VM shared with other work:
    3.10.13, 3.11.7, 3.12.1, 3.13.0: concurrent.interpreters: ModuleNotFoundError;
      InterpreterPoolExecutor in concurrent.futures: False
    3.14.10 and 3.15.2, the same apart from timings:
      pids [P] (main P), interpreter ids [1, 2] (main 0); main's SEEN after the tasks: []
      Interpreter methods ['call', 'call_in_thread', 'close', 'exec', 'id', 'is_running',
        'prepare_main', 'whence']; close() while it runs a call: InterpreterError:
        interpreter running
      dict through a queue: equal True, same object False; memoryview written by another
        interpreter: shared[0] = 42; a threading.Lock as argument: NotShareableError;
        import numpy in an interpreter: ... module numpy._core._multiarray_umath does not
        support loading in subinterpreters
      the script's top level ran as: ['__main__', '<fake __main__>', '<fake __main__>']
        (one per worker interpreter; one run on 3.14 used a single worker)
      timings, 4 runs at load average 1.1 (2 each on 3.14.10 and 3.15.2):
        create+close an interpreter: median 21.9-29.4 ms;
        2 x spin(6000000): serial 0.36-0.56 s, 2 threads 0.31-0.54 s (CPU/wall
        0.99-1.00), 2 interpreters 0.20-0.28 s (CPU/wall 1.81-1.99)
      (earlier runs at load average 4.5-6.0: create+close 22.6-45.8 ms; 2 interpreters
        CPU/wall 0.68-0.91, no free core to overlap on)
"""

from __future__ import annotations

import concurrent.futures
import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = """
import concurrent.futures, os, statistics, sys, threading, time

with open(sys.argv[1], "a") as log:
    log.write(f"{__name__}\\n")

SEEN = []


def where(x):
    from concurrent import interpreters
    SEEN.append(x)
    return os.getpid(), interpreters.get_current().id, len(SEEN)


def spin(n):
    total = 0
    for i in range(n):
        total += i
    return total


def fill(buffer):
    buffer[0] = 42
    return len(buffer)


def timed(make, n):
    with make(2) as executor:
        list(executor.map(spin, [1000, 1000]))  # both workers exist before the clock starts
        cpu, wall = time.process_time(), time.perf_counter()
        list(executor.map(spin, [n, n]))
        return time.perf_counter() - wall, time.process_time() - cpu


if __name__ == "__main__":
    from concurrent import interpreters
    with concurrent.futures.InterpreterPoolExecutor(2) as executor:
        done = list(executor.map(where, range(6)))
    print(f"pids {sorted({d[0] for d in done})} (main {os.getpid()}), interpreter ids "
          f"{sorted({d[1] for d in done})} (main {interpreters.get_current().id}); "
          f"main's SEEN after the tasks: {SEEN}")
    queue = interpreters.create_queue()
    sent = {"a": [1, 2]}
    queue.put(sent)
    got = queue.get()
    shared = bytearray(4)
    interp = interpreters.create()
    interp.call(fill, memoryview(shared))
    try:
        interp.call(fill, threading.Lock())
        lock = "sent"
    except Exception as error:
        lock = type(error).__name__
    try:
        interp.exec("import numpy")
        numpy = "imported"
    except Exception as error:
        numpy = str(error).strip().splitlines()[-1][:100]
    interp.close()
    busy = interpreters.create()
    worker = busy.call_in_thread(spin, 30_000_000)
    time.sleep(0.2)
    try:
        busy.close()
        stop = "closed it"
    except Exception as error:
        stop = f"{type(error).__name__}: {error}"
    worker.join()
    busy.close()
    methods = [name for name in dir(interpreters.Interpreter) if not name.startswith("_")]
    print(f"Interpreter methods {methods}; close() while it runs a call: {stop}")
    print(f"dict through a queue: equal {got == sent}, same object {got is sent}; "
          f"memoryview written by another interpreter: shared[0] = {shared[0]}; "
          f"a threading.Lock as argument: {lock}; import numpy in an interpreter: {numpy}")
    costs = []
    for _ in range(5):
        start = time.perf_counter()
        interpreters.create().close()
        costs.append(time.perf_counter() - start)
    n = int(sys.argv[2])
    cpu, wall = time.process_time(), time.perf_counter()
    spin(n)
    spin(n)
    serial = time.perf_counter() - wall, time.process_time() - cpu
    threads = timed(concurrent.futures.ThreadPoolExecutor, n)
    interps = timed(concurrent.futures.InterpreterPoolExecutor, n)
    load = os.getloadavg()[0]
    print(f"create+close an interpreter: median {statistics.median(costs) * 1000:.1f} ms; "
          f"2 x spin({n}): serial {serial[0]:.2f} s, 2 threads {threads[0]:.2f} s "
          f"(CPU/wall {threads[1] / threads[0]:.2f}), 2 interpreters {interps[0]:.2f} s "
          f"(CPU/wall {interps[1] / interps[0]:.2f}); load average {load:.1f}")
"""


def main() -> None:
    print(f"Python {sys.version.split()[0]}:")
    if not hasattr(concurrent.futures, "InterpreterPoolExecutor"):
        try:
            __import__("concurrent.interpreters")
            print("  concurrent.interpreters: present")
        except ImportError as error:
            print(f"  concurrent.interpreters: {type(error).__name__}")
        print("  InterpreterPoolExecutor in concurrent.futures: False")
        return
    with tempfile.TemporaryDirectory() as name:
        script = Path(name) / "interps.py"
        log = Path(name) / "log"
        script.write_text(SCRIPT)
        done = subprocess.run(
            [sys.executable, str(script), str(log), "6000000"], capture_output=True, text=True, timeout=120, check=False
        )
        for line in done.stdout.splitlines():
            print(f"  {line}")
        if done.returncode:
            print(done.stderr[-2000:])
        print(f"  the script's top level ran as: {log.read_text().splitlines()}")


if __name__ == "__main__":
    main()
