"""The GitHub Classroom workflow that ``mpkatas classroom`` writes: read back as YAML,
checked step by step against the catalog, collected by pytest as the runner would run
it, and linted by actionlint (which must be installed: the dev extra brings it)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

from katas._kit import catalog, classroom
from katas._kit.grading import available_start_methods

REPO_ROOT = catalog.REPO_ROOT
KATA_IDS = [kata.id for kata in catalog.KATAS]


def load(text: str) -> dict[str, Any]:
    document = yaml.safe_load(text)
    assert isinstance(document, dict)
    return document


def steps(document: dict[str, Any]) -> list[dict[str, Any]]:
    result = document["jobs"]["run-autograding-tests"]["steps"]
    assert isinstance(result, list)
    return result


def grading_steps(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for step in steps(document) if step.get("uses") == classroom.COMMAND_GRADER]


def reporter(document: dict[str, Any]) -> dict[str, Any]:
    (step,) = [step for step in steps(document) if step.get("uses") == classroom.REPORTER]
    return step


# --- The workflow's shape ------------------------------------------------------------


def test_the_workflow_is_yaml_with_one_grading_step_per_kata_in_catalog_order() -> None:
    document = load(classroom.render_workflow())
    assert [step["id"] for step in grading_steps(document)] == KATA_IDS


def test_every_kata_is_worth_ten_points_unless_chosen_otherwise() -> None:
    document = load(classroom.render_workflow())
    assert [step["with"]["max-score"] for step in grading_steps(document)] == [10] * len(KATA_IDS)


def test_chosen_points_become_each_steps_max_score_and_sum_as_chosen() -> None:
    points = classroom.parse_points("q1=5,Q12=20")
    document = load(classroom.render_workflow(points))
    scores = {step["id"]: step["with"]["max-score"] for step in grading_steps(document)}
    assert scores == points
    assert scores["q1"] == 5 and scores["q12"] == 20 and scores["q5"] == 10
    assert sum(scores.values()) == 5 + 20 + 10 * (len(KATA_IDS) - 2)


def test_a_bare_number_sets_the_points_of_every_kata_not_named() -> None:
    points = classroom.parse_points("3, 7=8")
    assert points == {kata: 8 if kata == "q7" else 3 for kata in KATA_IDS}


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("", "got nothing"),
        ("q13=5", "unknown kata 'q13'"),
        ("q1=five", "whole number"),
        ("q1=0", "at least 1"),
        ("q1=-2", "at least 1"),
        ("q1=5,Q1=6", "twice"),
        ("q1=5,,q2=3", "empty item"),
        ("5,6", "two default values"),
    ],
)
def test_points_that_cannot_be_read_are_refused_with_the_reason(spec: str, reason: str) -> None:
    with pytest.raises(classroom.PointsError, match=re.escape(reason)):
        classroom.parse_points(spec)


def test_the_workflow_has_the_names_triggers_and_permissions_classroom_looks_for() -> None:
    document = load(classroom.render_workflow())
    assert document["name"] == "Autograding Tests"
    assert list(document["jobs"]) == ["run-autograding-tests"]
    # PyYAML reads YAML 1.1, where a bare `on` is the boolean true; GitHub reads a key.
    triggers = document["on"] if "on" in document else document[True]  # type: ignore[index]
    assert set(triggers) == {"push", "workflow_dispatch", "repository_dispatch"}
    assert document["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}


def test_the_project_is_installed_once_before_any_grading_step() -> None:
    document = load(classroom.render_workflow())
    uses = [step.get("uses", "") for step in steps(document)]
    runs = [index for index, step in enumerate(steps(document)) if "run" in step]
    assert uses[0].startswith("actions/checkout@") and uses[1].startswith("actions/setup-python@")
    assert steps(document)[1]["with"]["python-version"] == classroom.PYTHON_VERSION == "3.14"
    assert len(runs) == 1 and steps(document)[runs[0]]["run"] == 'python -m pip install -e ".[dev]"'
    assert runs[0] < uses.index(classroom.COMMAND_GRADER)
    assert all(step["with"]["setup-command"] == "" for step in grading_steps(document))


def test_each_grading_step_has_a_timeout_in_minutes() -> None:
    document = load(classroom.render_workflow(timeout_minutes=7))
    assert {step["with"]["timeout"] for step in grading_steps(document)} == {7}
    job = document["jobs"]["run-autograding-tests"]
    assert job["timeout-minutes"] >= 7 * len(KATA_IDS)


# --- What each step runs -------------------------------------------------------------


def test_every_katas_step_runs_that_katas_graders_under_every_start_method() -> None:
    """The command is the README's own, with no --start-method to narrow it; pytest,
    given its arguments, collects the kata's grader under each start method."""
    document = load(classroom.render_workflow())
    arguments: list[str] = []
    for kata, step in zip(catalog.KATAS, grading_steps(document), strict=True):
        argv = shlex.split(step["with"]["command"])
        assert argv == ["python", "-m", "pytest", f"katas/{kata.id}"]
        assert kata.grader_path.parent == REPO_ROOT / argv[3]
        arguments += argv[3:]
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *arguments],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collected.returncode == 0, collected.stdout + collected.stderr
    methods = set(available_start_methods())
    graded_by_start_method = 0
    for kata in catalog.KATAS:
        grader = kata.grader_path.relative_to(REPO_ROOT).as_posix()
        ids = [line for line in collected.stdout.splitlines() if line.startswith(f"{grader}::")]
        assert ids, f"{kata.id}: nothing collected from {grader}"
        # A test that runs under one start method runs under all of them. (Tests of a
        # library with its own processes, q12's dask for one, run once, under its label.)
        ran_under: dict[str, set[str]] = {}
        for test_id in ids:
            for method in methods:
                label = re.compile(rf"(?<=[\[-]){method}(?=[\]-])")
                if label.search(test_id):
                    ran_under.setdefault(label.sub("*", test_id, count=1), set()).add(method)
        incomplete = {test: sorted(seen) for test, seen in ran_under.items() if seen != methods}
        assert not incomplete, f"{kata.id}: not under every start method: {incomplete}"
        graded_by_start_method += bool(ran_under)
    assert graded_by_start_method >= len(catalog.KATAS) // 2


