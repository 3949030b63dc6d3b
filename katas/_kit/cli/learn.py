"""What a learner runs to see where they stand: ``mpkatas check`` (one kata's verdict
and the first thing to fix) and ``mpkatas list`` (every kata, progress, next step)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from katas._kit import catalog
from katas._kit.catalog import Kata
from katas._kit.cli.common import (
    EXIT_NOT_DONE,
    EXIT_OK,
    chosen_methods,
    find_kata,
    headline,
    katas_dir,
    module_missing,
    readable,
    unattempted_functions,
)
from katas._kit.cli.grade import grade
from katas._kit.cli.output import Bar, Output, shown
from katas._kit.cli.state import digest, remember_verdicts
from katas._kit.runner import KataResult, Outcome


def grade_learner_copy(katas: Sequence[Kata], methods: Sequence[str], out: Output) -> dict[str, KataResult]:
    """Grade the learner's copy, and remember the verdicts for ``watch``'s progress."""
    folder = katas_dir()
    source = None if folder.resolve() == catalog.KATAS_DIR.resolve() else folder
    names = ", ".join(kata.id for kata in katas) if len(katas) < len(catalog.KATAS) else "every kata"
    digests = {kata.id: digest(kata.module_path(folder)) for kata in katas}  # before: a save may come mid-run
    with out.working(f"Grading {names} in {shown(folder)} under {', '.join(methods)}…"):
        results = grade(katas, methods, source)
    remember_verdicts(results, methods, digests)
    return results


# --- check ---------------------------------------------------------------------------


def command_check(args: argparse.Namespace, out: Output) -> int:
    kata = find_kata(args.kata)
    result = check(kata, chosen_methods(args), out)
    return EXIT_OK if result.status == "passing" else EXIT_NOT_DONE


def check(kata: Kata, methods: Sequence[str], out: Output) -> KataResult:
    """Grade one kata of the learner's copy and show the verdict."""
    result = grade_learner_copy([kata], methods, out)[kata.id]
    show_verdict(kata, result, out)
    return result


def show_verdict(kata: Kata, result: KataResult, out: Output) -> None:
    out.heading(f"{kata.id} — {kata.question}")
    shows = {"passing": show_passing, "not attempted": show_not_attempted, "not graded": show_not_graded}
    shows.get(result.status, show_failing)(kata, result, out)


def show_not_graded(kata: Kata, result: KataResult, out: Output) -> None:
    reason = result.not_graded_reason or f"its grader reported no tests ({shown(kata.grader_path)})"
    out.line(f"{kata.id} not graded: {reason}.", "bad")


def show_passing(kata: Kata, result: KataResult, out: Output) -> None:
    methods = ", ".join(result.start_methods)
    skips = result.speed_not_measured
    passed = len(result.outcomes) - len(skips)
    if not skips:
        out.line(f"{kata.id} passing: all {passed} tests pass under {methods}.", "ok")
    else:
        out.line(f"{kata.id} passing: {passed} of {len(result.outcomes)} tests pass under {methods}; "
                 "the speed check could not measure:", "ok")
    for skip in skips:
        figure = headline(skip, 1).removeprefix("speed check skipped: ")
        out.line(f"  speed not measured ({skip.start_method}): {figure}", "warn")
    if show_speed(result, out):
        out.line()
    out.line(f"Compare with the reference: mpkatas solution {kata.id}")


def show_speed(result: KataResult, out: Output) -> bool:
    """Each measured speed check as bars: serial, the learner's parallel run, and what
    the machine could deliver then (serial / capacity), so "1.40x of a possible 1.90x"
    is seen, not read. The figures are those of the try that decided the check.
    True when there was a chart to draw."""
    measured = [(outcome, figures) for outcome in result.outcomes if (figures := outcome.speed) is not None]
    for outcome, figures in measured:
        passed = outcome.result == "passed"
        out.line()
        out.line(
            f"Speed under {outcome.start_method}: {figures.speedup:.2f}x of a possible {figures.capacity:.2f}x "
            f"({figures.required:.2f}x needed): " + ("fast enough" if passed else "not fast enough"),
            "strong",
        )
        out.bars(
            [
                Bar("serial", figures.serial, f"{figures.serial:.2f} s", "dim"),
                Bar(
                    "your code",
                    figures.parallel,
                    f"{figures.parallel:.2f} s  {figures.speedup:.2f}x",
                    "ok" if passed else "bad",
                ),
                Bar("possible", figures.possible, f"{figures.possible:.2f} s  {figures.capacity:.2f}x", "info"),
            ]
        )
    return bool(measured)


