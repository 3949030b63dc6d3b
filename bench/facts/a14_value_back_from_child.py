"""A value back from a child through a Queue and a Pipe, and a Process subclass, per method.

Claims in solutions/q3/ANSWER.md ("What a strong candidate adds") and katas/q3/README.md
("A value back from the child", "Subclassing Process"): the answer's queue example gives
49, its pipe example 64, and its ``Greeter`` subclass prints ``Viva La Vida``, each with
exit code 0, under all three start methods.

    python bench/facts/a14_value_back_from_child.py

Measured 2026-12-08, 2-core Linux VM: the same on 3.10.13, 3.11.7, 3.12.1, 3.13.0,
3.14.10 and 3.15.2, for fork, forkserver and spawn:
    queue 49 (exit 0), pipe 64 (exit 0), subclass printed 'Viva La Vida' (exit 0)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = """
import multiprocessing, sys


def square_into(queue, x):
    queue.put(x * x)


def square_through(conn, x):
    conn.send(x * x)
    conn.close()


class Greeter(multiprocessing.Process):
    def __init__(self, name):
        super().__init__()
        self.greeting = f"Viva La {name}"

    def run(self):
        print(self.greeting, flush=True)


if __name__ == "__main__":
    multiprocessing.set_start_method(sys.argv[1])
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=square_into, args=(queue, 7))
    child.start()
    result = queue.get(timeout=10)
    child.join()
    parent_end, child_end = multiprocessing.Pipe(duplex=False)
    piped = multiprocessing.Process(target=square_through, args=(child_end, 8))
    piped.start()
    child_end.close()
    value = parent_end.recv()
    piped.join()
    greeter = Greeter("Vida")
    greeter.start()
    greeter.join()
    print(f"queue {result} (exit {child.exitcode}), pipe {value} (exit {piped.exitcode}), "
          f"subclass exit {greeter.exitcode}", flush=True)
"""


def main() -> None:
    print(f"Python {sys.version.split()[0]}:")
    with tempfile.TemporaryDirectory() as name:
        script = Path(name) / "value_back.py"
        script.write_text(SCRIPT)
        for method in ("fork", "forkserver", "spawn"):
            done = subprocess.run(
                [sys.executable, str(script), method], capture_output=True, text=True, timeout=60, check=False
            )
            lines = done.stdout.splitlines()
            greeted = "Viva La Vida" in lines
            summary = next((line for line in lines if line.startswith("queue")), done.stderr[-200:])
            print(f"  {method}: {summary}; subclass printed 'Viva La Vida': {greeted}")


if __name__ == "__main__":
    main()
