"""The learner's state file (``.mpkatas/state.json``, or ``$MPKATAS_STATE_DIR``): the
hints seen, and each kata's last verdict with a digest of the file it judged.

Remembered verdicts let ``watch`` show progress across every kata while grading only
the one being worked on, as rustlings keeps its progress in a state file. A verdict
counts only while the learner's file is byte for byte the one that was graded, and
only for the start methods it covered: an edit since, or a narrower run, makes it
unknown rather than wrong.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from katas._kit.catalog import Kata
from katas._kit.cli.common import is_stub, state_dir
from katas._kit.runner import KataResult, Status


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


def digest(path: Path) -> str | None:
    """The file's SHA-256 (None: no such file), to tell a remembered verdict is current."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def remember_verdicts(
    results: Mapping[str, KataResult], methods: Sequence[str], digests: Mapping[str, str | None]
) -> None:
    """Keep each graded kata's status with the digest its file had when grading began
    (a save during the run then makes the verdict stale, as it is). A kata that could
    not be graded forgets its verdict. Never fails the command: this is a convenience."""
    state = load_state()
    verdicts = state.get("verdicts")
    if not isinstance(verdicts, dict):
        verdicts = state["verdicts"] = {}
    for kata_id, result in results.items():
        if result.status == "not graded":
            verdicts.pop(kata_id, None)
        else:
            verdicts[kata_id] = {
                "status": result.status,
                "digest": digests.get(kata_id),
                "start_methods": sorted(methods),
            }
    try:
        save_state(state)
    except OSError:
        pass


def remembered_status(kata: Kata, methods: Sequence[str], folder: Path) -> Status | None:
    """The kata's status without grading it, when that is certain; None when unknown.

    A stub (or a missing module) is "not attempted" without a run. A remembered pass
    holds for the start methods it covered; a remembered failure holds for any set
    of start methods that includes the ones it failed under."""
    path = kata.module_path(folder)
    if is_stub(path, kata.functions):
        return "not attempted"
    verdicts = load_state().get("verdicts")
    verdict = verdicts.get(kata.id) if isinstance(verdicts, dict) else None
    if not isinstance(verdict, dict) or verdict.get("digest") != digest(path):
        return None
    status, covered = verdict.get("status"), verdict.get("start_methods")
    if not isinstance(covered, list):
        return None
    if status == "passing" and set(methods) <= set(covered):
        return "passing"
    if status in ("failing", "not attempted") and set(covered) <= set(methods):
        return "failing" if status == "failing" else "not attempted"
    return None
