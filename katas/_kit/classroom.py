"""The GitHub Classroom autograding workflow for a learner's repository made from this one.

Classroom scores a repository with one ``autograding-command-grader`` step per test:
a step whose command exits with 0 earns its points, any other exit earns none. Here a
step is a kata, and its command is the kata's own graders as a learner runs them
(``python -m pytest katas/qN``, under every start method). The exit code is a fair
verdict because the kit already turns a submission that skips, exits early or ends
the run into a failure. The ``autograding-grading-reporter`` step then adds the points
up and hands them to Classroom.

The workflow's name and its one job's name are the ones the reporter looks for
(``Autograding Tests``, ``run-autograding-tests``); with other names no score reaches
Classroom. The text is written by hand rather than dumped from a dict so that the
file a mentor commits reads well and says where it came from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from katas._kit import catalog

WORKFLOW_PATH = catalog.REPO_ROOT / ".github" / "workflows" / "classroom.yml"
DEFAULT_POINTS = 10
# Minutes per kata. A correct answer takes seconds under the three start methods; a
# submission whose every test hangs until the grader's 20 s limit can take several
# minutes, and should still be failed by the graders rather than by this timeout.
DEFAULT_TIMEOUT_MINUTES = 10
# Installing the project (numpy, dask, ...) on a fresh runner, with room to spare.
INSTALL_MINUTES = 15
#: What a learner who installs Python today gets; ``--python`` chooses another.
PYTHON_VERSION = "3.14"
#: The versions the katas are correct on (README), and the free-threaded builds that
#: setup-python installs for a "t" suffix.
PYTHON_VERSIONS = ("3.10", "3.11", "3.12", "3.13", "3.14", "3.15", "3.14t", "3.15t")
# Versions on Node 24: actionlint flags the Node 20 ones (checkout@v4, setup-python@v5),
# which GitHub is retiring.
CHECKOUT = "actions/checkout@v5"
SETUP_PYTHON = "actions/setup-python@v6"
COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"


class PointsError(ValueError):
    """A ``--points`` value that cannot be read; the message says which part and why."""


def parse_points(spec: str) -> dict[str, int]:
    """Points per kata from ``"q1=5,q12=20"``; a bare number sets every kata not named.

    Every kata gets a value: ``DEFAULT_POINTS`` unless the spec says otherwise.
    """
    default = DEFAULT_POINTS
    chosen: dict[str, int] = {}
    default_seen = False
    items = [item.strip() for item in spec.split(",")]
    if not any(items):
        raise PointsError("expected KATA=N pairs such as q1=5,q12=20, got nothing")
    for item in items:
        if not item:
            raise PointsError(f"empty item in {spec!r}")
        name, sep, value = item.partition("=")
        if not sep:
            if default_seen:
                raise PointsError(f"two default values in {spec!r}")
            default, default_seen = _points_value(item, item), True
            continue
        try:
            kata = catalog.find(name)
        except catalog.UnknownKata as error:
            raise PointsError(f"{item!r}: {error}") from None
        if kata.id in chosen:
            raise PointsError(f"{kata.id} is given points twice in {spec!r}")
        chosen[kata.id] = _points_value(value.strip(), item)
    return {kata.id: chosen.get(kata.id, default) for kata in catalog.KATAS}


def _points_value(text: str, item: str) -> int:
    try:
        points = int(text)
    except ValueError:
        raise PointsError(f"{item!r}: points must be a whole number, got {text!r}") from None
    if points < 1:
        raise PointsError(f"{item!r}: points must be at least 1, got {points}")
    return points


def check_python(version: str) -> str:
    """A ``--python`` version the katas support, or a ValueError that lists them."""
    if version not in PYTHON_VERSIONS:
        raise ValueError(f"{version!r} is not a Python the katas support: choose one of {', '.join(PYTHON_VERSIONS)}")
    return version


def grading_command(kata: catalog.Kata) -> str:
    """The command a learner runs to grade this kata (README, "Working through a kata")."""
    return f"python -m pytest katas/{kata.id}"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is a subset of YAML's."""
    return json.dumps(text, ensure_ascii=False)


def render_workflow(
    points: Mapping[str, int] | None = None,
    timeout_minutes: int = DEFAULT_TIMEOUT_MINUTES,
    python: str = PYTHON_VERSION,
) -> str:
    """The text of ``.github/workflows/classroom.yml``: one grading step per kata, in
    catalog order, then the reporter over all of them, on one Python (the reporter
    adds up the steps of one job, so there is no matrix of versions)."""
    check_python(python)
    chosen = points if points is not None else {kata.id: DEFAULT_POINTS for kata in catalog.KATAS}
    missing = [kata.id for kata in catalog.KATAS if kata.id not in chosen]
    if missing:
        raise ValueError(f"no points for {', '.join(missing)}")
    total = sum(chosen[kata.id] for kata in catalog.KATAS)
    job_minutes = INSTALL_MINUTES + timeout_minutes * len(catalog.KATAS)
    lines = [
        "# Written by `mpkatas classroom`: GitHub Classroom autograding for mpkatas,",
        f"# one step per kata ({total} points in all). Each step runs the kata's graders,",
        "# under every start method, and earns its points when they all pass.",
        "# Write it again with `mpkatas classroom --force` rather than editing it.",
        "# The reporter finds the score only under these workflow and job names.",
        "name: Autograding Tests",
        "on:",
        "  push:",
        "  workflow_dispatch:",
        "  repository_dispatch:",
        "permissions:",
        "  checks: write",
        "  actions: read",
        "  contents: read",
        "jobs:",
        "  run-autograding-tests:",
        "    runs-on: ubuntu-latest",
        "    # Classroom's own first commit to a learner's new repository is not graded.",
        "    if: github.actor != 'github-classroom[bot]'",
        f"    timeout-minutes: {job_minutes}",
        "    steps:",
        "      - name: Checkout code",
        f"        uses: {CHECKOUT}",
        "      - name: Set up Python",
        f"        uses: {SETUP_PYTHON}",
        "        with:",
        f"          python-version: {_quoted(python)}",
        "      # Installed once, here, not in every grading step's setup-command.",
        "      - name: Install mpkatas",
        f"        timeout-minutes: {INSTALL_MINUTES}",
        '        run: python -m pip install -e ".[dev]"',
    ]
    for kata in catalog.KATAS:
        lines += [
            f"      - name: {_quoted(f'{kata.id} {kata.module_file}')}",
            f"        id: {kata.id}",
            f"        uses: {COMMAND_GRADER}",
            "        with:",
            f"          test-name: {_quoted(f'{kata.id}: {kata.question}')}",
            '          setup-command: ""',
            f"          command: {_quoted(grading_command(kata))}",
            f"          timeout: {timeout_minutes}",
            f"          max-score: {chosen[kata.id]}",
        ]
    lines += [
        "      - name: Autograding Reporter",
        f"        uses: {REPORTER}",
        "        env:",
        *(
            # The reporter reads each runner's result from <ID in capitals>_RESULTS.
            f'          {kata.id.upper()}_RESULTS: "${{{{ steps.{kata.id}.outputs.result }}}}"'
            for kata in catalog.KATAS
        ),
        "        with:",
        f"          runners: {','.join(kata.id for kata in catalog.KATAS)}",
    ]
    return "\n".join(lines) + "\n"
