"""``mpkatas watch``: check the kata again on every save, and move on to the next one
that does not pass yet. Each round is one screen, as in rustlings: progress across the
katas, the current one, then its verdict (cleared first on a terminal only; piped, the
rounds follow one another). watchfiles is imported lazily, here only."""

from __future__ import annotations

import argparse
import signal
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import NoReturn

from katas._kit import catalog
from katas._kit.catalog import Kata
from katas._kit.cli import learn
from katas._kit.cli.common import EXIT_OK, UsageError, chosen_methods, find_kata, katas_dir
from katas._kit.cli.grade import GraderBroke
from katas._kit.cli.output import Output, shown
from katas._kit.cli.state import remembered_status
from katas._kit.runner import KataResult, Status


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


MARKS: dict[Status | None, str] = {
    "passing": "✓",
    "failing": "✗",
    "not attempted": "·",
    "not graded": "!",
    None: "?",
}
MEANINGS: dict[Status | None, str] = {
    "passing": "passing",
    "failing": "failing",
    "not attempted": "not attempted",
    "not graded": "not graded",
    None: "not checked as it is now",
}
STYLES: dict[Status | None, str] = {
    "passing": "ok",
    "failing": "bad",
    "not attempted": "warn",
    "not graded": "bad",
    None: "dim",
}


class Board:
    """What watch knows of every kata's status, for the progress it shows each round.

    It starts from what needs no grading (a stub is not attempted) and the verdicts
    the learner's state file remembers for the files as they are now; each grading
    watch does then updates it. Only one kata is graded per save, as in rustlings."""

    def __init__(self, methods: Sequence[str]) -> None:
        folder = katas_dir()
        self.statuses: dict[str, Status | None] = {
            kata.id: remembered_status(kata, methods, folder) for kata in catalog.KATAS
        }

    def update(self, results: Mapping[str, KataResult]) -> None:
        for kata_id, result in results.items():
            self.statuses[kata_id] = result.status

    @property
    def passing(self) -> int:
        return sum(status == "passing" for status in self.statuses.values())


def watch(chosen: Kata | None, methods: Sequence[str], out: Output) -> int:
    """Check the kata on every save; without a chosen kata, move on when one passes."""
    board = Board(methods)
    kata = chosen or first_not_passing(catalog.KATAS, methods, out, board)
    note = ""
    while kata is not None:
        following = watch_kata(kata, methods, out, move_on=chosen is None, board=board, note=note)
        note = f"{kata.id} passes: on to {following.id}." if following is not None else ""
        kata = following
    out.line("Every kata passes.", "ok")
    return EXIT_OK


def watch_kata(
    kata: Kata, methods: Sequence[str], out: Output, move_on: bool, board: Board, note: str = ""
) -> Kata | None:
    """Check ``kata`` now and after every save. Once it passes, return the next kata to
    watch when moving on (None: none left); a chosen kata is watched until Ctrl-C."""
    path = kata.module_path(katas_dir())
    with saves_of(path) as saves:
        while True:
            if check_while_watching(kata, methods, out, board, note) == "passing" and move_on:
                return first_not_passing(katas_after(kata), methods, out, board)
            note = ""
            out.line(f"Watching {shown(path)}: save it to check again (Ctrl-C to stop).", "dim")
            next(saves)


def check_while_watching(kata: Kata, methods: Sequence[str], out: Output, board: Board, note: str = "") -> str:
    """Grade the kata, then show one screen: progress across the katas, then the
    verdict. A grader run that breaks is reported, and watching goes on."""
    try:
        result = learn.grade_learner_copy([kata], methods, out)[kata.id]
    except GraderBroke as error:
        board.statuses[kata.id] = "not graded"
        show_round(board, kata, out, note)
        out.line(f"The graders could not run: {error}", "bad")
        return "not graded"
    board.update({kata.id: result})
    show_round(board, kata, out, note)
    learn.show_verdict(kata, result, out)
    return result.status


def show_round(board: Board, current: Kata, out: Output, note: str = "") -> None:
    """A fresh screen on a terminal (the last round's verdict stays up while grading),
    then where the learner stands across every kata, and which kata is current."""
    out.clear()
    if note:
        out.line(note, "ok")
    total = len(board.statuses)
    out.progress(board.passing, total, f"{board.passing}/{total} katas passing")
    parts: list[tuple[str, str]] = []
    for kata_id, status in board.statuses.items():
        mark = f"{kata_id} {MARKS[status]}"
        if parts:
            parts.append(("  ", ""))
        parts.append((f"[{mark}]", "current") if kata_id == current.id else (mark, STYLES[status]))
    out.segments(parts)
    present = set(board.statuses.values())
    out.line("  ".join(f"{MARKS[s]} {MEANINGS[s]}" for s in MARKS if s in present), "dim")
    out.line(f"Current: {current.id} — {current.question} ({shown(current.module_path(katas_dir()))})")


def katas_after(kata: Kata) -> tuple[Kata, ...]:
    return catalog.KATAS[catalog.KATAS.index(kata) + 1 :]


def first_not_passing(katas: Sequence[Kata], methods: Sequence[str], out: Output, board: Board) -> Kata | None:
    if not katas:
        return None
    results = learn.grade_learner_copy(katas, methods, out)
    board.update(results)
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
