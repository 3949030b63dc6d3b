"""Output for people: rich tables and colour on a terminal, plain text in pipes, files
and tests. rich is imported lazily, here only: graders and their children never load it."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


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
