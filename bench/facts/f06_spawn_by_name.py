"""FOUNDATIONS #6: children find functions by module and name.

In this process: a lambda and a nested function handed to ``Pool.map`` (under fork,
where nothing needs to be imported) and to ``Process`` (fork and spawn). Then, through
pytest in a subprocess: a ``Process`` target defined in the test file itself, under
spawn and forkserver, with pytest's default ``prepend`` import mode and with
``importlib`` mode. Prints what happened in each case.

    python bench/facts/f06_spawn_by_name.py
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

TEST_FILE = textwrap.dedent(
    '''
    import json
    import multiprocessing
    import os

    import pytest


    def defined_in_the_test_file():
        pass


    @pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
    def test_target_from_the_test_file(method, capfd):
        child = multiprocessing.get_context(method).Process(target=defined_in_the_test_file)
        child.start()
        child.join(20)
        err = capfd.readouterr().err.strip()
        last = err.splitlines()[-1] if err else ""
        with open(os.environ["FACT_RESULTS"], "a") as results:
            results.write(json.dumps([method, child.exitcode, last]) + "\\n")
    '''
)


def outcome(call: Callable[[], object]) -> str:
    try:
        result = call()
    except Exception as error:  # noqa: BLE001 - what was raised is the measurement
        return f"{type(error).__name__} ({str(error)[:30]}...)"
    return f"ok ({result})"


def pool_map(function: Callable[[int], int]) -> list[int]:
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.map(function, [1, 2])


def process_exitcode(method: str, function: Callable[[], None]) -> int | None:
    context: Any = multiprocessing.get_context(method)  # a str picks no typed overload
    child = context.Process(target=function)
    child.start()
    child.join(10)
    code: int | None = child.exitcode
    return code


def in_this_process() -> str:
    def nested(x: int) -> int:
        return x + 1

    def nested_target() -> None:
        pass

    square: Callable[[int], int] = lambda x: x * x  # noqa: E731 - the point of the test
    return (
        f"fork Pool.map(lambda): {outcome(lambda: pool_map(square))}, "
        f"fork Pool.map(nested def): {outcome(lambda: pool_map(nested))}; "
        f"Process(target=nested def) under fork: exit code "
        f"{outcome(lambda: process_exitcode('fork', nested_target))}, "
        f"under spawn: {outcome(lambda: process_exitcode('spawn', nested_target))}"
    )


def through_pytest(mode: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "tests").mkdir()
        (root / "elsewhere").mkdir()
        test_file = root / "tests" / "test_targets.py"
        test_file.write_text(TEST_FILE)
        results = root / "results.jsonl"
        # Run from another folder, so the test file's folder is on sys.path only if
        # pytest puts it there.
        proc = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--import-mode={mode}",
             "--rootdir", str(root / "tests"), str(test_file)],
            cwd=root / "elsewhere",
            env={**os.environ, "FACT_RESULTS": str(results)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            out, _ = proc.communicate(timeout=60)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        if not results.exists():
            sys.exit(f"pytest wrote no results:\n{out.decode()}")
        rows = [json.loads(line) for line in results.read_text().splitlines()]
    shown = ", ".join(
        f"{method} exit {code}" + (f" ({last[:50]})" if code else "") for method, code, last in rows
    )
    return f"{mode}: {shown}"


def main() -> None:
    print(in_this_process())
    print(
        "Process target defined in a pytest test file, --import-mode="
        + "; ".join(through_pytest(mode) for mode in ("prepend", "importlib"))
    )


if __name__ == "__main__":
    main()