def show_not_attempted(kata: Kata, result: KataResult, out: Output) -> None:
    path = kata.module_path(katas_dir())
    if module_missing(result.outcomes):
        out.line(
            f"{kata.id} not attempted: {shown(path)} is missing (mpkatas reset {kata.id} restores it).",
            "warn",
        )
    else:
        functions = unattempted_functions(result.outcomes) or list(kata.functions)
        verb = "raises" if len(functions) == 1 else "raise"
        out.line(
            f"{kata.id} not attempted yet: {', '.join(functions)} still {verb} NotImplementedError.", "warn"
        )
    out.line(f"Start with {shown(kata.readme_path(katas_dir()))}, then write {shown(path)}.")
    out.line(f"Stuck? mpkatas hint {kata.id}")


def show_failing(kata: Kata, result: KataResult, out: Output) -> None:
    methods = ", ".join(result.start_methods)
    out.line(f"{kata.id} {result.summary()} tests under {methods}.", "bad")
    show_passed_tests(result, out)
    waiting = unattempted_functions(result.outcomes)
    if waiting:
        out.line(f"Not attempted yet: {', '.join(waiting)}", "warn")
    show_first_failure(kata, result, out)
    show_speed(result, out)


def show_passed_tests(result: KataResult, out: Output) -> None:
    functions = dict.fromkeys(o.function for o in result.outcomes)
    passed = [f for f in functions if all(not o.failed for o in result.outcomes if o.function == f)]
    if passed:
        out.line(f"Passing ({len(passed)} of {len(functions)} checks):", "ok")
        for function in passed:
            out.line(f"  ✓ {readable(function)}")


def first_failure(result: KataResult) -> Outcome:
    """A real failure before a "not attempted": it is what the learner is working on."""
    real = [o for o in result.failures if not o.not_attempted]
    return (real or result.failures)[0]


def show_first_failure(kata: Kata, result: KataResult, out: Output) -> None:
    first = first_failure(result)
    same = [o for o in result.outcomes if o.function == first.function]
    failed_under = ", ".join(dict.fromkeys(o.start_method for o in same if o.failed))
    passed_under = ", ".join(dict.fromkeys(o.start_method for o in same if not o.failed))
    out.line()
    out.line(f"First thing to fix: {readable(first.function)}", "strong")
    where = f"  fails under {failed_under}" + (f"; passes under {passed_under}" if passed_under else "")
    out.line(where, "bad")
    for text in headline(first).splitlines():
        out.line(f"  {text}")
    out.line(
        f"Run it alone: pytest 'katas/{kata.id}/test_{kata.module_file}::{first.test}'{submission_option()}",
        "dim",
    )


def submission_option() -> str:
    folder = katas_dir()
    return "" if folder.resolve() == catalog.KATAS_DIR.resolve() else f" --submission '{folder}'"


# --- list ----------------------------------------------------------------------------


def command_list(args: argparse.Namespace, out: Output) -> int:
    results = grade_learner_copy(catalog.KATAS, chosen_methods(args), out)
    rows = [[kata.id, kata.question, results[kata.id].summary()] for kata in catalog.KATAS]
    out.table(["kata", "question", "status"], rows)
    out.line(progress_line(results))
    show_next_step(results, out)
    return EXIT_OK


def progress_line(results: dict[str, KataResult]) -> str:
    counts = {status: 0 for status in ("passing", "failing", "not attempted", "not graded")}
    for result in results.values():
        counts[result.status] += 1
    parts = [f"{counts[s]} {s}" for s in ("failing", "not attempted", "not graded") if counts[s]]
    return f"Progress: {counts['passing']} of {len(results)} katas passing" + "".join(f", {p}" for p in parts)


def show_next_step(results: dict[str, KataResult], out: Output) -> None:
    pending = next((kata for kata in catalog.KATAS if results[kata.id].status != "passing"), None)
    if pending is None:
        out.line("Every kata passes, under every start method.", "ok")
    else:
        out.line(f"Next: mpkatas check {pending.id} (or mpkatas watch {pending.id} while you edit)")
