"""``mpkatas``: the learner's and the mentor's command line.

list, check, hint, watch, reset, solution, grade and classroom. Every verdict comes
from the real graders, run in a pytest subprocess (``katas._kit.runner``), so the
command line and ``pytest katas`` can never disagree. One module per concern, as
rustlings splits its runner: ``common`` (exit codes, paths, start methods, reading
outcomes), ``output`` (rich on a terminal, plain text elsewhere, bars), ``learn``
(list, check and its speed chart), ``hints`` (hint, reset, solution), ``state`` (the
learner's state file: hints seen, remembered verdicts), ``watch``, ``grade``
(grading, and the mentors' reports) and ``classroom`` (the GitHub Classroom
workflow). This module builds the parser and maps errors to exit codes.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from katas._kit import catalog
from katas._kit.classroom import PYTHON_VERSION, PYTHON_VERSIONS
from katas._kit.cli.common import (
    EXIT_GRADER_BROKE,
    EXIT_NOT_DONE,
    EXIT_OK,
    EXIT_USAGE,
    KATAS_DIR_ENV,
    STATE_DIR_ENV,
    UsageError,
    graded_methods,
)
from katas._kit.cli.classroom import command_classroom, points_argument, python_argument
from katas._kit.cli.grade import GraderBroke, command_grade, jobs_argument, scheduler_argument
from katas._kit.cli.hints import command_hint, command_reset, command_solution
from katas._kit.cli.learn import command_check, command_list
from katas._kit.cli.output import Output, make_output
from katas._kit.cli.watch import command_watch

__all__ = [
    "EXIT_GRADER_BROKE",
    "EXIT_NOT_DONE",
    "EXIT_OK",
    "EXIT_USAGE",
    "KATAS_DIR_ENV",
    "STATE_DIR_ENV",
    "build_parser",
    "main",
]


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
    add_classroom(commands)
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
        "--html", metavar="FILE", help="write the report as one self-contained page to open in a browser"
    )
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
    command.add_argument(
        "--kata", action="append", choices=list(catalog.BY_ID), metavar="KATA",
        help="grade this kata only (repeatable); default: every kata",
    )
    where = command.add_mutually_exclusive_group()
    where.add_argument(
        "--jobs", type=jobs_argument, default=1, metavar="N",
        help="grade N learners at a time on this machine, each in its own grading process (default 1)",
    )
    where.add_argument(
        "--scheduler", type=scheduler_argument, metavar="tcp://HOST:PORT",
        help="grade each learner on a worker of this dask.distributed cluster "
        "(every worker needs this repository installed)",
    )


def add_classroom(commands: Any) -> None:
    command = add_command(
        commands, "classroom", command_classroom,
        "mentors: write the GitHub Classroom autograding workflow, one step per kata",
    )
    command.add_argument(
        "--output", metavar="PATH",
        help="where to write it (default: .github/workflows/classroom.yml in this repository)",
    )
    command.add_argument(
        "--points", type=points_argument, metavar="SPEC",
        help="points per kata: q1=5,q12=20; a bare number sets every kata not named (default: 10 each)",
    )
    command.add_argument(
        "--python", type=python_argument, default=PYTHON_VERSION, metavar="VERSION",
        help=f"the Python the runner grades on: {', '.join(PYTHON_VERSIONS)} "
        f"(a 't' is the free-threaded build; default: {PYTHON_VERSION})",
    )
    command.add_argument("--force", action="store_true", help="replace an existing, different file")


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
