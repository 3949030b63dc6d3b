"""FOUNDATIONS #1: forkserver children write to the stdout the server had when it started.

Runs pytest in a subprocess on a throw-away test file. Under each start method, two
identical tests start a child that prints one line while ``capfd`` captures file
descriptor 1; a third test first stops the forkserver so that a new one starts inside
its capture. Prints what each test captured.

    python bench/facts/f01_forkserver_stdout.py
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

TEST_FILE = textwrap.dedent(
    '''
    import json
    import multiprocessing
    import multiprocessing.forkserver
    import os

    import pytest

    RESULTS = os.environ["FACT_RESULTS"]


    # In this order: every method's first test, then the second ones, then "restarted".
    @pytest.mark.parametrize(
        ("method", "test"),
        [(m, t) for t in ("first", "second", "restarted") for m in ("fork", "forkserver", "spawn")],
    )
    def test_child_prints(method, test, capfd):
        if test == "restarted" and method == "forkserver":
            multiprocessing.forkserver._forkserver._stop()
        child = multiprocessing.get_context(method).Process(target=print, args=("hello",))
        child.start()
        child.join()
        captured = capfd.readouterr().out
        with open(RESULTS, "a") as results:
            results.write(json.dumps([method, test, captured]) + "\\n")
    '''
)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "test_capture.py").write_text(TEST_FILE)
        results = root / "results.jsonl"
        env = {**os.environ, "FACT_RESULTS": str(results)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_capture.py"],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            out, _ = proc.communicate(timeout=30)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        if not results.exists():
            sys.exit(f"pytest wrote no results:\n{out.decode()}")
        seen: dict[tuple[str, str], str] = {}
        for line in results.read_text().splitlines():
            method, test, captured = json.loads(line)
            seen[(method, test)] = captured
    parts = []
    for method in ("fork", "forkserver", "spawn"):
        got = ", ".join(f"{test} {seen.get((method, test))!r}" for test in ("first", "second", "restarted"))
        parts.append(f"{method}: {got}")
    print("capfd captured -> " + "; ".join(parts))


if __name__ == "__main__":
    main()
