"""What a target that does not pickle raises, per kind of callable and per version.

Claims in katas/q3/README.md (Hint 4), solutions/q3/ANSWER.md ("What start() does") and
solutions/q1/ANSWER.md (a lambda given to a fork pool): under spawn (and forkserver)
``Process.start()`` pickles the target, and a pool pickles every task even under fork.
A lambda assigned at module level raises ``PicklingError`` in every version, with a
message that 3.14 reworded ("attribute lookup <lambda> on __main__ failed" became "it's
not found as __main__.<lambda>"). A function or lambda defined inside a function raised
``AttributeError`` ("Can't pickle local object" up to 3.12, "Can't get local object"
on 3.13) and raises ``PicklingError`` ("Can't pickle local object <function ...>") from
3.14, which also attaches notes saying where the object was met. A function defined in
``python -c`` code cannot be found by a spawn child.

Each case runs in a script, so that ``__main__`` is a real module; addresses are masked.

    python bench/facts/a04_pickling_errors.py

Measured 2026-12-08, 2-core Linux VM shared with other work (addresses masked; the
type prints as ``_pickle.PicklingError``, the same class as ``pickle.PicklingError``):
    3.10.13, 3.11.7, 3.12.1:
      spawn Process, lambda at module level: _pickle.PicklingError: Can't pickle
        <function <lambda> at 0x...>: attribute lookup <lambda> on __main__ failed
      spawn Process, nested function: AttributeError: Can't pickle local object
        'make_nested.<locals>.inner'
      spawn Process, lambda inside a function: AttributeError: Can't pickle local object
        'local_lambda.<locals>.<lambda>'
      fork Pool.map, lambda written in place at module level: the same PicklingError
      fork Pool.map, nested function: the same AttributeError
      spawn (and forkserver) Process, function defined in python -c: child says
        AttributeError: Can't get attribute 'greetings' on <module '__main__' (built-in)>
        (3.12.1: (<class '_frozen_importlib.BuiltinImporter'>)); parent printed 'exit code 1'
    3.13.0: as 3.12.1, except "Can't get local object" instead of "Can't pickle local
      object" (still AttributeError)
    3.14.10, 3.15.2:
      spawn Process, lambda at module level: _pickle.PicklingError: Can't pickle
        <function <lambda> at 0x...>: it's not found as __main__.<lambda>  [notes: when
        serializing dict item '_target' / when serializing
        multiprocessing.context.SpawnProcess state / ... object]
      spawn Process, nested function: _pickle.PicklingError: Can't pickle local object
        <function make_nested.<locals>.inner at 0x...>  [the same notes]
      spawn Process, lambda inside a function: _pickle.PicklingError: Can't pickle local
        object <function local_lambda.<locals>.<lambda> at 0x...>  [the same notes]
      fork Pool.map: the same two PicklingErrors  [notes: when serializing tuple item 0 /
        ... tuple item 3]
      spawn (and forkserver) Process, function defined in python -c: child says
        AttributeError: module '__main__' has no attribute 'greetings'; parent printed
        'exit code 1'
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = """
import multiprocessing, sys

MODULE_LAMBDA = lambda: None


def make_nested():
    def inner():
        pass
    return inner


def local_lambda():
    return lambda: None


def describe(error):
    kind = f"{type(error).__module__}.{type(error).__qualname__}".replace("builtins.", "")
    notes = getattr(error, "__notes__", [])
    return f"{kind}: {error}" + (f"  [notes: {' / '.join(notes)}]" if notes else "")


def start(ctx, target):
    try:
        child = ctx.Process(target=target)
        child.start()
        child.join()
        return f"started, exit code {child.exitcode}"
    except Exception as error:
        return describe(error)


def pool_map(func):
    pool = multiprocessing.get_context("fork").Pool(1)
    try:
        return f"returned {pool.map(func, [1])}"
    except Exception as error:
        return describe(error)
    finally:
        pool.terminate()
        pool.join()


if __name__ == "__main__":
    spawn = multiprocessing.get_context("spawn")
    print("spawn Process, lambda at module level:", start(spawn, MODULE_LAMBDA))
    print("spawn Process, nested function:", start(spawn, make_nested()))
    print("spawn Process, lambda inside a function:", start(spawn, local_lambda()))
    print("fork Pool.map, lambda written in place at module level:", pool_map(lambda x: x))
    print("fork Pool.map, nested function:", pool_map(make_nested()))
"""

DASH_C = """
import multiprocessing, sys
def greetings():
    print("Viva La")
if __name__ == "__main__":
    child = multiprocessing.get_context(sys.argv[1]).Process(target=greetings)
    child.start()
    child.join()
    print("exit code", child.exitcode)
"""


def masked(text: str) -> str:
    return re.sub(r"0x[0-9a-f]+", "0x...", text)


def main() -> None:
    print(f"Python {sys.version.split()[0]}:")
    with tempfile.TemporaryDirectory() as name:
        script = Path(name) / "pickling.py"
        script.write_text(SCRIPT)
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False)
        for line in done.stdout.splitlines():
            print(f"  {masked(line)}")
    for method in ("spawn", "forkserver"):
        done = subprocess.run(
            [sys.executable, "-c", DASH_C, method], capture_output=True, text=True, timeout=60, check=False
        )
        last = [line for line in done.stderr.splitlines() if line.startswith("AttributeError")]
        print(f"  {method} Process, function defined in python -c: child says "
              f"{masked(last[-1]) if last else 'nothing'}; parent printed {done.stdout.strip()!r}")


if __name__ == "__main__":
    main()
