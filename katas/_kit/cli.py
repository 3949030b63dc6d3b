"""``mpkatas``: the learner's and the mentor's command line.

list, check, hint, watch, reset, solution and grade. Every verdict comes from the real
graders, run in a pytest subprocess (``katas._kit.runner``), so the command line and
``pytest katas`` can never disagree. Output is made for people: rich tables and colour
on a terminal, plain text in pipes, files and tests. rich and watchfiles are imported
here only, and lazily: graders and their children never import this module.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

from katas._kit import catalog, runner
from katas._kit.catalog import Kata, UnknownKata
from katas._kit.runner import NOT_ATTEMPTED_MARK, KataResult, Outcome, Tally

if TYPE_CHECKING:
    from rich.console import Console

STATE_DIR_ENV = "MPKATAS_STATE_DIR"
KATAS_DIR_ENV = "MPKATAS_KATAS_DIR"
REPORT_FORMAT = "mpkatas-report"
REPORT_VERSION = 1

EXIT_OK = 0
EXIT_NOT_DONE = 1  # a kata that does not pass, a declined reset, no hints yet
EXIT_USAGE = 2  # bad input: unknown kata, missing directory, ...
EXIT_GRADER_BROKE = 3  # pytest itself failed: no outcomes to report


class UsageError(Exception):
    """Bad input: reported as one line on stderr, exit code 2."""


class GraderBroke(Exception):
    """The grader run produced no test outcomes (pytest could not run them)."""


# --- Output: rich on a terminal, plain text elsewhere --------------------------------


class Output:
    """Plain text, for pipes, files and tests. Every line is flushed at once, so a
    program reading ``mpkatas watch`` sees each verdict as it is printed."""

    def line(self, text: str = "", style: str = "") -> None:
        print(text, flush=True)

    def heading(self, text: str) -> None:
        self.line()
        self.line(text)
        self.line("=" * len(text))

    def table(self, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        for text in plain_table(columns, rows):
            self.line(text)

    def code(self, text: str) -> None:
        self.line(text.rstrip("\n"))

    def markdown(self, text: str) -> None:
        self.line(text.rstrip("\n"))

    @contextmanager
    def working(self, text: str) -> Iterator[None]:
        self.line(text)
        yield


class RichOutput(Output):
    """Colour, tables and highlighted code, for a person at a terminal."""

    STYLES = {"ok": "bold green", "bad": "bold red", "warn": "yellow", "dim": "dim", "strong": "bold"}

    def __init__(self) -> None:
        from rich.console import Console

        self.console: Console = Console(highlight=False)

    def line(self, text: str = "", style: str = "") -> None:
        from rich.text import Text

        self.console.print(Text(text, style=self.STYLES.get(style, "")))

    def heading(self, text: str) -> None:
        self.console.rule(text, style="cyan")

    def table(self, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        from rich.table import Table
        from rich.text import Text

        table = Table(*columns, header_style="bold")
        for row in rows:
            table.add_row(*(Text(cell, style=status_style(cell)) for cell in row))
        self.console.print(table)

    def code(self, text: str) -> None:
        from rich.syntax import Syntax

        self.console.print(Syntax(text, "python", line_numbers=True))

    def markdown(self, text: str) -> None:
        from rich.markdown import Markdown

        self.console.print(Markdown(text))

    @contextmanager
    def working(self, text: str) -> Iterator[None]:
        with self.console.status(text):
            yield


def make_output() -> Output:
    return RichOutput() if sys.stdout.isatty() else Output()


def plain_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns aligned with spaces, under a header and a dashed line."""
    widths = [max([len(column), *(len(row[i]) for row in rows)]) for i, column in enumerate(columns)]

    def join(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return [join(columns), join(["-" * width for width in widths]), *(join(row) for row in rows)]


def status_style(text: str) -> str:
    """Colour a status cell by what it says (other cells stay plain)."""
    if text.startswith("passing"):
        return "bold green"
    if text.startswith(("failing", "not graded")):
        return "bold red"
    return "yellow" if text.startswith("not attempted") else ""


def shown(path: Path) -> str:
    """A path as a person would type it: relative to where they are, when it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- Where things are ----------------------------------------------------------------


def katas_dir() -> Path:
    """The learner's copy of the katas: ``katas/`` here, or ``$MPKATAS_KATAS_DIR``."""
    chosen = os.environ.get(KATAS_DIR_ENV)
    folder = Path(chosen).expanduser() if chosen else catalog.KATAS_DIR
    if not folder.is_dir():
        origin = f" (from ${KATAS_DIR_ENV})" if chosen else ""
        raise UsageError(f"no such katas directory: {folder}{origin}")
    return folder


def state_dir() -> Path:
    """Per-learner state, never committed: ``.mpkatas/`` here, or ``$MPKATAS_STATE_DIR``."""
    chosen = os.environ.get(STATE_DIR_ENV)
    return Path(chosen).expanduser() if chosen else catalog.REPO_ROOT / ".mpkatas"


def find_kata(name: str) -> Kata:
    try:
        return catalog.find(name)
    except UnknownKata as error:
        raise UsageError(str(error)) from None


# --- Grading -------------------------------------------------------------------------


def graded_methods() -> list[str]:
    from katas._kit.grading import available_start_methods

    return available_start_methods()


def chosen_methods(args: argparse.Namespace) -> list[str]:
    """Every start method unless narrowed: "passing" means what ``pytest katas/qN`` means."""
    return list(args.start_method or graded_methods())


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


def grade_learner_copy(katas: Sequence[Kata], methods: Sequence[str], out: Output) -> dict[str, KataResult]:
    folder = katas_dir()
    source = None if folder.resolve() == catalog.KATAS_DIR.resolve() else folder
    names = ", ".join(kata.id for kata in katas) if len(katas) < len(catalog.KATAS) else "every kata"
    with out.working(f"Grading {names} in {shown(folder)} under {', '.join(methods)}…"):
        return grade(katas, methods, source)


_UNATTEMPTED = re.compile(r"\w+\.(?P<function>\w+): " + re.escape(NOT_ATTEMPTED_MARK))
_MISSING = re.compile(r"\(no (?P<path>[^)]+)\): " + re.escape(NOT_ATTEMPTED_MARK))


def unattempted_functions(outcomes: Sequence[Outcome]) -> list[str]:
    found = (_UNATTEMPTED.search(o.message) for o in outcomes if o.not_attempted)
    return list(dict.fromkeys(match["function"] for match in found if match))


def module_missing(outcomes: Sequence[Outcome]) -> bool:
    return any(_MISSING.search(o.message) for o in outcomes if o.not_attempted)


def headline(outcome: Outcome, max_lines: int = 12) -> str:
    """What went wrong, without the traceback: pytest's short message, cut to a screenful."""
    lines = (outcome.summary or outcome.message).strip().splitlines()
    return "\n".join(line.rstrip() for line in lines[:max_lines]).strip() or outcome.result


def readable(test_function: str) -> str:
    """``test_square_all_keeps_order`` as ``square all keeps order``."""
    return test_function.removeprefix("test_").replace("_", " ")


def is_stub(path: Path, functions: Sequence[str]) -> bool:
    """True while the learner's module is missing or each function still only raises
    NotImplementedError (comments and formatting do not count as an attempt)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return True
    except (SyntaxError, UnicodeDecodeError):
        return False
    defined = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    return all(name in defined and _raises_not_implemented(defined[name]) for name in functions)


def _raises_not_implemented(function: ast.FunctionDef) -> bool:
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    raised = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


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
    out.line(f"Compare with the reference: mpkatas solution {kata.id}")


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


# --- hint ----------------------------------------------------------------------------


def state_file() -> Path:
    return state_dir() / "state.json"


def load_state() -> dict[str, Any]:
    """The learner's progress; a missing or damaged file starts afresh."""
    try:
        loaded = json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict) or not isinstance(loaded.get("hints_seen", {}), dict):
        return {}
    return loaded


