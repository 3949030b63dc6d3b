"""``mpkatas watch``: check the kata again on every save, and move on to the next one
that does not pass yet. watchfiles is imported lazily, here only."""

from __future__ import annotations

import argparse
import signal
from collections.abc import Iterator, Sequence
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
        return learn.check(kata, methods, out).status
    except GraderBroke as error:
        out.line(f"The graders could not run: {error}", "bad")
        return "not graded"


def katas_after(kata: Kata) -> tuple[Kata, ...]:
    return catalog.KATAS[catalog.KATAS.index(kata) + 1 :]


def first_not_passing(katas: Sequence[Kata], methods: Sequence[str], out: Output) -> Kata | None:
    if not katas:
        return None
    results = learn.grade_learner_copy(katas, methods, out)
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
