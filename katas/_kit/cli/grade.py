"""Grading through the real graders (a pytest subprocess, ``katas._kit.runner``), and
``mpkatas grade``: a mentor's run over one learner's copy or a folder of them (several
at a time, or on a dask cluster: ``katas._kit.cohort``), with its JSON, Markdown and
HTML reports."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from katas._kit import catalog, cohort, html_report
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
from katas._kit.cli.progress import cohort_progress, speed_not_measured
from katas._kit.cohort import LearnerReport
from katas._kit.runner import KataResult, Outcome, Tally

REPORT_FORMAT = "mpkatas-report"
REPORT_VERSION = 1


class GraderBroke(Exception):
    """The grader run produced no test outcomes (pytest could not run them)."""


def grade(
    katas: Sequence[Kata], methods: Sequence[str], source: Path | None, timeout: float = 900
) -> dict[str, KataResult]:
    """Run the graders of ``katas`` on ``source`` (the repository's katas/ if None)."""
    try:
        return cohort.grade_copy([kata.id for kata in katas], methods, source, timeout)
    except cohort.CannotGrade as error:
        raise GraderBroke(str(error)) from None


# --- grade (mentors) -----------------------------------------------------------------


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
    katas = chosen_katas(args)
    assignments = [
        cohort.Assignment(name, path.resolve(), tuple(k.id for k in katas), tuple(methods), args.timeout)
        for name, path in learners
    ]
    reports = grade_cohort(assignments, args, out)
    for report in reports:
        if report.error:
            out.line(f"  could not grade {report.name}: {report.error}", "bad")
    out.table(["learner", *(kata.id for kata in katas)], [report_row(r, katas) for r in reports])
    note = speed_note(reports)
    if note:
        out.line(note, "warn")
    document = report_document(root, methods, reports, katas)
    if args.json:
        write_report(Path(args.json), json.dumps(document, indent=2, ensure_ascii=False) + "\n", out)
    if args.markdown:
        write_report(Path(args.markdown), report_markdown(document), out)
    if args.html:
        write_report(Path(args.html), html_report.render(document), out)
    return EXIT_GRADER_BROKE if any(r.error for r in reports) else EXIT_OK


def jobs_argument(text: str) -> int:
    """``--jobs N``: checked when the command line is read, before anything starts."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of learners at a time, 1 or more, not {text!r}")
    return jobs


def scheduler_argument(text: str) -> str:
    """``--scheduler tcp://HOST:PORT``: its form is checked before any connection."""
    try:
        cohort.check_scheduler_address(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text.strip()


def chosen_katas(args: argparse.Namespace) -> list[Kata]:
    """``--kata`` as given (in the catalog's order, once each), else every kata."""
    chosen = set(args.kata or ())
    return [kata for kata in catalog.KATAS if kata.id in chosen] if chosen else list(catalog.KATAS)


def grade_cohort(assignments: Sequence[cohort.Assignment], args: argparse.Namespace, out: Output) -> list[LearnerReport]:
    """Every learner, ``--jobs`` at a time here or on the ``--scheduler``'s workers.

    The scheduler is reached before any grading starts, so a wrong address costs
    seconds, not a cohort's worth of grading; its client is closed whatever happens.
    """
    methods = ", ".join(assignments[0].methods)
    count = f"{len(assignments)} learner{'s' if len(assignments) > 1 else ''}"
    katas = len(assignments[0].katas)
    if args.scheduler is None:
        at_once = f", {args.jobs} at a time," if args.jobs > 1 else ""
        heading = f"Grading {count}{at_once} under {methods}…"
        with cohort_progress(out, len(assignments), katas, heading) as progress:
            return cohort.grade_here(assignments, args.jobs, progress.done)
    try:
        client = cohort.connect(args.scheduler)
    except cohort.SchedulerUnreachable as error:
        raise UsageError(f"--scheduler: {error}") from None
    try:
        heading = f"Grading {count} on the dask cluster at {args.scheduler} under {methods}…"
        with cohort_progress(out, len(assignments), katas, heading, where=True) as progress:
            return cohort.grade_on_cluster(client, assignments, progress.done)
    finally:
        client.close()  # type: ignore[no-untyped-call]


def speed_note(reports: Sequence[LearnerReport]) -> str | None:
    """The speed checks that skipped, counted per learner: they are not failures, and a
    mentor who graded several learners at a time should know the cores were shared."""
    counts = [(report.name, speed_not_measured(report)) for report in reports]
    counted = [f"{name} {count}" for name, count in counts if count]
    if not counted:
        return None
    total = sum(count for _, count in counts)
    return (
        f"Speed checks not measured (skipped, not failed: the machine could not show a speed-up; "
        f"learners graded at the same time share its cores): {total} — {', '.join(counted)}"
    )


def check_writable(path: Path) -> None:
    """Create the report's folder now, so a bad path fails before grading, not after."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    if path.is_dir() or not os.access(path.parent, os.W_OK):
        raise UsageError(f"cannot write {path}: it is a directory or its folder is read-only")


def report_row(report: LearnerReport, katas: Sequence[Kata] = catalog.KATAS) -> list[str]:
    cells = [report.results[k.id].summary() if report.results else "not graded" for k in katas]
    return [report.name, *cells]


def write_report(path: Path, text: str, out: Output) -> None:
    path.write_text(text, encoding="utf-8")
    out.line(f"Wrote {shown(path)}")


def report_document(
    root: Path, methods: Sequence[str], reports: Sequence[LearnerReport], katas: Sequence[Kata] = catalog.KATAS
) -> dict[str, Any]:
    """The JSON report: its schema is katas/_kit/report.schema.json (docs/REPORT_SCHEMA.md)."""
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "directory": str(root.resolve()),
        "start_methods": list(methods),
        "learners": [learner_document(report, methods, katas) for report in reports],
    }


def learner_document(
    report: LearnerReport, methods: Sequence[str], katas: Sequence[Kata] = catalog.KATAS
) -> dict[str, Any]:
    documents = [kata_document(kata, report, methods) for kata in katas]
    statuses = [kata["status"] for kata in documents]
    return {
        "name": report.name,
        "path": str(report.path),
        "error": report.error,
        "summary": {s: statuses.count(s) for s in ("passing", "failing", "not_attempted", "not_graded")},
        "katas": documents,
        "seconds": round(report.seconds, 1),
        "graded_on": report.graded_on,
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
