"""Grading through the real graders (a pytest subprocess, ``katas._kit.runner``), and
``mpkatas grade``: a mentor's run over one learner's copy or a folder of them, with
its JSON, Markdown and HTML reports."""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from katas._kit import catalog, html_report, runner
from katas._kit.catalog import Kata
from katas._kit.cli.common import (
    EXIT_GRADER_BROKE,
    EXIT_OK,
    UsageError,
    graded_methods,
    headline,
    unattempted_functions,
)
from katas._kit.cli.output import Output, shown
from katas._kit.runner import KataResult, Outcome, Tally

REPORT_FORMAT = "mpkatas-report"
REPORT_VERSION = 1


class GraderBroke(Exception):
    """The grader run produced no test outcomes (pytest could not run them)."""


def grade(
    katas: Sequence[Kata], methods: Sequence[str], source: Path | None, timeout: float = 900
) -> dict[str, KataResult]:
    """Run the graders of ``katas`` on ``source`` (the repository's katas/ if None)."""
    args = [*(f"katas/{kata.id}" for kata in katas), "-p", "no:cacheprovider"]
    for method in methods:
        args += ["--start-method", method]
    if source is not None:
        args += ["--submission", str(source.resolve())]
    with tempfile.TemporaryDirectory(prefix="mpkatas-") as report_dir:
        run = runner.run_graders(args, report_dir=Path(report_dir), timeout=timeout)
    if not run.outcomes and not run.collected:
        raise GraderBroke(run.ended_early or runner.last_lines(run.output) or f"pytest exited with code {run.exit_code}")
    return runner.results_by_kata(run, [kata.id for kata in katas])


# --- grade (mentors) -----------------------------------------------------------------


@dataclass
class LearnerReport:
    name: str
    path: Path
    results: dict[str, KataResult] = field(default_factory=dict)
    error: str | None = None


def has_kata_modules(folder: Path) -> bool:
    return any(kata.module_path(folder).is_file() for kata in catalog.KATAS)


def find_learners(root: Path) -> list[tuple[str, Path]]:
    """One learner (``DIR/qN/<module>.py``) or a folder of learners (``DIR/<name>/qN/...``)."""
    if not root.exists():
        raise UsageError(f"no such directory: {root}")
    if not root.is_dir():
        raise UsageError(f"not a directory: {root}")
    if has_kata_modules(root):
        return [(root.resolve().name, root)]
    learners = [(d.name, d) for d in sorted(root.iterdir()) if d.is_dir() and has_kata_modules(d)]
    if not learners:
        raise UsageError(
            f"{root} has no kata modules: expected {root}/qN/<module>.py, "
            f"or {root}/<learner>/qN/<module>.py for several learners"
        )
    return learners


def command_grade(args: argparse.Namespace, out: Output) -> int:
    root = Path(args.dir).expanduser()
    learners = find_learners(root)
    targets = [Path(file) for file in (args.json, args.markdown, args.html) if file]
    for target in targets:
        check_writable(target)  # before grading, which takes a while
    methods = list(args.start_method or graded_methods())
    reports = [grade_one_learner(name, path, methods, out, args.timeout) for name, path in learners]
    out.table(["learner", *(kata.id for kata in catalog.KATAS)], [report_row(r) for r in reports])
    document = report_document(root, methods, reports)
    if args.json:
        write_report(Path(args.json), json.dumps(document, indent=2, ensure_ascii=False) + "\n", out)
    if args.markdown:
        write_report(Path(args.markdown), report_markdown(document), out)
    if args.html:
        write_report(Path(args.html), html_report.render(document), out)
    return EXIT_GRADER_BROKE if any(r.error for r in reports) else EXIT_OK


