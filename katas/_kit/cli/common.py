"""What every ``mpkatas`` command shares: exit codes, bad input, where the learner's
katas and state live, which start methods to grade under, and how a grader's outcome
reads. Kept apart so the command modules import it, never each other's internals."""

from __future__ import annotations

import argparse
import ast
import os
import re
from collections.abc import Sequence
from pathlib import Path

from katas._kit import catalog
from katas._kit.catalog import Kata, UnknownKata
from katas._kit.runner import NOT_ATTEMPTED_MARK, Outcome

STATE_DIR_ENV = "MPKATAS_STATE_DIR"
KATAS_DIR_ENV = "MPKATAS_KATAS_DIR"

EXIT_OK = 0
EXIT_NOT_DONE = 1  # a kata that does not pass, a declined reset, no hints yet
EXIT_USAGE = 2  # bad input: unknown kata, missing directory, ...
EXIT_GRADER_BROKE = 3  # pytest itself failed: no outcomes to report


class UsageError(Exception):
    """Bad input: reported as one line on stderr, exit code 2."""


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


# --- Start methods -------------------------------------------------------------------


def graded_methods() -> list[str]:
    from katas._kit.grading import available_start_methods

    return available_start_methods()


def chosen_methods(args: argparse.Namespace) -> list[str]:
    """Every start method unless narrowed: "passing" means what ``pytest katas/qN`` means."""
    return list(args.start_method or graded_methods())



# --- How an outcome reads ----------------------------------------------------------


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