def save_state(state: dict[str, Any]) -> None:
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(path)  # never a half-written state file


def hints_seen(state: dict[str, Any], kata: Kata) -> int:
    seen = state.get("hints_seen", {}).get(kata.id, 0)
    return seen if isinstance(seen, int) else 0


def command_hint(args: argparse.Namespace, out: Output) -> int:
    kata = find_kata(args.kata)
    hints = kata.hints(katas_dir())
    if not hints:
        out.line(f"{kata.id} has no hints yet ({shown(kata.readme_path(katas_dir()))} has none).", "warn")
        return EXIT_NOT_DONE
    state = load_state()
    number = args.number if args.number is not None else min(hints_seen(state, kata) + 1, len(hints))
    if not 1 <= number <= len(hints):
        raise UsageError(f"{kata.id} has hints 1 to {len(hints)}, not {number}")
    state.setdefault("hints_seen", {})[kata.id] = max(number, hints_seen(state, kata))
    save_state(state)
    show_hint(kata, hints, number, out)
    return EXIT_OK


def show_hint(kata: Kata, hints: Sequence[catalog.Hint], number: int, out: Output) -> None:
    hint = hints[number - 1]
    out.heading(f"{kata.id} — hint {number} of {len(hints)}: {hint.title}")
    out.markdown(hint.body)
    out.line()
    if number < len(hints):
        out.line(f"Still stuck? mpkatas hint {kata.id} shows hint {number + 1}.", "dim")
    else:
        out.line(f"That was the last hint. When it passes, compare: mpkatas solution {kata.id}", "dim")


