"""The meta-tests' own scheduling: extra grader runs start only while others wait."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import psutil
import pytest

from tests.harness import UNMEASURED, ComputingRuns


@pytest.fixture
def two_children() -> Iterator[list[psutil.Process]]:
    """One child that computes (in a grandchild, as a grader run's workers do) and one
    that sleeps, both past their start-up (unmeasured by coverage, whose start-up in a
    child is long enough to look like work)."""
    computing = (
        "import subprocess, sys; p = subprocess.Popen([sys.executable, '-c', 'while True: pass']); "
        "print('ready', flush=True); p.wait()"
    )
    sleeping = "import time; print('ready', flush=True); time.sleep(60)"
    env = {k: v for k, v in os.environ.items() if k not in UNMEASURED["unset_env"]}
    children = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
        for code in (computing, sleeping)
    ]
    try:
        for child in children:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        yield [psutil.Process(child.pid) for child in children]
    finally:
        for child in children:
            for grandchild in psutil.Process(child.pid).children(recursive=True):
                grandchild.kill()
            child.kill()
            child.wait()
            if child.stdout is not None:
                child.stdout.close()


def test_a_run_counts_as_computing_when_its_process_tree_uses_cpu(two_children: list[psutil.Process]) -> None:
    # This process may have other children (a forkserver, a resource tracker) from earlier tests.
    assert {child.pid for child in two_children} <= {child.pid for child in psutil.Process().children()}
    runs = ComputingRuns(lambda: two_children)
    assert runs.count() == 2, "a run seen for the first time counts as computing"
    counts = [runs.count() for _ in range(3)]
    assert counts == [1, 1, 1], counts
