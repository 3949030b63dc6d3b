"""How far a cohort's grading has got: a bar on a terminal, plain lines elsewhere.

A cohort takes minutes to hours, so a mentor needs to see that it moves and how long is
left; a log file or a CI job needs one line per learner as each finishes, with no
cursor tricks in it.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from katas._kit.cli.output import Output, RichOutput
from katas._kit.cohort import LearnerReport

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

STATUSES = ("passing", "failing", "not attempted", "not graded")


def learner_summary(report: LearnerReport) -> str:
    """``2 passing, 1 failing`` (and the speed checks that could not measure), or
    ``not graded (why)`` when the learner's grading gave nothing at all."""
    if report.error:
        return f"not graded ({report.error})"
    statuses = [result.status for result in report.results.values()]
    parts = [f"{statuses.count(status)} {status}" for status in STATUSES if status in statuses]
    not_measured = speed_not_measured(report)
    if not_measured:
        parts.append(f"{not_measured} speed check{'s' if not_measured > 1 else ''} not measured")
    return ", ".join(parts) or "no katas graded"


def speed_not_measured(report: LearnerReport) -> int:
    """The kit's speed checks that skipped for this learner (the only skips allowed)."""
    return sum(len(result.speed_not_measured) for result in report.results.values())


def finished_line(report: LearnerReport, where: bool = False) -> str:
    """``ada: 2 passing (4.1 s)``; with ``where``, the machine that graded it too."""
    where_text = f" on {report.graded_on}" if where and report.graded_on else ""
    return f"{report.name}: {learner_summary(report)} ({report.seconds:.1f} s{where_text})"


class PlainProgress:
    """One flushed line per learner, in the order they finish."""

    def __init__(self, out: Output, learners: int, katas_per_learner: int, heading: str, where: bool = False) -> None:
        self.out = out
        self.learners = learners
        self.katas_per_learner = katas_per_learner
        self.heading = heading
        self.where = where

    def __enter__(self) -> PlainProgress:
        self.out.line(self.heading)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        return None

    def done(self, index: int, report: LearnerReport) -> None:
        self.out.line(finished_line(report, self.where), "bad" if report.error else "")


class BarProgress(PlainProgress):
    """rich's progress bar: learners done of all, katas done, elapsed and an estimate;
    each finished learner's line is printed above it."""

    def __init__(self, out: RichOutput, learners: int, katas_per_learner: int, heading: str, where: bool = False) -> None:
        super().__init__(out, learners, katas_per_learner, heading, where)
        self.console = out.console
        self.finished = 0
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> BarProgress:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.console.print(self.heading)
        self.bar = Progress(
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("learners · {task.fields[katas]} katas ·"),
            TimeElapsedColumn(),
            TextColumn("elapsed · about"),
            TimeRemainingColumn(),
            TextColumn("left"),
            console=self.console,
        )
        self.bar.start()
        self.task = self.bar.add_task("grading", total=self.learners, katas=self._katas())
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.stop()

    def done(self, index: int, report: LearnerReport) -> None:
        self.finished += 1
        assert self.bar is not None and self.task is not None
        style = "bold red" if report.error else ""
        self.bar.console.print(finished_line(report, self.where), style=style, highlight=False, markup=False)
        self.bar.update(self.task, advance=1, katas=self._katas())

    def _katas(self) -> str:
        return f"{self.finished * self.katas_per_learner}/{self.learners * self.katas_per_learner}"


def cohort_progress(
    out: Output, learners: int, katas_per_learner: int, heading: str, where: bool = False
) -> PlainProgress:
    """The bar on a terminal (``RichOutput``), plain lines otherwise."""
    if isinstance(out, RichOutput):
        return BarProgress(out, learners, katas_per_learner, heading, where)
    return PlainProgress(out, learners, katas_per_learner, heading, where)