# --- watch ---------------------------------------------------------------------------


def command_watch(args: argparse.Namespace, out: Output) -> int:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    methods = chosen_methods(args)
    try:
        return watch(find_kata(args.kata) if args.kata else None, methods, out)
    except KeyboardInterrupt:
        out.line("Stopped watching.")
        return EXIT_OK


def _interrupt(signum: int, frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt


def watch(chosen: Kata | None, methods: Sequence[str], out: Output) -> int:
    """Check the kata on every save; without a chosen kata, move on when one passes."""
    kata = chosen or first_not_passing(catalog.KATAS, methods, out)
    while kata is not None:
        kata = watch_kata(kata, methods, out, move_on=chosen is None)
    out.line("Every kata passes.", "ok")
    return EXIT_OK


def watch_kata(kata: Kata, methods: Sequence[str], out: Output, move_on: bool) -> Kata | None:
    """Check ``kata`` now and after every save. Once it passes, return the next kata to
    watch when moving on (None: none left); a chosen kata is watched until Ctrl-C."""
    path = kata.module_path(katas_dir())
    with saves_of(path) as saves:
        while True:
            if check_while_watching(kata, methods, out) == "passing" and move_on:
                return first_not_passing(katas_after(kata), methods, out)
            out.line(f"Watching {shown(path)}: save it to check again (Ctrl-C to stop).", "dim")
            next(saves)


def check_while_watching(kata: Kata, methods: Sequence[str], out: Output) -> str:
    """The kata's status; a grader run that breaks is reported, and watching goes on."""
    try:
        return check(kata, methods, out).status
    except GraderBroke as error:
        out.line(f"The graders could not run: {error}", "bad")
        return "not graded"


def katas_after(kata: Kata) -> tuple[Kata, ...]:
    return catalog.KATAS[catalog.KATAS.index(kata) + 1 :]


def first_not_passing(katas: Sequence[Kata], methods: Sequence[str], out: Output) -> Kata | None:
    if not katas:
        return None
    results = grade_learner_copy(katas, methods, out)
    return next((kata for kata in katas if results[kata.id].status != "passing"), None)


@contextmanager
def saves_of(path: Path) -> Iterator[Iterator[object]]:
    """Each later write, creation or removal of ``path``.

    The watcher starts here, before the first check, and collects changes while a check
    runs, so a save made meanwhile is not missed. The folder is watched, not the file:
    editors often replace the file instead of writing to it.
    """
    from watchfiles import watch as watch_changes

    if not path.parent.is_dir():
        raise UsageError(f"no such folder: {path.parent}")
    changes = watch_changes(
        path.parent,
        watch_filter=lambda _change, name: Path(name).name == path.name,
        rust_timeout=250,
        yield_on_timeout=True,
    )
    next(changes)  # an empty batch after 250 ms at most: the watcher is running
    try:
        yield (batch for batch in changes if batch)
    finally:
        changes.close()


# --- reset ---------------------------------------------------------------------------


def command_reset(args: argparse.Namespace, out: Output) -> int:
    kata = find_kata(args.kata)
    path = kata.module_path(katas_dir())
    pristine = kata.stub_path.read_bytes()
    if path.is_file() and path.read_bytes() == pristine:
        out.line(f"{shown(path)} is already the original stub: nothing to do.")
        return EXIT_OK
    backup = backup_path(kata) if path.is_file() else None
    if not (args.yes or confirm(reset_question(path, backup))):
        out.line(f"Nothing changed: {shown(path)} is as you left it.")
        return EXIT_NOT_DONE
    if backup is not None:
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, backup)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pristine)
    out.line(f"Restored the original stub in {shown(path)}.", "ok")
    if backup is not None:
        out.line(f"Your version is kept in {shown(backup)}.")
    return EXIT_OK


