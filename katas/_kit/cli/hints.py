"""Help on the learner's own terms: ``mpkatas hint`` (one hint more each time,
remembered in the learner's state file, see ``state``), ``reset`` (the stub back, the
learner's version kept) and ``solution`` (the reference and the model answer)."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from katas._kit import catalog
from katas._kit.catalog import Kata
from katas._kit.cli.common import EXIT_NOT_DONE, EXIT_OK, UsageError, find_kata, is_stub, katas_dir, state_dir
from katas._kit.cli.output import Output, shown
from katas._kit.cli.state import load_state, save_state


# --- hint ----------------------------------------------------------------------------


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
