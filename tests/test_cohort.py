"""``mpkatas grade COHORT`` spread out: ``--jobs N`` on this machine and ``--scheduler``
on a dask cluster (a ``LocalCluster`` on 127.0.0.1 here) must give the statuses that
grading one learner after another gives, and a learner whose grading hangs, cannot
start or loses its worker must be one "not graded" row while the others are graded.

The cohort is made by tests/cohort_fixture.py (8 learners); grading runs under fork and
on q2 and q5 only, to keep the file within a couple of minutes on two cores. Every
cluster is closed in a ``finally``, and its fixture checks that no dask process and no
listening port is left behind.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask
import psutil
import pytest
from distributed import LocalCluster

from katas._kit import catalog, cli, cohort, threads
from katas._kit.cli import grade as grade_command
from katas._kit.cli.progress import learner_summary
from katas._kit.runner import KataResult, Outcome
from tests import cohort_fixture

REPO_ROOT = catalog.REPO_ROOT
#: Made once per run (tests/cohort_fixture.py), removed when the run ends; no test writes to it.
_COHORT_ROOT = Path(tempfile.mkdtemp(prefix="mpkatas-cohort-"))
atexit.register(shutil.rmtree, _COHORT_ROOT, True)
COHORT = cohort_fixture.build(_COHORT_ROOT / "cohort")
SUBMISSIONS = REPO_ROOT / "tests" / "submissions"
LEARNERS = ["ada", "bea", "cy", "dan", "eve", "fay", "gus", "hal"]
QUICK = ["--start-method", "fork", "--kata", "q2", "--kata", "q5"]
Q5_ONLY = ["--start-method", "fork", "--kata", "q5"]

pytestmark = pytest.mark.slow


# --- Running mpkatas grade ---------------------------------------------------------


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("MPKATAS_", "NO_COLOR", "FORCE_COLOR"))}


def grade(cohort_dir: Path, report: Path, *args: str, timeout: float = 90) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """``mpkatas grade`` as a mentor runs it, piped; its JSON report, read back."""
    done = subprocess.run(
        [sys.executable, "-m", "katas", "grade", str(cohort_dir), "--json", str(report), *args],
        cwd=REPO_ROOT,
        env=clean_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert report.is_file(), done.stdout + done.stderr
    return done, json.loads(report.read_text(encoding="utf-8"))


def statuses(document: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Learner -> kata -> status, in the report's order."""
    return {
        learner["name"]: {kata["kata"]: kata["status"] for kata in learner["katas"]}
        for learner in document["learners"]
    }


def failing_tests(document: dict[str, Any]) -> dict[str, list[str]]:
    """Learner -> the tests that failed, by kata and start method."""
    return {
        learner["name"]: [
            f"{kata['kata']}::{failure['test']}"
            for kata in learner["katas"]
            for method in kata["start_methods"]
            for failure in method["failures"]
        ]
        for learner in document["learners"]
    }


def without_times_and_hosts(document: dict[str, Any]) -> dict[str, Any]:
    """The report with what may differ between two runs left out: when, how long, where,
    and the failure messages' text (pids, timings); the failing tests stay."""
    kept = {key: value for key, value in copy.deepcopy(document).items() if key != "generated_at"}
    kept["learners"] = [
        {key: value for key, value in learner.items() if key not in ("seconds", "graded_on")}
        for learner in kept["learners"]
    ]
    for learner in kept["learners"]:
        for kata in learner["katas"]:
            for method in kata["start_methods"]:
                method["failures"] = [failure["test"] for failure in method["failures"]]
    return kept


