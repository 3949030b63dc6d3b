"""What a pool says when a task does not pickle, per version; and what a fork pool
does not pickle at all.

Claims in solutions/q4/ANSWER.md (a lambda and a nested function given to a fork
pool), katas/q5/README.md and solutions/q5/ANSWER.md (module-level functions only;
``initializer=lambda: None`` works under fork and fails under spawn; a bound method of
a ``Process`` subclass does not pickle): every task crosses a pipe, under fork too, so
``get_context("fork").Pool(1).map(f, [1])`` fails for a lambda and a nested function,
with a message that changed in 3.14; a bare fork ``Process`` runs a lambda because
nothing is sent; a pool's initializer is pickled only under spawn and forkserver.

    python bench/facts/a33_pickle_errors.py

Measured 2026-12-08 (2-core Linux VM):
    every version: fork Pool, Worker().compute: TypeError: Pickling an
      AuthenticationString object is disallowed for security reasons (3.14+ add notes
      "when serializing dict item 'authkey'", ...); fork Process, lambda target: ran,
      exit code 0; fork Pool, initializer=lambda: None: ran, returned [3].
    3.10.13, 3.11.7, 3.12.1:
      module-level lambda: _pickle.PicklingError: Can't pickle <function <lambda> at
        0x...>: attribute lookup <lambda> on __main__ failed
      nested function: AttributeError: Can't pickle local object 'main.<locals>.nested'
      forkserver/spawn Pool, initializer=lambda: AttributeError: Can't pickle local
        object 'pool_with_initializer.<locals>.<lambda>'
    3.13.0: the same, except the two AttributeErrors say "Can't get local object".
    3.14.10, 3.15.2:
      module-level lambda: _pickle.PicklingError: Can't pickle <function <lambda> at
        0x...>: it's not found as __main__.<lambda> [notes: when serializing tuple
        item 0 | ...]
      nested function: _pickle.PicklingError: Can't pickle local object <function
        main.<locals>.nested at 0x...> [notes: ...]
      forkserver/spawn Pool, initializer=lambda: _pickle.PicklingError: Can't pickle
        local object <function pool_with_initializer.<locals>.<lambda> at 0x...>
"""

from __future__ import annotations

import multiprocessing
import re
import sys
from collections.abc import Callable
from typing import Any


class Worker(multiprocessing.Process):
    def compute(self, x: int) -> int:
        return x * x


SQUARE: Callable[[int], int] = lambda x: x * x  # noqa: E731 - a module-level lambda on purpose


def tidy(error: BaseException) -> str:
    text = f"{type(error).__module__}.{type(error).__qualname__}: {error}"
    text = text.replace("builtins.", "")
    notes = getattr(error, "__notes__", [])
    if notes:
        text += f" [notes: {' | '.join(notes)}]"
    return re.sub(r" at 0x[0-9a-f]+", " at 0x...", text)[:220]


def outcome(call: Callable[[], object]) -> str:
    try:
        result = call()
    except Exception as error:  # noqa: BLE001 - the error is what we report
        return tidy(error)
    return f"ran, returned {result!r}"


def pool_map(method: str, func: Callable[[int], Any]) -> object:
    with multiprocessing.get_context(method).Pool(1) as pool:
        return pool.map(func, [3])


def pool_with_initializer(method: str) -> object:
    pool = multiprocessing.get_context(method).Pool(1, initializer=lambda: None)
    try:
        return pool.map(abs, [-3])
    finally:
        pool.terminate()
        pool.join()


def fork_process_lambda() -> object:
    child = multiprocessing.get_context("fork").Process(target=lambda: None)
    child.start()
    child.join()
    return f"exit code {child.exitcode}"


def main() -> None:
    def nested(x: int) -> int:
        return x

    print(f"Python {sys.version.split()[0]}")
    print("  fork Pool, module-level lambda: " + outcome(lambda: pool_map("fork", SQUARE)))
    print("  fork Pool, lambda in a function: " + outcome(lambda: pool_map("fork", lambda x: x)))
    print("  fork Pool, nested function:  " + outcome(lambda: pool_map("fork", nested)))
    print("  fork Pool, Worker().compute: " + outcome(lambda: pool_map("fork", Worker().compute)))
    print("  fork Process, lambda target: " + outcome(fork_process_lambda))
    for method in ("fork", "forkserver", "spawn"):
        print(f"  {method} Pool, initializer=lambda: None: " + outcome(lambda: pool_with_initializer(method)))


if __name__ == "__main__":
    main()
