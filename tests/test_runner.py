"""A grader run is judged by what it reports against what it collected, not by its exit
status: runs that end early are "not graded", with where and why."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from katas._kit import runner
from tests.harness import REPO_ROOT, run_graders

STUCK = REPO_ROOT / "tests" / "ends_early" / "q6_gil_held_in_the_parent"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

TOWERS_TIMEOUT = "katas/q6/test_four_processes.py::test_towers_past_the_timeout_raise_promptly_and_leave_nothing_running"


def test_a_run_stuck_in_c_code_is_ended_by_the_watchdog_and_counted_as_not_graded(tmp_path: Path) -> None:
    run = run_graders(
        [TOWERS_TIMEOUT, "--submission", str(STUCK),
         "--start-method", "fork", "--start-method", "spawn", "-o", "grader_timeout=2"],
        report_dir=tmp_path,
    )
    assert run.exit_code != 0, run.describe()
    assert run.ended_early and "did not end it" in run.ended_early, run.describe()
    assert "[fork]" in run.ended_early, "the report names the test the run ended at"
    assert run.seconds < 60, f"the watchdog took {run.seconds:.0f} s"
    assert not run.orphans, run.orphans
    result = runner.results_by_kata(run, ["q6"])["q6"]
    assert result.status == "not graded" and "did not end it" in result.summary()
    assert run.expected("q6") == 2, "both collected tests are expected, though one never ran"


def test_a_run_past_the_runners_timeout_is_not_graded_with_the_limit_named(tmp_path: Path) -> None:
    run = run_graders(
        [TOWERS_TIMEOUT, "--submission", str(STUCK), "--start-method", "fork"],
        report_dir=tmp_path,
        timeout=4,
    )
    assert run.ended_early == "timed out after 4 s", run.describe()
    assert not run.orphans, run.orphans
    assert runner.results_by_kata(run, ["q6"])["q6"].summary() == "not graded (timed out after 4 s)"


def test_a_complete_run_is_graded_and_counts_every_collected_test(tmp_path: Path) -> None:
    run = run_graders(["katas/q5", "--solutions", "--start-method", "fork", "-k", "square_returns"], report_dir=tmp_path)
    assert run.ended_early is None, run.describe()
    assert run.expected("q5") == len(run.outcomes) == 1
    assert runner.results_by_kata(run, ["q5"])["q5"].status == "passing"


def test_a_run_started_with_unset_env_does_not_see_those_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How the meta-tests keep a grader run out of coverage (``harness.UNMEASURED``)."""
    seen: list[dict[str, str]] = []

    def fake_run(command: list[str], **kwargs: object) -> object:
        env = kwargs["env"]
        assert isinstance(env, dict)
        seen.append(env)
        return type("Done", (), {"returncode": 5, "stdout": b"", "stderr": b""})()

    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.setenv("MPKATAS_PROBE_A", "1")
    monkeypatch.setenv("MPKATAS_PROBE_B", "2")
    run_graders(["katas/q5"], report_dir=tmp_path, unset_env=("MPKATAS_PROBE_A", "NOT_SET_ANYWAY"))
    assert "MPKATAS_PROBE_A" not in seen[0] and seen[0]["MPKATAS_PROBE_B"] == "2"
    run_graders(["katas/q5"], report_dir=tmp_path)
    assert seen[1]["MPKATAS_PROBE_A"] == "1"


def test_a_fork_made_while_the_code_under_test_runs_a_thread_is_written_to_the_manifest(tmp_path: Path) -> None:
    """The kit's promise is that no thread of its own is alive at a fork; a learner's
    own thread (here a Queue's feeder, started by feeding the queue before the
    workers) is reported where 3.12+ warns, and on 3.10 and 3.11 as well."""
    copy = tmp_path / "feeds first" / "q9"
    copy.mkdir(parents=True)
    solution = (REPO_ROOT / "solutions" / "q9" / "pipeline.py").read_text(encoding="utf-8")
    starts = "        for proc in procs:\n            proc.start()\n"
    feeds = "        for index, item in enumerate(todo):\n            tasks.put((index, item))\n"
    assert starts + feeds in solution, "the q9 solution starts its workers, then feeds them"
    (copy / "pipeline.py").write_text(solution.replace(starts + feeds, feeds + starts), encoding="utf-8")
    test = "katas/q9/test_pipeline.py::test_map_with_queues_returns_results_in_input_order"
    run = run_graders([test, "--submission", str(copy.parent), "--start-method", "fork"], report_dir=tmp_path)
    assert run.ended_early is None and run.outcomes, run.describe()
    forks = run.forks_with_threads
    assert forks and all(fork["test"].startswith(test) for fork in forks), forks
    assert all(fork["os_threads"] >= 2 and "QueueFeederThread" in fork["threads"] for fork in forks), forks