def copy_learner(cohort_dir: Path, name: str, kata: str, module: Path) -> None:
    target = catalog.BY_ID[kata].module_path(cohort_dir / name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(module, target)


# --- Clusters that leave nothing behind --------------------------------------------


def listening_ports() -> set[int]:
    return {
        c.laddr.port
        for c in psutil.Process().net_connections(kind="tcp")
        if c.status == psutil.CONN_LISTEN and c.laddr
    }


def dask_children() -> set[int]:
    """This process's children other than multiprocessing's resource tracker (which the
    spawned workers start, and which lives as long as this process)."""
    found = set()
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "resource_tracker" not in " ".join(child.cmdline()) and child.status() != psutil.STATUS_ZOMBIE:
                found.add(child.pid)
    return found


@contextlib.contextmanager
def local_cluster(directory: Path, allowed_failures: int = 3) -> Iterator[LocalCluster]:
    """Two single-threaded workers on 127.0.0.1, no fixed port; closed whatever happens,
    then checked: no new process and no new listening port may remain."""
    children, ports = dask_children(), listening_ports()
    cluster = None
    try:
        with warnings.catch_warnings(), dask.config.set({"distributed.scheduler.allowed-failures": allowed_failures}):
            warnings.simplefilter("ignore")
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                host="127.0.0.1",
                n_workers=2,
                threads_per_worker=1,
                dashboard_address=":0",  # None still serves HTTP on 8787 (distributed 2026.8): FOUNDATIONS #18
                local_directory=str(directory),
                silence_logs=logging.ERROR,
            )
        yield cluster
    finally:
        if cluster is not None:
            cluster.close()
        # dask keeps a thread in this process for good: the later tests' forks would warn.
        threads.retire_library_threads()
    deadline = time.monotonic() + 10
    while (dask_children() - children or listening_ports() - ports) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [psutil.Process(pid).cmdline() for pid in dask_children() - children if psutil.pid_exists(pid)]
    assert not left, f"dask processes left running: {left}"
    assert not listening_ports() - ports, f"ports left listening: {listening_ports() - ports}"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    with local_cluster(tmp_path_factory.mktemp("dask")) as running:
        yield running


# --- The same statuses, however the cohort is graded ---------------------------------