def check_writable(path: Path) -> None:
    """Create the report's folder now, so a bad path fails before grading, not after."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    if path.is_dir() or not os.access(path.parent, os.W_OK):
        raise UsageError(f"cannot write {path}: it is a directory or its folder is read-only")


def grade_one_learner(
    name: str, path: Path, methods: Sequence[str], out: Output, timeout: float = 900
) -> LearnerReport:
    report = LearnerReport(name, path.resolve())
    with out.working(f"Grading {name} ({shown(path)}) under {', '.join(methods)}…"):
        try:
            report.results = grade(catalog.KATAS, methods, path, timeout)
        except GraderBroke as error:
            report.error = str(error)
    if report.error:
        out.line(f"  could not grade {name}: {report.error}", "bad")
    return report


def report_row(report: LearnerReport) -> list[str]:
    cells = [report.results[k.id].summary() if report.results else "not graded" for k in catalog.KATAS]
    return [report.name, *cells]


def write_report(path: Path, text: str, out: Output) -> None:
    path.write_text(text, encoding="utf-8")
    out.line(f"Wrote {shown(path)}")


def report_document(root: Path, methods: Sequence[str], reports: Sequence[LearnerReport]) -> dict[str, Any]:
    """The JSON report: its schema is katas/_kit/report.schema.json (docs/REPORT_SCHEMA.md)."""
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "directory": str(root.resolve()),
        "start_methods": list(methods),
        "learners": [learner_document(report, methods) for report in reports],
    }


def learner_document(report: LearnerReport, methods: Sequence[str]) -> dict[str, Any]:
    katas = [kata_document(kata, report, methods) for kata in catalog.KATAS]
    statuses = [kata["status"] for kata in katas]
    return {
        "name": report.name,
        "path": str(report.path),
        "error": report.error,
        "summary": {s: statuses.count(s) for s in ("passing", "failing", "not_attempted", "not_graded")},
        "katas": katas,
    }


def kata_document(kata: Kata, report: LearnerReport, methods: Sequence[str]) -> dict[str, Any]:
    result = report.results.get(kata.id) or KataResult(kata.id, ())
    return {
        "kata": kata.id,
        "question": kata.question,
        "module": kata.module_file,
        "module_found": kata.module_path(report.path).is_file(),
        "status": result.status.replace(" ", "_"),
        "verdict": result.summary(),
        "totals": tally_document(result.tally),
        "start_methods": [method_document(method, result.under(method)) for method in methods],
    }


def tally_document(tally: Tally) -> dict[str, int]:
    return {
        "passed": tally.passed,
        "failed": tally.failed,
        "not_attempted": tally.not_attempted,
        "skipped": tally.skipped,
    }


def method_document(method: str, outcomes: Sequence[Outcome]) -> dict[str, Any]:
    return {
        "start_method": method,
        **tally_document(Tally.of(outcomes)),
        "not_attempted_functions": unattempted_functions(outcomes),
        "failures": [outcome_document(o) for o in outcomes if o.failed and not o.not_attempted],
        "skips": [outcome_document(o) for o in outcomes if o.result == "skipped"],
    }


def outcome_document(outcome: Outcome) -> dict[str, str]:
    return {"test": outcome.test, "message": headline(outcome), "details": outcome.message.strip()[:8000]}


def report_markdown(document: dict[str, Any]) -> str:
    """The same report for people: one section per learner, a table, then failures."""
    lines = [
        "# mpkatas report",
        "",
        f"Graded `{document['directory']}` at {document['generated_at']} "
        f"under {', '.join(document['start_methods'])}.",
    ]
    for learner in document["learners"]:
        lines += learner_markdown(learner, document["start_methods"])
    return "\n".join(lines) + "\n"


def learner_markdown(learner: dict[str, Any], methods: Sequence[str]) -> list[str]:
    lines = ["", f"## {learner['name']}", "", f"Folder: `{learner['path']}`", ""]
    if learner["error"]:
        lines += [f"**Could not be graded:** {learner['error']}", ""]
    lines += ["| kata | status | " + " | ".join(methods) + " |", "| --- | --- | " + "--- | " * len(methods)]
    lines = [line.rstrip() for line in lines]
    for kata in learner["katas"]:
        cells = [counts_cell(m) for m in kata["start_methods"]]
        lines.append(f"| {kata['kata']} | {kata['verdict']} | " + " | ".join(cells) + " |")
    return lines + failures_markdown(learner)


def counts_cell(counts: dict[str, Any]) -> str:
    parts = [
        f"{counts[key]} {key.replace('_', ' ')}"
        for key in ("passed", "failed", "not_attempted", "skipped")
        if counts[key]
    ]
    return ", ".join(parts) or "no tests"


def failures_markdown(learner: dict[str, Any]) -> list[str]:
    lines = ["", "### Failures"]
    for kata in learner["katas"]:
        for method in kata["start_methods"]:
            for failure in method["failures"]:
                lines += ["", f"#### {kata['kata']} under {method['start_method']}: `{failure['test']}`", ""]
                lines += ["~~~text", failure["message"], "~~~"]
    return lines if len(lines) > 2 else [*lines, "", "None."]
