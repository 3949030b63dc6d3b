"""FOUNDATIONS #14: code under test can make pytest exit 0; count the report instead.

Each case is a throw-away folder of 3 tests and a module "under test" whose answer is
wrong and which misbehaves instead of failing; in the first three cases another test
fails too. Runs pytest in a subprocess with ``--junitxml`` and prints, per
case: the exit code, whether pytest printed its summary line, and how many test
cases the JUnit report holds out of the 3 collected.

    python bench/facts/f14_exit_status_zero.py
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import xml.etree.ElementTree as ElementTree
from pathlib import Path

TESTS = textwrap.dedent(
    """
    import under_test


    def test_a_failing_check():
        assert 1 == 2


    def test_the_answer():
        assert under_test.work() == 42


    def test_passes():
        pass
    """
)
# The skip cases: no other test fails, so a skip is all it takes to exit 0.
SKIP_TESTS = "\n".join(line for line in TESTS.splitlines() if "1 == 2" not in line).replace(
    "def test_a_failing_check():", "def test_also_passes():\n    pass"
)

# name: (module under test, test file); every work() here would fail test_the_answer.
CASES = {
    "os._exit(0) at import": ("import os\nos._exit(0)\ndef work():\n    return 0\n", TESTS),
    "atexit.register(os._exit, 0)": ("import atexit, os\natexit.register(os._exit, 0)\ndef work():\n    return 0\n", TESTS),
    "pytest.exit(returncode=0) in work()": ("import pytest\ndef work():\n    pytest.exit('done', returncode=0)\n", TESTS),
    "unittest.SkipTest in work()": ("import unittest\ndef work():\n    raise unittest.SkipTest('no')\n", SKIP_TESTS),
    "pytest.skip() in work()": ("import pytest\ndef work():\n    pytest.skip('no')\n", SKIP_TESTS),
}

SUMMARY = re.compile(r"=+ .*(passed|failed|skipped|error).* in [\d.]+s")


def run_case(code: str, tests: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "under_test.py").write_text(code)
        (root / "test_case.py").write_text(tests)
        report = root / "report.xml"
        proc = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={report}", "test_case.py"],
            cwd=root,
            env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
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
        summary = "summary" if SUMMARY.search(out.decode()) else "no summary"
        if report.exists():
            every = list(ElementTree.parse(report).getroot().iter("testcase"))
            cases = [c for c in every if c.get("name")]
            kinds = [next((t for t in ("failure", "error", "skipped") if c.find(t) is not None), "pass") for c in cases]
            nameless = len(every) - len(cases)
            counted = f"report names {len(cases)} of 3 tests ({' '.join(kinds)})" + (
                f" plus {nameless} nameless <testcase/>" if nameless else ""
            )
        else:
            counted = "no report"
    return f"exit {proc.returncode}, {summary}, {counted}"


def main() -> None:
    results = [f"{name}: {run_case(code, tests)}" for name, (code, tests) in CASES.items()]
    print("; ".join(results[:3]))
    print("; ".join(results[3:]))


if __name__ == "__main__":
    main()
