"""Proves the claim in solutions/q5/ANSWER.md: the seed's Q5 pattern crashes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PATTERN = Path(__file__).parent / "seed_patterns" / "q5_seed_pattern.py"


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_the_seed_pattern_raises_name_error_and_its_initializer_objects_go_unused(
    start_method: str,
) -> None:
    program = (
        "import multiprocessing, runpy, sys;"
        f"multiprocessing.set_start_method({start_method!r});"
        f"runpy.run_path({str(PATTERN)!r}, run_name='__main__')"
    )
    proc = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode != 0
    assert "NameError: name 'compute' is not defined" in proc.stderr
    # One greeting from the Worker built in the parent, then its compute(3) ...
    assert proc.stdout.startswith("Worker started\n9\n")
    # ... and one from the throwaway Worker each pool worker builds as its "initializer"
    # (counted, not split into lines: the workers' writes interleave).
    assert proc.stdout.count("Worker started") == 1 + 4
