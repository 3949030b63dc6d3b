"""``mpkatas classroom``: write the GitHub Classroom workflow (``katas._kit.classroom``)
that a mentor commits to the assignment's template repository."""

from __future__ import annotations

import argparse
from pathlib import Path

from katas._kit import catalog, classroom
from katas._kit.cli.common import EXIT_OK, UsageError
from katas._kit.cli.output import Output, shown


def points_argument(text: str) -> dict[str, int]:
    """``--points``: argparse names the option and the reason when it cannot be read."""
    try:
        return classroom.parse_points(text)
    except classroom.PointsError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def python_argument(text: str) -> str:
    """``--python``: one of the versions the katas support, named when refused."""
    try:
        return classroom.check_python(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def command_classroom(args: argparse.Namespace, out: Output) -> int:
    path = Path(args.output).expanduser() if args.output else classroom.WORKFLOW_PATH
    points: dict[str, int] = args.points or classroom.parse_points(str(classroom.DEFAULT_POINTS))
    text = classroom.render_workflow(points, python=args.python)
    if path.is_dir():
        raise UsageError(f"{shown(path)} is a directory: --output takes the workflow file's path")
    existing = path.read_text(encoding="utf-8") if path.is_file() else None
    if existing == text:
        out.line(f"{shown(path)} is already this workflow: nothing to write")
        return EXIT_OK
    if existing is not None and not args.force:
        # A mentor may have edited it by hand: replacing it is their call.
        raise UsageError(f"{shown(path)} exists and differs from this workflow; --force replaces it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {shown(path)}: {error.strerror or error}") from None
    each = ", ".join(f"{kata.id} {points[kata.id]}" for kata in catalog.KATAS)
    out.line(
        f"Wrote {shown(path)}: one autograding step per kata running `python -m pytest katas/qN` "
        f"on Python {args.python}, {sum(points.values())} points in all ({each})."
    )
    out.line("Commit it to the assignment's template repository (README.md, GitHub Classroom).")
    return EXIT_OK