@pytest.fixture(scope="module")
def one_at_a_time(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    done, document = grade(COHORT, tmp_path_factory.mktemp("jobs1") / "report.json", *QUICK, "--jobs", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    return document


@pytest.fixture(scope="module")
def two_at_a_time(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    done, document = grade(COHORT, tmp_path_factory.mktemp("jobs2") / "report.json", *QUICK, "--jobs", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout, document


def test_one_at_a_time_the_fixture_cohort_gets_the_statuses_its_table_promises(one_at_a_time: dict[str, Any]) -> None:
    assert statuses(one_at_a_time) == {
        "ada": {"q2": "passing", "q5": "passing"},
        "bea": {"q2": "passing", "q5": "passing"},
        "cy": {"q2": "failing", "q5": "failing"},
        "dan": {"q2": "not_attempted", "q5": "not_attempted"},
        "eve": {"q2": "not_attempted", "q5": "not_attempted"},
        "fay": {"q2": "passing", "q5": "failing"},
        "gus": {"q2": "failing", "q5": "passing"},
        "hal": {"q2": "not_attempted", "q5": "not_attempted"},
    }


def test_two_learners_at_a_time_give_the_report_one_at_a_time_gives(
    one_at_a_time: dict[str, Any], two_at_a_time: tuple[str, dict[str, Any]]
) -> None:
    _, document = two_at_a_time
    assert statuses(document) == statuses(one_at_a_time)
    assert failing_tests(document) == failing_tests(one_at_a_time)
    assert without_times_and_hosts(document) == without_times_and_hosts(one_at_a_time)


def test_piped_progress_is_one_plain_line_per_learner_with_its_summary_and_seconds(
    two_at_a_time: tuple[str, dict[str, Any]],
) -> None:
    out, document = two_at_a_time
    assert "\x1b[" not in out and "\r" not in out, out
    lines = out.splitlines()
    assert lines[0] == "Grading 8 learners, 2 at a time, under fork…"
    finished = [re.fullmatch(r"(\w+): (.+) \((\d+\.\d) s\)", line) for line in lines[1:9]]
    assert all(finished), lines[1:9]
    assert sorted(match[1] for match in finished if match) == LEARNERS
    by_name = {match[1]: match[2] for match in finished if match}
    assert by_name["fay"] == "1 passing, 1 failing" and by_name["dan"] == "2 not attempted"
    assert lines[9].split() == ["learner", "q2", "q5"]  # then the table, in the learners' order
    assert [line.split()[0] for line in lines[11:19]] == LEARNERS
    assert [learner["name"] for learner in document["learners"]] == LEARNERS


def test_a_dask_cluster_gives_the_report_one_at_a_time_gives_apart_from_times_and_hosts(
    one_at_a_time: dict[str, Any], cluster: LocalCluster, tmp_path: Path
) -> None:
    done, document = grade(COHORT, tmp_path / "report.json", *QUICK, "--scheduler", cluster.scheduler_address)
    assert done.returncode == 0, done.stdout + done.stderr
    assert statuses(document) == statuses(one_at_a_time)
    assert without_times_and_hosts(document) == without_times_and_hosts(one_at_a_time)
    workers = set(cluster.scheduler_info["workers"])
    for learner in document["learners"]:
        assert any(learner["graded_on"].endswith(f"(dask worker {worker})") for worker in workers), learner["graded_on"]
    # The worker's temporary copy never shows: messages name the learner's own files.
    text = json.dumps(document)
    assert "mpkatas-cy-" not in text, text[text.find("mpkatas-cy-") - 500 :][:1000]
    assert str(COHORT / "cy" / "q5" / "worker_pool.py") in text
    assert f"Grading 8 learners on the dask cluster at {cluster.scheduler_address} under fork…" in done.stdout


# --- A learner that cannot be graded is one row ----------------------------------------


@pytest.mark.parametrize("where", ["jobs", "scheduler"])
def test_a_hanging_learner_is_not_graded_and_the_other_learner_is_graded(
    where: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    copy_learner(tmp_path / "cohort", "ada", "q5", catalog.BY_ID["q5"].solution_path)
    copy_learner(tmp_path / "cohort", "hangs", "q5", catalog.BY_ID["q5"].module_path(SUBMISSIONS / "q5_hangs"))
    engine = ["--jobs", "2"] if where == "jobs" else ["--scheduler", request.getfixturevalue("cluster").scheduler_address]
    done, document = grade(tmp_path / "cohort", tmp_path / "report.json", *Q5_ONLY, "--timeout", "10", *engine)
    learners = {learner["name"]: learner for learner in document["learners"]}
    assert learners["ada"]["katas"][0]["status"] == "passing", done.stdout
    hangs = learners["hangs"]
    assert hangs["katas"][0]["status"] == "not_graded", done.stdout
    assert "timed out after 10 s" in (hangs["error"] or hangs["katas"][0]["verdict"]), hangs
    assert re.search(r"^hangs\s+not graded", done.stdout, re.MULTILINE), done.stdout


@pytest.mark.parametrize("where", ["jobs", "scheduler"])
def test_a_learner_whose_grading_cannot_start_is_not_graded_and_the_others_are_graded(
    where: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The learner's folder goes away after the learners were listed (a mentor tidying
    up during a long run): its grading cannot start, and says why."""
    for name in ("ada", "gone", "hal"):
        copy_learner(tmp_path / "cohort", name, "q5", catalog.BY_ID["q5"].stub_path)
    listed = grade_command.find_learners

    def listed_then_removed(root: Path) -> list[tuple[str, Path]]:
        learners = listed(root)
        shutil.rmtree(root / "gone")
        return learners

    monkeypatch.setattr(grade_command, "find_learners", listed_then_removed)
    engine = ["--jobs", "2"] if where == "jobs" else ["--scheduler", request.getfixturevalue("cluster").scheduler_address]
    report = tmp_path / "report.json"
    code = cli.main(["grade", str(tmp_path / "cohort"), *Q5_ONLY, *engine, "--json", str(report)])
    out = capsys.readouterr().out
    assert code == cli.EXIT_GRADER_BROKE, out
    learners = {learner["name"]: learner for learner in json.loads(report.read_text())["learners"]}
    assert [learners[name]["katas"][0]["status"] for name in ("ada", "gone", "hal")] == [
        "not_attempted",
        "not_graded",
        "not_attempted",
    ]
    assert "no such directory" in learners["gone"]["error"] and str(tmp_path / "cohort" / "gone") in learners["gone"]["error"]
    assert f"could not grade gone: {learners['gone']['error']}" in out
    assert re.search(r"^gone\s+not graded$", out, re.MULTILINE), out


def grading_of(name: str) -> psutil.Process | None:
    """The grading pytest process of learner ``name`` on a dask worker (its copy is a
    temporary folder ``mpkatas-<name>-...``)."""
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            command = proc.cmdline()
            if "pytest" in command and any(f"/mpkatas-{name}-" in arg for arg in command):
                return proc
    return None


def test_a_dask_worker_that_dies_mid_grading_makes_that_learner_not_graded(tmp_path: Path) -> None:
    copy_learner(tmp_path / "cohort", "ada", "q5", catalog.BY_ID["q5"].solution_path)
    copy_learner(tmp_path / "cohort", "victim", "q5", catalog.BY_ID["q5"].module_path(SUBMISSIONS / "q5_hangs"))
    report = tmp_path / "report.json"
    # allowed-failures 0: the scheduler gives the task up at the first worker death
    # instead of trying it on another worker (a real cluster's default is 3).
    with local_cluster(tmp_path / "dask", allowed_failures=0) as running:
        command = [sys.executable, "-m", "katas", "grade", str(tmp_path / "cohort"), *Q5_ONLY]
        command += ["--scheduler", running.scheduler_address, "--json", str(report)]
        proc = subprocess.Popen(command, cwd=REPO_ROOT, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 30
            grading = grading_of("victim")
            while grading is None and time.monotonic() < deadline:
                time.sleep(0.1)
                grading = grading_of("victim")
            assert grading is not None, "the victim's grading never started"
            worker = grading.parent()
            assert worker is not None and "pytest" not in worker.cmdline(), worker
            tree = [grading, *grading.children(recursive=True)]
            worker.send_signal(signal.SIGKILL)  # as if the worker's machine went away
            for each in tree:
                with contextlib.suppress(psutil.Error):
                    each.kill()
            out, _ = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert proc.returncode == cli.EXIT_GRADER_BROKE, out
    learners = {learner["name"]: learner for learner in json.loads(report.read_text())["learners"]}
    assert learners["ada"]["katas"][0]["status"] == "passing", out
    assert learners["victim"]["katas"][0]["status"] == "not_graded", out
    assert "the dask worker could not grade it: KilledWorker" in learners["victim"]["error"], learners["victim"]
    assert "could not grade victim: the dask worker could not grade it: KilledWorker" in out


# --- Bad values, before anything starts ----------------------------------------------


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5", ""])
def test_a_bad_jobs_value_is_a_usage_error_naming_jobs(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["grade", str(COHORT), "--jobs", value])
    assert exited.value.code == cli.EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1, err
    assert f"argument --jobs: expected a whole number of learners at a time, 1 or more, not {value!r}" in err


@pytest.mark.parametrize(
    "value", ["127.0.0.1:8786", "tcp://127.0.0.1", "tcp://:8786", "http://127.0.0.1:8786", "tcp://127.0.0.1:0", "tcp://127.0.0.1:70000"]
)
def test_a_malformed_scheduler_address_is_a_usage_error_naming_scheduler(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["grade", str(COHORT), "--scheduler", value])
    assert exited.value.code == cli.EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1, err
    assert "argument --scheduler:" in err, err
    assert "of the form tcp://HOST:PORT" in err or "the port must be between 1 and 65535" in err, err


def test_a_scheduler_that_cannot_be_reached_is_a_usage_error_before_any_grading(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # free once closed: nothing listens there
    code = cli.main(["grade", str(COHORT), "--scheduler", f"tcp://127.0.0.1:{port}"])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_USAGE
    assert out == "", out  # not one learner started
    assert err == f"mpkatas grade: error: --scheduler: cannot reach a dask scheduler at tcp://127.0.0.1:{port}: Connection refused\n"


def test_jobs_and_scheduler_together_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["grade", str(COHORT), "--jobs", "2", "--scheduler", "tcp://127.0.0.1:8786"])
    assert exited.value.code == cli.EXIT_USAGE
    assert "argument --scheduler: not allowed with argument --jobs" in capsys.readouterr().err


# --- Speed checks that could not measure are counted -----------------------------------


def test_speed_checks_that_could_not_measure_are_counted_in_the_progress_the_table_note_and_the_json() -> None:
    skipped = Outcome("test_speed[fork]", "katas.q1.test_count_primes", "skipped", "speed check skipped: 1.1x")
    passed = Outcome("test_result[fork]", "katas.q1.test_count_primes", "passed", "")
    busy = cohort.LearnerReport("ada", COHORT / "ada", {"q1": KataResult("q1", (passed, skipped, skipped))})
    idle = cohort.LearnerReport("bea", COHORT / "bea", {"q1": KataResult("q1", (passed,))})
    assert learner_summary(busy) == "1 passing, 2 speed checks not measured"
    assert learner_summary(idle) == "1 passing"
    note = grade_command.speed_note([busy, idle])
    assert note is not None and note.endswith(": 2 — ada 2")
    assert grade_command.speed_note([idle]) is None
    document = grade_command.report_document(COHORT, ["fork"], [busy, idle], [catalog.BY_ID["q1"]])
    assert document["learners"][0]["katas"][0]["totals"]["skipped"] == 2
    assert document["learners"][0]["katas"][0]["verdict"] == "passing, speed not measured"
