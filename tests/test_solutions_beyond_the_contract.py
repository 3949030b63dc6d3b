"""What the reference solutions do beyond the contract's graded lines: argument checks
and the last-resort kill of a child that ignores SIGTERM."""

from __future__ import annotations

import signal

import pytest

from katas._kit import workloads
from solutions.q3 import first_process


@pytest.mark.parametrize(("timeout", "error"), [(-1, ValueError), ("1", TypeError), (True, TypeError)])
def test_run_in_child_rejects_a_bad_timeout_before_starting(timeout: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="timeout"):
        first_process.run_in_child(workloads.do_nothing, timeout=timeout)  # type: ignore[arg-type]


def test_run_in_child_rejects_a_target_that_is_not_callable() -> None:
    with pytest.raises(TypeError, match="target"):
        first_process.run_in_child("not a function")  # type: ignore[arg-type]


def test_run_in_child_kills_a_child_that_ignores_sigterm() -> None:
    assert first_process.run_in_child(workloads.ignore_sigterm_forever, timeout=0.3) == -signal.SIGKILL
