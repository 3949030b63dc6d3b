"""Output for people: rich tables and colour on a terminal, plain text in pipes, files
and tests. rich is imported lazily, here only: graders and their children never load it."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, the value its length shows, the figures after it."""

    label: str
    value: float
    figures: str
    style: str = ""


class Output:
    """Plain text, for pipes, files and tests. Every line is flushed at once, so a
    program reading ``mpkatas watch`` sees each verdict as it is printed."""

    #: A chart's bar, and a progress bar's done and left parts: plain ASCII in a pipe.
    BAR = "#"
    DONE, LEFT = "#", "-"

    def line(self, text: str = "", style: str = "") -> None:
        print(text, flush=True)

    def segments(self, parts: Sequence[tuple[str, str]]) -> None:
        """One line made of (text, style) parts; plain text drops the styles."""
        self.line("".join(text for text, _style in parts))

    def clear(self) -> None:
        """Start a fresh screen. In a pipe or a file nothing is erased: each round of
        ``watch`` follows the last, so a log keeps them all."""

    def progress(self, done: int, total: int, text: str, width: int = 40) -> None:
        """``Progress: [########--------] 5/12 katas passing``, as rustlings draws it."""
        filled = round(width * done / total) if total else 0
        self.segments(
            [("Progress: [", ""), (self.DONE * filled, "ok"), (self.LEFT * (width - filled), "dim"), (f"] {text}", "")]
        )

    def bars(self, bars: Sequence[Bar], width: int = 40) -> None:
        """A horizontal bar chart, the longest bar ``width`` wide, figures after each."""
        longest = max((bar.value for bar in bars), default=0.0)
        label_width = max((len(bar.label) for bar in bars), default=0)
        for bar in bars:
            filled = max(1, round(width * bar.value / longest)) if longest > 0 and bar.value > 0 else 0
            self.segments(
                [
                    (f"  {bar.label.ljust(label_width)}  ", ""),
                    (self.BAR * filled, bar.style),
                    (" " * (width - filled) + "  ", ""),
                    (bar.figures, ""),
                ]
            )

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

    STYLES = {
        "ok": "bold green",
        "bad": "bold red",
        "warn": "yellow",
        "dim": "dim",
        "strong": "bold",
        "info": "cyan",
        "current": "bold reverse",
    }
    BAR = "█"
    DONE = LEFT = "━"

    def __init__(self, console: Console | None = None) -> None:
        from rich.console import Console

        self.console: Console = console or Console(highlight=False)

    def line(self, text: str = "", style: str = "") -> None:
        from rich.text import Text

        self.console.print(Text(text, style=self.STYLES.get(style, "")))

    def segments(self, parts: Sequence[tuple[str, str]]) -> None:
        from rich.text import Text

        self.console.print(Text.assemble(*((text, self.STYLES.get(style, "")) for text, style in parts)))

    def clear(self) -> None:
        self.console.clear()

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