def test_the_reporter_reads_the_result_of_every_grading_step() -> None:
    document = load(classroom.render_workflow())
    step = reporter(document)
    assert steps(document)[-1] is step
    assert step["with"]["runners"].split(",") == KATA_IDS
    # The reporter looks each runner up as <RUNNER IN CAPITALS>_RESULTS.
    assert step["env"] == {
        f"{kata.upper()}_RESULTS": f"${{{{ steps.{kata}.outputs.result }}}}" for kata in KATA_IDS
    }
    # ...and accepts runner ids of letters and digits only.
    assert all(re.fullmatch(r"[A-Za-z0-9]+", kata) for kata in KATA_IDS)


# --- actionlint ----------------------------------------------------------------------


def actionlint() -> str:
    """The dev extra's actionlint: beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    if found is None:
        pytest.fail('actionlint is not installed: python -m pip install -e ".[dev]"')
    return found


@pytest.mark.parametrize(
    ("points", "python"),
    [(None, classroom.PYTHON_VERSION), ("q1=5,q12=20", "3.14t")],
    ids=["default points", "chosen points, free-threaded"],
)
def test_the_written_workflow_passes_actionlint(tmp_path: Path, points: str | None, python: str) -> None:
    workflow = tmp_path / ".github" / "workflows" / "classroom.yml"
    workflow.parent.mkdir(parents=True)
    chosen = classroom.parse_points(points) if points else None
    workflow.write_text(classroom.render_workflow(chosen, python=python), encoding="utf-8")
    command = [actionlint(), "-no-color", "-oneline"]
    # Without these tools actionlint would skip its shell and Python checks of `run:`
    # steps anyway; saying so keeps the result the same on every machine.
    if shutil.which("shellcheck") is None:
        command.append("-shellcheck=")
    if shutil.which("pyflakes") is None:
        command.append("-pyflakes=")
    result = subprocess.run(
        [*command, str(workflow)], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- mpkatas classroom -----------------------------------------------------------------


def mpkatas(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "katas", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_mpkatas_classroom_writes_the_workflow_and_says_what_it_wrote(tmp_path: Path) -> None:
    target = tmp_path / "learner" / ".github" / "workflows" / "classroom.yml"
    result = mpkatas("classroom", "--output", str(target), "--points", "q1=5,q12=20")
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == classroom.render_workflow(
        classroom.parse_points("q1=5,q12=20")
    )
    assert f"Wrote {target}" in result.stdout and "125 points" in result.stdout


def test_mpkatas_classroom_refuses_to_replace_a_different_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "classroom.yml"
    target.write_text("name: a mentor's own workflow\n", encoding="utf-8")
    refused = mpkatas("classroom", "--output", str(target))
    assert refused.returncode == 2
    assert "exists and differs" in refused.stderr and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "name: a mentor's own workflow\n"
    forced = mpkatas("classroom", "--output", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_text(encoding="utf-8") == classroom.render_workflow()
    again = mpkatas("classroom", "--output", str(target))
    assert again.returncode == 0 and "nothing to write" in again.stdout


@pytest.mark.parametrize("spec", ["q13=5", "q1=lots", "q1=0"])
def test_mpkatas_classroom_rejects_bad_points_naming_the_option(tmp_path: Path, spec: str) -> None:
    target = tmp_path / "classroom.yml"
    result = mpkatas("classroom", "--output", str(target), "--points", spec)
    assert result.returncode == 2
    assert "argument --points" in result.stderr and repr(spec) in result.stderr
    assert not target.exists()


def test_mpkatas_classroom_grades_on_the_python_chosen_and_refuses_one_the_katas_do_not_support(
    tmp_path: Path,
) -> None:
    target = tmp_path / "classroom.yml"
    chosen = mpkatas("classroom", "--output", str(target), "--python", "3.14t")
    assert chosen.returncode == 0, chosen.stderr
    assert steps(load(target.read_text(encoding="utf-8")))[1]["with"]["python-version"] == "3.14t"
    assert "on Python 3.14t" in chosen.stdout
    refused = mpkatas("classroom", "--output", str(tmp_path / "other.yml"), "--python", "3.9")
    assert refused.returncode == 2
    assert "argument --python" in refused.stderr and "'3.9'" in refused.stderr and "3.15t" in refused.stderr
    assert not (tmp_path / "other.yml").exists()
