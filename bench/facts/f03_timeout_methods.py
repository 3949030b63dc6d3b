"""FOUNDATIONS #3: pytest-timeout's thread method ends the whole run; signal fails one test.

Runs pytest in a subprocess on a throw-away file of three tests: one blocks in
``Pool.map``, one in ``Process.join()``, the last passes at once. With
``--timeout 2`` under each method, prints the exit code, which tests reported a
result, how long pytest took to exit, and how many of its pool workers outlived it
(they hold pytest's output pipe open). Everything left is killed afterwards.

    python bench/facts/f03_timeout_methods.py
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import psutil

TOKEN_ENV = "FACT_F03_TOKEN"

TEST_FILE = textwrap.dedent(
    """
    import multiprocessing
    import time


    def test_pool_map_blocks():
        with multiprocessing.get_context("fork").Pool(2) as pool:
            pool.map(time.sleep, [30, 30])


    def test_join_blocks():
        child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(30,))
        child.start()
        try:
            child.join()
        finally:
            child.terminate()
            child.join()


    def test_after_them():
        pass
    """
)


def with_token(token: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get(TOKEN_ENV) == token and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except psutil.Error:
            continue
    return found


def fd_targets(pid: int) -> set[str]:
    """What the process's file descriptors point to (Linux), e.g. ``pipe:[1234]``."""
    targets = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                targets.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
            except OSError:
                continue
    except OSError:
        pass
    return targets


def run(root: Path, method: str) -> str:
    token = uuid.uuid4().hex
    report = root / f"report-{method}.xml"
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "pytest_timeout",
        "--timeout", "2", "--timeout-method", method, f"--junitxml={report}", "test_hang.py",
    ]  # fmt: skip
    started = time.monotonic()
    proc = subprocess.Popen(
        command,
        cwd=root,
        # Only the plugin under study: with autoloading on, ``-p pytest_timeout`` would
        # register it twice and pytest would refuse to start.
        env={**os.environ, TOKEN_ENV: token, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        exit_code = proc.wait(timeout=25)
        exited = time.monotonic() - started
        # pytest has exited; is anything still holding its output pipe open?
        survivors = with_token(token)
        pipe = f"pipe:[{os.fstat(proc.stdout.fileno()).st_ino}]"
        holding = [p for p in survivors if pipe in fd_targets(p.pid)]
        output = proc.stdout.read() if not survivors else b""
    finally:
        for leftover in with_token(token):
            leftover.kill()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    results: list[str] = []
    if report.exists():
        for case in ElementTree.parse(report).getroot().iter("testcase"):
            outcome = "passed"
            for tag in ("failure", "error", "skipped"):
                if case.find(tag) is not None:
                    outcome = tag
            results.append(f"{case.get('name')} {outcome} in {float(case.get('time') or 0):.1f} s")
    if not results and b"Timeout" not in output and not survivors:
        sys.exit(f"pytest did not run the tests:\n{output.decode(errors='replace')}")
    reported = ", ".join(results) if results else "no report written"
    return (
        f"{method}: exit {exit_code} after {exited:.1f} s; {reported}; "
        f"{len(survivors)} process(es) outlived pytest, {len(holding)} of them holding its output pipe"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "test_hang.py").write_text(TEST_FILE)
        for method in ("thread", "signal"):
            print(run(root, method))


if __name__ == "__main__":
    main()