def backup_path(kata: Kata) -> Path:
    """``.mpkatas/backups/q5/worker_pool.py.20250101-120000`` (a new name every time)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = state_dir() / "backups" / kata.id
    candidate = folder / f"{kata.module_file}.{stamp}"
    count = 1
    while candidate.exists():
        count += 1
        candidate = folder / f"{kata.module_file}.{stamp}-{count}"
    return candidate


def reset_question(path: Path, backup: Path | None) -> str:
    keep = f" Your version will be kept in {shown(backup)}." if backup else ""
    return f"Replace {shown(path)} with the original stub?{keep} [y/N] "


def confirm(question: str) -> bool:
    """Ask on stdout, read the answer from stdin; no answer (end of input) means no."""
    try:
        answer = input(question)
    except EOFError:
        answer = ""
    if not sys.stdin.isatty():
        print(flush=True)  # a piped answer is not echoed: end the prompt's line
    return answer.strip().lower() in ("y", "yes")


# --- solution ------------------------------------------------------------------------


def command_solution(args: argparse.Namespace, out: Output) -> int:
    kata = find_kata(args.kata)
    if is_stub(kata.module_path(katas_dir()), kata.functions):
        out.line(
            f"Warning: you have not attempted {kata.id} yet. Reading the answer first spoils the "
            f"kata: try mpkatas hint {kata.id} instead.",
            "warn",
        )
    out.heading(f"The reference solution: {shown(kata.solution_path)}")
    out.code(kata.solution_path.read_text(encoding="utf-8"))
    out.heading(f"The model interview answer: {shown(kata.answer_path)}")
    if kata.answer_path.is_file():
        out.markdown(kata.answer_path.read_text(encoding="utf-8"))
    else:
        out.line(f"No model answer for {kata.id} has been written yet.", "warn")
    return EXIT_OK


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
    targets = [Path(file) for file in (args.json, args.markdown) if file]
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


# --- The parser ----------------------------------------------------------------------


class Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (usage is one ``--help`` away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


Handler = Callable[[argparse.Namespace, Output], int]


def build_parser() -> Parser:
    parser = Parser(prog="mpkatas", description="Work through the multiprocessing katas.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_list(commands)
    add_check(commands)
    add_hint(commands)
    add_watch(commands)
    add_reset(commands)
    add_solution(commands)
    add_grade(commands)
    return parser


def add_command(commands: Any, name: str, handler: Handler, help: str) -> Parser:
    command: Parser = commands.add_parser(name, help=help, description=help)
    command.set_defaults(handler=handler)
    return command


def add_method_options(command: Parser) -> None:
    group = command.add_mutually_exclusive_group()
    group.add_argument(
        "--start-method",
        action="append",
        choices=graded_methods(),
        metavar="METHOD",
        help=f"grade under this start method only (repeatable; one of {', '.join(graded_methods())}); "
        "default: every one, as pytest does",
    )
    group.add_argument("--all-methods", action="store_true", help="grade under every start method (the default)")


def add_kata_argument(command: Parser) -> None:
    command.add_argument("kata", help=f"a kata: {', '.join(catalog.BY_ID)}")


def add_list(commands: Any) -> None:
    command = add_command(commands, "list", command_list, "every kata with its status, and your progress")
    add_method_options(command)


def add_check(commands: Any) -> None:
    command = add_command(
        commands, "check", command_check, "grade one kata (exit code 0 only when it passes)"
    )
    add_kata_argument(command)
    add_method_options(command)


def add_hint(commands: Any) -> None:
    command = add_command(commands, "hint", command_hint, "the next hint for a kata (hint 1, then 2, ...)")
    add_kata_argument(command)
    command.add_argument("number", nargs="?", type=int, help="show this hint (default: the next one)")


def add_watch(commands: Any) -> None:
    command = add_command(commands, "watch", command_watch, "check again on every save of the kata's file")
    command.add_argument("kata", nargs="?", help="default: the first kata that does not pass yet")
    add_method_options(command)


def add_reset(commands: Any) -> None:
    command = add_command(
        commands, "reset", command_reset, "restore the original stub (your version is backed up)"
    )
    add_kata_argument(command)
    command.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")


def add_solution(commands: Any) -> None:
    command = add_command(
        commands, "solution", command_solution, "show the reference solution and model answer"
    )
    add_kata_argument(command)


def add_grade(commands: Any) -> None:
    command = add_command(
        commands, "grade", command_grade, "mentors: grade a learner's copy, or a folder of them"
    )
    command.add_argument("dir", help="DIR/qN/<module>.py (one learner) or DIR/<learner>/qN/<module>.py")
    command.add_argument("--json", metavar="FILE", help="write the report as JSON (docs/REPORT_SCHEMA.md)")
    command.add_argument("--markdown", metavar="FILE", help="write the report as Markdown")
    command.add_argument(
        "--timeout", type=float, default=900, metavar="SECONDS",
        help="give up on one learner's grading after this long: 'not graded (timed out ...)' (default 900)",
    )
    command.add_argument(
        "--start-method",
        action="append",
        choices=graded_methods(),
        metavar="METHOD",
        help="grade under this start method only (repeatable); default: every one",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.handler(args, make_output())
    except UsageError as error:
        print(f"mpkatas {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except GraderBroke as error:
        print(f"mpkatas {args.command}: the graders could not run: {error}", file=sys.stderr)
        return EXIT_GRADER_BROKE
    except KeyboardInterrupt:
        print(f"mpkatas {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped reading (``mpkatas solution q5 | head``): not our error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    return code
