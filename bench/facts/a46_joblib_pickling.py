"""What joblib's loky and multiprocessing backends can send, and a few of joblib's errors.

Claims in katas/q8/README.md and solutions/q8/ANSWER.md: loky pickles tasks with
cloudpickle, so a lambda and a nested function work; the multiprocessing backend uses
the standard pickle, so a lambda fails there as it does with ``Pool.map`` (exception type
per version); ``return_as="generator"`` is refused by the multiprocessing backend;
``delayed(f(x))`` (the call made too early) fails with "cannot unpack non-iterable
function object"; a multiprocessing-backend loop nested in a loky worker warns and runs
with ``n_jobs=1``; a script with no ``if __name__ == "__main__":`` guard works with
loky (its top level runs once: the workers do not import it).

    python bench/facts/a46_joblib_pickling.py

Measured 2026-12-08 (2-core Linux VM, joblib 1.6.0):
    every version (3.10.13 to 3.15.2): "loky, a lambda: returned [1, 2, 3]"; "loky, a
      nested function: returned [10, 11, 12]"; return_as='generator' with the
      multiprocessing backend: "ValueError: Backend <...MultiprocessingBackend ...>
      does not support return_as"; "delayed(cube(x)): builtins.TypeError: cannot
      unpack non-iterable function object"; inside a loky worker: "[0, 1, 2], warning:
      'Multiprocessing-backed parallel loops cannot be nested, below loky, setting
      n_jobs=1'"; "a script with no guard, loky: rc 0; top level ran 1 time(s);
      printed ['[0, 1, 2, 3]']"
    multiprocessing backend (fork up to 3.13, forkserver on 3.14 and 3.15) and Pool.map:
      3.10.13-3.13.0: module-level lambda "_pickle.PicklingError: Can't pickle
        <function <lambda> at 0x...>: attribute lookup <lambda> on __main__ failed";
        lambda in a function "builtins.AttributeError: Can't pickle local object
        'main.<locals>...<lambda>'" (3.13.0: "Can't get local object")
      3.14.10, 3.15.2: module-level lambda "_pickle.PicklingError: Can't pickle
        <function <lambda> at 0x...>: it's not found as __main__.<lambda>"; lambda in
        a function "_pickle.PicklingError: Can't pickle local object <function
        main.<locals>...<lambda> at 0x...>"
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

from joblib import Parallel, delayed  # type: ignore[import-untyped]
from joblib.externals.loky import get_reusable_executor  # type: ignore[import-untyped]

NO_GUARD = """
import os
from joblib import Parallel, delayed
print("top level ran in", os.getpid())
print(Parallel(n_jobs=2)(delayed(abs)(-i) for i in range(4)))
"""


ADD_ONE = lambda x: x + 1  # noqa: E731 - a module-level lambda, on purpose


def cube(x: int) -> int:
    return x**3


def nested_multiprocessing(_: int) -> str:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = Parallel(n_jobs=2, backend="multiprocessing")(delayed(abs)(-i) for i in range(3))
    said = "; ".join(str(w.message) for w in caught)
    return f"{result}, warning: {said!r}"


def outcome(call: Any) -> str:
    try:
        return f"returned {call()!r}"
    except Exception as error:  # noqa: BLE001 - the point is to show it
        first = str(error).splitlines()[0] if str(error) else ""
        return f"{type(error).__module__}.{type(error).__name__}: {first[:110]}"


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    offset = 10

    def nested(x: int) -> int:
        return x + offset

    print("loky, a lambda:", outcome(lambda: Parallel(n_jobs=2)(delayed(lambda x: x + 1)(i) for i in range(3))))
    print("loky, a nested function:", outcome(lambda: Parallel(n_jobs=2)(delayed(nested)(i) for i in range(3))))
    mp_backend = "multiprocessing"
    print(f"backend={mp_backend!r} (start method {multiprocessing.get_start_method()}):")
    print(
        "  a module-level lambda:",
        outcome(lambda: Parallel(n_jobs=2, backend=mp_backend)(delayed(ADD_ONE)(i) for i in range(3))),
    )
    print(
        "  a lambda in a function:",
        outcome(lambda: Parallel(n_jobs=2, backend=mp_backend)(delayed(lambda x: x + 1)(i) for i in range(3))),
    )
    with multiprocessing.get_context().Pool(2) as pool:
        print("Pool.map, a module-level lambda:", outcome(lambda: pool.map(ADD_ONE, range(3))))
    print(
        f"backend={mp_backend!r}, return_as='generator':",
        outcome(lambda: list(Parallel(n_jobs=2, backend=mp_backend, return_as="generator")(
            delayed(cube)(i) for i in range(3)))),
    )
    print("delayed(cube(x)):", outcome(lambda: Parallel(n_jobs=2)(delayed(cube(x)) for x in range(3))))
    print("multiprocessing backend inside a loky worker:", Parallel(n_jobs=2)(delayed(nested_multiprocessing)(0) for _ in range(1))[0])
    get_reusable_executor().shutdown(wait=True)
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "no_guard.py"
        script.write_text(NO_GUARD)
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    lines = done.stdout.splitlines()
    ran = sum(line.startswith("top level ran") for line in lines)
    print(f"a script with no guard, loky: rc {done.returncode}; top level ran {ran} time(s); printed {lines[-1:]}")
    _ = os.getpid()


if __name__ == "__main__":
    main()
