"""``mpkatas`` driven as a person drives it: each command in a subprocess
(``python -m katas ...``), on a temporary copy of the katas (``MPKATAS_KATAS_DIR``) with
its own state folder (``MPKATAS_STATE_DIR``), so the repository's files are never
touched. Grading runs under fork only, to keep the file fast.
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import pty
import queue
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from rich.console import Console

from katas._kit.grading import available_start_methods
from katas._kit import catalog, cli, runner, speed
from katas._kit.cli import common, learn, output, state, watch
from katas._kit.runner import KataResult, Outcome, SpeedFigures

REPO_ROOT = catalog.REPO_ROOT
SUBMISSIONS = REPO_ROOT / "tests" / "submissions"
SCHEMA = json.loads((REPO_ROOT / "katas" / "_kit" / "report.schema.json").read_text(encoding="utf-8"))
FORK = ["--start-method", "fork"]
Q5 = catalog.BY_ID["q5"]


# --- Helpers -------------------------------------------------------------------------


def copy_katas(folder: Path) -> Path:
    """A learner's fresh copy: every kata's README (where written) and pristine stub."""
    for kata in catalog.KATAS:
        (folder / kata.id).mkdir(parents=True)
        shutil.copy(kata.stub_path, kata.module_path(folder))
        if kata.readme_path().is_file():
            shutil.copy(kata.readme_path(), kata.readme_path(folder))
    return folder


def put(katas_dir: Path, kata: str, source: Path) -> None:
    """Put a module from solutions/ or the corpus into the learner's copy."""
    shutil.copy(source, catalog.BY_ID[kata].module_path(katas_dir))


def solution(kata: str) -> Path:
    return catalog.BY_ID[kata].solution_path


def corpus(name: str, kata: str) -> Path:
    return catalog.BY_ID[kata].module_path(SUBMISSIONS / name)


@pytest.fixture
def katas_dir(tmp_path: Path) -> Path:
    return copy_katas(tmp_path / "katas")


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def env(katas_dir: Path, state_dir: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MPKATAS_", "NO_COLOR", "FORCE_COLOR"))}
    return {**clean, common.KATAS_DIR_ENV: str(katas_dir), common.STATE_DIR_ENV: str(state_dir)}


def mpkatas(
    *args: str, env: dict[str, str], stdin: str = "", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "katas", *args],
        cwd=REPO_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def plain(done: subprocess.CompletedProcess[str]) -> str:
    """The output, which must be plain text: no terminal codes in a pipe."""
    assert "\x1b[" not in done.stdout, done.stdout
    return done.stdout


def validate_report(document: Any) -> None:
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert not errors, errors


def markdown_tables(text: str) -> dict[str, list[list[str]]]:
    """Each learner's (``## name``) table rows, cells stripped; checks each row's width."""
    tables: dict[str, list[list[str]]] = {}
    learner = ""
    for line in text.splitlines():
        if line.startswith("## "):
            learner = line[3:]
            tables[learner] = []
        elif line.startswith("|") and learner:
            assert line.endswith("|"), line
            tables[learner].append([cell.strip() for cell in line.strip("|").split("|")])
    for rows in tables.values():
        assert len({len(row) for row in rows}) == 1, rows
    return tables


class Lines:
    """A running program's output, line by line, readable with a time limit."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        assert proc.stdout is not None
        threading.Thread(target=self._read, args=(proc.stdout,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line)

    def until(self, wanted: Callable[[str], bool], timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.5)
            except queue.Empty:
                continue
            self.seen.append(line)
            if wanted(line):
                return line
        raise AssertionError("timed out; output so far:\n" + "".join(self.seen))


@pytest.fixture
def start() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Start ``python -m katas ...`` in the background; anything left is killed after."""
    started: list[subprocess.Popen[str]] = []

    def run(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "katas", *args],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(proc)
        return proc

    yield run
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def in_a_terminal(*args: str, env: dict[str, str], timeout: float = 60) -> str:
    """Run ``python -m katas ...`` with a pseudo-terminal as its stdin, stdout and stderr."""
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "katas", *args],
        cwd=REPO_ROOT,
        env={**env, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"},
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
    )
    os.close(secondary)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if select.select([primary], [], [], 0.5)[0]:
                try:
                    data = os.read(primary, 65536)
                except OSError:  # EIO: the program closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
        proc.wait(timeout=10)
    finally:
        os.close(primary)
        if proc.poll() is None:
            proc.kill()
    return b"".join(chunks).decode("utf-8", "replace")


# --- list ----------------------------------------------------------------------------


@pytest.mark.slow
def test_list_shows_each_katas_status_and_the_progress(katas_dir: Path, env: dict[str, str]) -> None:
    put(katas_dir, "q5", solution("q5"))
    put(katas_dir, "q3", corpus("q3_no_join", "q3"))
    Q5.module_path(katas_dir).with_name("ignored.txt").write_text("not a module")
    catalog.BY_ID["q6"].module_path(katas_dir).unlink()
    done = mpkatas("list", *FORK, env=env)
    out = plain(done)
    assert done.returncode == 0, out + done.stderr
    status = {line.split()[0]: line for line in out.splitlines() if re.match(r"q\d+\s", line)}
    assert list(status) == [kata.id for kata in catalog.KATAS]
    assert status["q5"].endswith("passing")
    assert re.search(r"failing \d+ of \d+$", status["q3"]), status["q3"]
    for kata in set(status) - {"q3", "q5"}:
        assert status[kata].endswith("not attempted"), status[kata]
    assert "How can we create a pool of worker processes?" in status["q5"]
    others = len(catalog.KATAS) - 2
    assert f"Progress: 1 of {len(catalog.KATAS)} katas passing, 1 failing, {others} not attempted" in out
    assert "Next: mpkatas check q1" in out
    assert "under fork" in out


# --- check ---------------------------------------------------------------------------


@pytest.mark.slow
def test_check_of_a_stub_says_not_attempted_and_exits_1(env: dict[str, str]) -> None:
    done = mpkatas("check", "q5", env=env)  # under every start method, as pytest katas/q5
    out = plain(done)
    assert done.returncode == 1, out + done.stderr
    assert f"under {', '.join(available_start_methods())}…" in out
    assert "q5 not attempted yet: square, init_worker, square_all, worker_stats" in out
    assert "mpkatas hint q5" in out


@pytest.mark.slow
def test_check_of_a_passing_kata_exits_0(katas_dir: Path, env: dict[str, str]) -> None:
    put(katas_dir, "q5", solution("q5"))
    done = mpkatas("check", "5", *FORK, env=env)
    out = plain(done)
    assert done.returncode == 0, out + done.stderr
    assert re.search(r"q5 passing: all \d+ tests pass under fork\.", out), out


@pytest.mark.slow
def test_check_of_a_wrong_kata_shows_what_passed_and_the_first_thing_to_fix(
    katas_dir: Path, env: dict[str, str]
) -> None:
    put(katas_dir, "q5", corpus("q5_sorted_results", "q5"))
    done = mpkatas("check", "q5", *FORK, env=env)
    out = plain(done)
    assert done.returncode == 1, out + done.stderr
    assert re.search(r"q5 failing \d+ of \d+ tests under fork", out), out
    assert "✓ square returns the square" in out
    assert "First thing to fix: square all returns squares in input order" in out
    assert "fails under fork" in out
    assert "At index 0 diff" in out  # the grader's own message, without the traceback
    assert "Traceback" not in out and "def test_" not in out
    assert "test_square_all_returns_squares_in_input_order[fork]" in out  # how to run it alone


@pytest.mark.slow
def test_a_missing_module_is_not_attempted_and_reset_is_suggested(
    katas_dir: Path, env: dict[str, str]
) -> None:
    Q5.module_path(katas_dir).unlink()
    done = mpkatas("check", "q5", *FORK, env=env)
    assert done.returncode == 1
    assert "worker_pool.py is missing (mpkatas reset q5 restores it)" in plain(done)


# --- hint ----------------------------------------------------------------------------


def test_hints_come_one_more_each_time_and_are_remembered(env: dict[str, str], state_dir: Path) -> None:
    hints = Q5.hints()
    assert len(hints) >= 3
    for number in (1, 2, 3):
        done = mpkatas("hint", "q5", env=env)
        out = plain(done)
        assert done.returncode == 0, out + done.stderr
        assert f"q5 — hint {number} of {len(hints)}: {hints[number - 1].title}" in out
        assert hints[number - 1].body.splitlines()[0] in out
        assert f"shows hint {number + 1}" in out
    assert json.loads((state_dir / "state.json").read_text()) == {"hints_seen": {"q5": 3}}


def test_a_chosen_hint_is_shown_without_losing_progress(env: dict[str, str], state_dir: Path) -> None:
    last = len(Q5.hints())
    out = plain(mpkatas("hint", "q5", str(last), env=env))
    assert f"hint {last} of {last}" in out and "That was the last hint" in out
    out = plain(mpkatas("hint", "q5", "1", env=env))
    assert f"hint 1 of {last}" in out
    assert json.loads((state_dir / "state.json").read_text()) == {"hints_seen": {"q5": last}}
    out = plain(mpkatas("hint", "q5", env=env))  # past the last: the last again
    assert f"hint {last} of {last}" in out


def test_a_kata_without_a_readme_has_no_hints_yet(katas_dir: Path, env: dict[str, str]) -> None:
    Q5.readme_path(katas_dir).unlink()
    done = mpkatas("hint", "q5", env=env)
    assert done.returncode == 1
    assert "q5 has no hints yet" in plain(done)


def test_a_damaged_state_file_starts_afresh(env: dict[str, str], state_dir: Path) -> None:
    state_dir.mkdir()
    (state_dir / "state.json").write_text("{not json")
    assert "hint 1 of" in plain(mpkatas("hint", "q5", env=env))


# --- watch ---------------------------------------------------------------------------


@pytest.mark.slow
def test_watch_checks_again_on_every_save(
    katas_dir: Path, env: dict[str, str], start: Callable[..., subprocess.Popen[str]]
) -> None:
    total = len(catalog.KATAS)
    proc = start("watch", "q5", *FORK, env=env)
    lines = Lines(proc)
    # Piped, each round is plain lines: progress across katas, the current one, the verdict.
    lines.until(lambda line: line.startswith("Progress: [-") and f"] 0/{total} katas passing" in line, timeout=30)
    lines.until(lambda line: "[q5 ·]" in line, timeout=5)
    lines.until(lambda line: line.startswith("Current: q5 — How can we create a pool"), timeout=5)
    lines.until(lambda line: "q5 not attempted yet" in line, timeout=30)
    lines.until(lambda line: line.startswith("Watching "), timeout=30)
    put(katas_dir, "q5", solution("q5"))
    lines.until(lambda line: line.startswith("Progress: [###") and f"] 1/{total} katas passing" in line, timeout=30)
    lines.until(lambda line: "[q5 ✓]" in line, timeout=5)
    lines.until(lambda line: line.startswith("q5 passing"), timeout=30)
    lines.until(lambda line: line.startswith("Watching "), timeout=30)
    put(katas_dir, "q5", corpus("q5_sorted_results", "q5"))
    lines.until(lambda line: f"] 0/{total} katas passing" in line, timeout=30)
    lines.until(lambda line: line.startswith("q5 failing "), timeout=30)
    lines.until(lambda line: line.startswith("Watching "), timeout=30)
    proc.send_signal(signal.SIGINT)  # Ctrl-C
    assert proc.wait(timeout=15) == 0
    lines.until(lambda line: "Stopped watching." in line, timeout=5)
    assert not any("\x1b" in line for line in lines.seen), "terminal codes in a pipe"


@pytest.mark.slow
def test_watch_does_not_miss_a_save_made_during_a_check(
    katas_dir: Path, env: dict[str, str], start: Callable[..., subprocess.Popen[str]]
) -> None:
    proc = start("watch", "q5", *FORK, env=env)
    lines = Lines(proc)
    lines.until(lambda line: line.startswith("Grading q5"), timeout=30)
    put(katas_dir, "q5", solution("q5"))  # while the first check runs; saved once only
    lines.until(lambda line: line.startswith("q5 passing"), timeout=40)
    proc.terminate()
    assert proc.wait(timeout=15) == 0


@pytest.mark.slow
def test_watch_without_a_kata_starts_at_the_first_one_not_passing(
    env: dict[str, str], start: Callable[..., subprocess.Popen[str]]
) -> None:
    proc = start("watch", *FORK, env=env)
    lines = Lines(proc)
    lines.until(lambda line: line.startswith("Grading every kata"), timeout=30)
    lines.until(lambda line: line.startswith("q1 not attempted yet"), timeout=30)
    lines.until(lambda line: line.startswith("Watching ") and "count_primes.py" in line, timeout=30)
    proc.terminate()
    assert proc.wait(timeout=15) == 0
    lines.until(lambda line: "Stopped watching." in line, timeout=5)


def fake_result(kata: str, status: str) -> KataResult:
    result, message = {
        "passing": ("passed", ""),
        "failing": ("failed", "assert 1 == 2"),
        "not attempted": ("failed", NOT_ATTEMPTED),
    }[status]
    return KataResult(kata, (Outcome("test_x[fork]", f"katas.{kata}.test_x", result, message),))


class FakedWatch:
    """watch in-process, with the graders and the file watcher faked: each save makes
    the watched kata pass. ``status`` is what the fake graders say of each kata."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, katas_dir: Path, state_dir: Path) -> None:
        self.status = {kata.id: "passing" for kata in catalog.KATAS}
        self.watched: list[str] = []
        monkeypatch.setenv(common.KATAS_DIR_ENV, str(katas_dir))
        monkeypatch.setenv(common.STATE_DIR_ENV, str(state_dir))
        monkeypatch.setattr(learn, "grade_learner_copy", self.grade)
        monkeypatch.setattr(watch, "saves_of", self.saves_of)

    def grade(self, katas: Any, methods: Any, out: Any) -> dict[str, KataResult]:
        return {kata.id: fake_result(kata.id, self.status[kata.id]) for kata in katas}

    @contextlib.contextmanager
    def saves_of(self, path: Path) -> Iterator[Iterator[object]]:
        def saves() -> Iterator[object]:
            while True:
                self.watched.append(path.parent.name)
                self.status[path.parent.name] = "passing"
                yield {path}

        yield saves()


@pytest.fixture
def faked_watch(monkeypatch: pytest.MonkeyPatch, katas_dir: Path, state_dir: Path) -> FakedWatch:
    return FakedWatch(monkeypatch, katas_dir, state_dir)


def test_watch_moves_on_to_the_next_kata_not_passing_once_one_passes(
    faked_watch: FakedWatch, capsys: pytest.CaptureFixture[str]
) -> None:
    faked_watch.status.update({"q2": "failing", "q4": "not attempted", "q6": "failing"})
    assert watch.watch(None, ["fork"], output.Output()) == 0
    assert faked_watch.watched == ["q2", "q4", "q6"]
    assert capsys.readouterr().out.rstrip().endswith("Every kata passes.")


MOVED_ON = re.compile(r"q\d+ passes: on to q\d+\.")


def rounds(text: str) -> list[str]:
    """Plain watch output cut into rounds: each starts with its progress bar, or with
    the note before it that says watch moved on."""
    found: list[list[str]] = []
    for line in text.splitlines():
        after_note = bool(found) and MOVED_ON.fullmatch(found[-1][-1]) is not None
        if MOVED_ON.fullmatch(line) or (line.startswith("Progress: [") and not after_note):
            found.append([])
        if found:
            found[-1].append(line)
    return ["\n".join(lines) + "\n" for lines in found]


def test_each_watch_round_shows_progress_across_katas_the_current_kata_then_its_verdict(
    faked_watch: FakedWatch, capsys: pytest.CaptureFixture[str]
) -> None:
    total = len(catalog.KATAS)
    faked_watch.status.update({"q2": "failing", "q4": "not attempted"})
    assert watch.watch(None, ["fork"], output.Output()) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out  # plain text: nothing cleared, no colour
    first, q2_passes, on_to_q4, q4_passes = rounds(out)
    bar = "#" * round(40 * 10 / total) + "-" * (40 - round(40 * 10 / total))
    assert first.startswith(f"Progress: [{bar}] 10/{total} katas passing\n")
    assert "q1 ✓  [q2 ✗]  q3 ✓  q4 ·  q5 ✓" in first
    assert "✓ passing  ✗ failing  · not attempted\n" in first
    assert f"Current: q2 — {catalog.BY_ID['q2'].question} (" in first
    assert first.index("Current: q2") < first.index("q2 failing 1 of 1 tests")  # the verdict comes last
    assert f"] 11/{total} katas passing" in q2_passes and "[q2 ✓]" in q2_passes
    assert on_to_q4.startswith(f"q2 passes: on to q4.\nProgress: [") and "[q4 ·]" in on_to_q4
    assert "Current: q4" in on_to_q4 and "q4 not attempted yet" in on_to_q4
    assert f"] {total}/{total} katas passing" in q4_passes and "[q4 ✓]" in q4_passes
    assert q4_passes.rstrip().endswith("Every kata passes.")


def test_watch_clears_the_screen_each_round_only_on_a_terminal(
    faked_watch: FakedWatch, capsys: pytest.CaptureFixture[str]
) -> None:
    faked_watch.status.update({"q2": "failing"})
    screen = io.StringIO()
    terminal = output.RichOutput(Console(file=screen, force_terminal=True, width=120, highlight=False))
    assert watch.watch(None, ["fork"], terminal) == 0
    shown = screen.getvalue()
    assert shown.count("\x1b[2J") == 2  # q2 failing, then q2 passing: two rounds, two fresh screens
    assert re.search(rf"Progress: \[.*━.*\] {len(catalog.KATAS) - 1}/{len(catalog.KATAS)} katas passing", shown)
    faked_watch.status["q2"] = "failing"
    assert watch.watch(None, ["fork"], output.Output()) == 0
    assert "\x1b" not in capsys.readouterr().out


def test_watch_counts_remembered_verdicts_only_for_the_file_and_start_methods_they_judged(
    katas_dir: Path, state_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(common.KATAS_DIR_ENV, str(katas_dir))
    monkeypatch.setenv(common.STATE_DIR_ENV, str(state_dir))
    module = Q5.module_path(katas_dir)
    put(katas_dir, "q5", solution("q5"))
    state.remember_verdicts({"q5": fake_result("q5", "passing")}, ["fork", "spawn"], {"q5": state.digest(module)})
    assert watch.Board(["fork"]).statuses["q5"] == "passing"
    assert watch.Board(["fork", "forkserver"]).statuses["q5"] is None  # forkserver was not graded
    assert watch.Board(["fork"]).statuses["q4"] == "not attempted"  # a stub needs no grading
    module.write_text(module.read_text() + "\n# edited since\n")
    assert watch.Board(["fork"]).statuses["q5"] is None


# --- reset ---------------------------------------------------------------------------

MY_WORK = "def square(x: int) -> int:\n    return x * x  # my work\n"


def backups(state_dir: Path) -> list[Path]:
    return sorted((state_dir / "backups" / "q5").glob("worker_pool.py.*"))


def test_reset_answered_yes_restores_the_stub_and_keeps_a_backup(
    katas_dir: Path, env: dict[str, str], state_dir: Path
) -> None:
    Q5.module_path(katas_dir).write_text(MY_WORK)
    done = mpkatas("reset", "q5", env=env, stdin="y\n")
    out = plain(done)
    assert done.returncode == 0, out + done.stderr
    assert "with the original stub?" in out and "[y/N]" in out
    assert Q5.module_path(katas_dir).read_bytes() == Q5.stub_path.read_bytes()
    [backup] = backups(state_dir)
    assert backup.read_text() == MY_WORK
    assert re.fullmatch(r"worker_pool\.py\.\d{8}-\d{6}(-\d+)?", backup.name)
    assert f"Your version is kept in {backup}" in out


@pytest.mark.parametrize("answer", ["n\n", "\n", ""], ids=["no", "enter", "end of input"])
def test_reset_not_answered_yes_changes_nothing(
    answer: str, katas_dir: Path, env: dict[str, str], state_dir: Path
) -> None:
    Q5.module_path(katas_dir).write_text(MY_WORK)
    done = mpkatas("reset", "q5", env=env, stdin=answer)
    assert done.returncode == 1
    assert "Nothing changed" in plain(done)
    assert Q5.module_path(katas_dir).read_text() == MY_WORK
    assert backups(state_dir) == []


def test_two_resets_keep_two_backups(katas_dir: Path, env: dict[str, str], state_dir: Path) -> None:
    for version in ("first", "second"):
        Q5.module_path(katas_dir).write_text(f"# {version}\n")
        assert mpkatas("reset", "q5", "--yes", env=env).returncode == 0
    assert sorted(backup.read_text() for backup in backups(state_dir)) == ["# first\n", "# second\n"]


def test_reset_of_an_untouched_stub_asks_nothing(env: dict[str, str], state_dir: Path) -> None:
    done = mpkatas("reset", "q5", env=env)
    assert done.returncode == 0
    assert "already the original stub" in plain(done)
    assert not state_dir.exists()


# --- solution ------------------------------------------------------------------------


def test_solution_warns_when_the_kata_is_not_attempted(env: dict[str, str]) -> None:
    done = mpkatas("solution", "q5", env=env)
    out = plain(done)
    assert done.returncode == 0
    assert out.startswith("Warning: you have not attempted q5 yet")
    assert "def square_all(" in out
    assert Q5.answer_path.read_text().splitlines()[0] in out


def test_solution_after_an_attempt_has_no_warning(katas_dir: Path, env: dict[str, str]) -> None:
    Q5.module_path(katas_dir).write_text(
        Q5.stub_path.read_text().replace("    raise NotImplementedError", "    return 0", 1)
    )
    out = plain(mpkatas("solution", "q5", env=env))
    assert "Warning: you have not attempted" not in out  # the answer itself may name warnings
    assert "The reference solution" in out


# --- grade (mentors) -----------------------------------------------------------------


@pytest.mark.slow
def test_grade_one_learner_writes_reports_that_match_the_schema(tmp_path: Path, env: dict[str, str]) -> None:
    learner = tmp_path / "ada"
    (learner / "q5").mkdir(parents=True)
    put(learner, "q5", corpus("q5_sorted_results", "q5"))
    report, summary = tmp_path / "out" / "report.json", tmp_path / "out" / "report.md"
    # q5 and two katas the learner has no module for, as a mentor narrowing the grading would.
    katas = ["--kata", "q1", "--kata", "q5", "--kata", "q6"]
    done = mpkatas("grade", str(learner), *FORK, *katas, "--json", str(report), "--markdown", str(summary), env=env)
    out = plain(done)
    assert done.returncode == 0, out + done.stderr
    assert re.search(r"^ada\s+not attempted .* failing \d+ of \d+(\s+not attempted)+$", out, re.MULTILINE), out
    document = json.loads(report.read_text())
    validate_report(document)
    assert document["start_methods"] == ["fork"]
    [ada] = document["learners"]
    assert ada["name"] == "ada" and ada["error"] is None
    assert ada["summary"] == {"passing": 0, "failing": 1, "not_attempted": 2, "not_graded": 0}
    assert [kata["kata"] for kata in ada["katas"]] == ["q1", "q5", "q6"]
    q5 = ada["katas"][1]
    assert (q5["kata"], q5["status"], q5["module_found"]) == ("q5", "failing", True)
    [fork] = q5["start_methods"]
    failure = fork["failures"][0]  # sorted results also fail the traced-results check
    assert failure["test"] == "test_square_all_returns_squares_in_input_order[fork]"
    assert "At index 0 diff" in failure["message"] and "Traceback" not in failure["message"]
    assert fork["failed"] == len(fork["failures"]) == 2 and fork["passed"] == q5["totals"]["passed"] > 0
    assert ada["katas"][0]["module_found"] is False
    tables = markdown_tables(summary.read_text())
    assert list(tables) == ["ada"]
    assert tables["ada"][0] == ["kata", "status", "fork"]
    assert tables["ada"][3][:2] == ["q5", q5["verdict"]]
    assert "#### q5 under fork: `test_square_all_returns_squares_in_input_order[fork]`" in summary.read_text()


@pytest.mark.slow
def test_grade_a_folder_of_learners(tmp_path: Path, env: dict[str, str]) -> None:
    cohort = tmp_path / "cohort"
    for name, module in (("bea", solution("q5")), ("cy", Q5.stub_path)):
        (cohort / name / "q5").mkdir(parents=True)
        put(cohort / name, "q5", module)
    (cohort / "notes").mkdir()  # no kata modules: not a learner
    report, summary = tmp_path / "report.json", tmp_path / "report.md"
    done = mpkatas("grade", str(cohort), *FORK, "--kata", "q5", "--json", str(report), "--markdown", str(summary), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    document = json.loads(report.read_text())
    validate_report(document)
    learners = {learner["name"]: learner for learner in document["learners"]}
    assert list(learners) == ["bea", "cy"]
    assert learners["bea"]["katas"][0]["status"] == "passing"
    assert learners["cy"]["katas"][0]["status"] == "not_attempted"
    assert learners["cy"]["katas"][0]["start_methods"][0]["not_attempted_functions"] == list(Q5.functions)
    tables = markdown_tables(summary.read_text())
    assert list(tables) == ["bea", "cy"]
    assert tables["bea"][2][:2] == ["q5", "passing"] and tables["cy"][2][:2] == ["q5", "not attempted"]


def test_the_schema_rejects_a_report_that_does_not_follow_it() -> None:
    with pytest.raises(AssertionError, match="'learners' is a required property"):
        validate_report({"format": "mpkatas-report", "version": 1})


# --- Bad input -----------------------------------------------------------------------


BAD_INPUT = {
    "unknown kata": (["check", "q13"], "unknown kata 'q13' (valid: q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12)"),
    "unknown kata for hint": (["hint", "seven"], "unknown kata 'seven'"),
    "no such hint": (["hint", "q5", "99"], "q5 has hints 1 to"),
    "hint zero": (["hint", "q5", "0"], ", not 0"),
    "missing directory": (["grade", "{tmp}/nowhere"], "no such directory: {tmp}/nowhere"),
    "not a directory": (["grade", "{tmp}/file"], "not a directory: {tmp}/file"),
    "no kata modules": (["grade", "{tmp}/empty"], "{tmp}/empty has no kata modules"),
    "bad start method": (["check", "q5", "--start-method", "teleport"], "invalid choice: 'teleport'"),
    "two kinds of methods": (["list", "--all-methods", "--start-method", "fork"], "not allowed with"),
    "unknown command": (["teleport"], "invalid choice: 'teleport'"),
    "report in a file": (
        ["grade", "{tmp}/ada", "--json", "{tmp}/file/r.json"],
        "cannot write {tmp}/file/r.json",
    ),
    "report is a folder": (["grade", "{tmp}/ada", "--markdown", "{tmp}/empty"], "cannot write {tmp}/empty"),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_one_line_on_stderr_and_exit_code_2(
    case: str, tmp_path: Path, env: dict[str, str]
) -> None:
    (tmp_path / "empty" / "q5").mkdir(parents=True)  # a kata folder, but no module in it
    (tmp_path / "file").write_text("")
    (tmp_path / "ada" / "q5").mkdir(parents=True)
    put(tmp_path / "ada", "q5", Q5.stub_path)
    args, complaint = BAD_INPUT[case]
    done = mpkatas(*(arg.format(tmp=tmp_path) for arg in args), env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert complaint.format(tmp=tmp_path) in done.stderr
    assert done.stderr.startswith("mpkatas")


def test_a_missing_katas_directory_is_bad_input(tmp_path: Path, env: dict[str, str]) -> None:
    done = mpkatas("hint", "q5", env={**env, common.KATAS_DIR_ENV: str(tmp_path / "nowhere")})
    assert done.returncode == 2
    assert done.stderr.strip().endswith(
        f"no such katas directory: {tmp_path / 'nowhere'} (from $MPKATAS_KATAS_DIR)"
    )


def test_no_command_shows_the_commands(env: dict[str, str]) -> None:
    done = mpkatas(env=env)
    assert done.returncode == 2
    for command in ("list", "check", "hint", "watch", "reset", "solution", "grade"):
        assert command in done.stdout


def test_the_console_script_is_the_same_program(env: dict[str, str]) -> None:
    script = Path(sys.executable).parent / "mpkatas"
    if not script.is_file():
        pytest.skip("mpkatas is not installed in this environment (pip install -e .)")
    done = subprocess.run(
        [str(script), "hint", "q5"], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0 and "q5 — hint 1 of" in done.stdout


# --- On a terminal: rich -------------------------------------------------------------


@pytest.mark.slow
def test_on_a_terminal_list_draws_a_coloured_table(katas_dir: Path, env: dict[str, str]) -> None:
    put(katas_dir, "q5", solution("q5"))
    coloured = in_a_terminal("list", *FORK, env=env)
    assert "\x1b[1;32mpassing" in coloured  # colour
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", coloured)
    assert re.search(r"┃ kata\s*┃ question", screen), screen
    assert re.search(r"│ q5\s*│ How can we create a pool of worker processes\?\s*│ passing", screen), screen
    assert f"Progress: 1 of {len(catalog.KATAS)} katas passing" in screen


def test_on_a_terminal_a_hint_and_a_solution_are_rendered(env: dict[str, str]) -> None:
    hint = in_a_terminal("hint", "q5", env=env)
    assert "\x1b[" in hint and "hint 1 of" in hint and "─" in hint
    shown = in_a_terminal("solution", "q5", env=env)
    assert "\x1b[" in shown and "def" in shown and "square_all" in shown


# --- In-process: the rules behind the verdicts ----------------------------------------


def outcome(result: str, message: str = "", test: str = "test_x[fork]") -> Outcome:
    return Outcome(test, "katas.q5.test_worker_pool", result, message)


NOT_ATTEMPTED = "q5 worker_pool.square: not attempted yet — see katas/q5/README.md"


@pytest.mark.parametrize(
    ("results", "status", "summary"),
    [
        ([("passed", ""), ("skipped", "slow machine")], "passing", "passing, speed not measured"),
        ([("passed", ""), ("passed", "")], "passing", "passing"),
        ([("failed", NOT_ATTEMPTED), ("failed", NOT_ATTEMPTED)], "not attempted", "not attempted"),
        ([("passed", ""), ("failed", NOT_ATTEMPTED)], "failing", "failing 1 of 2"),
        (
            [("failed", "assert 1 == 2"), ("failed", NOT_ATTEMPTED), ("passed", "")],
            "failing",
            "failing 2 of 3",
        ),
        ([("error", "fixture broke")], "failing", "failing 1 of 1"),
        ([], "not graded", "not graded (no tests reported)"),
    ],
)
def test_a_katas_status_follows_its_outcomes(
    results: list[tuple[str, str]], status: str, summary: str
) -> None:
    result = KataResult("q5", tuple(outcome(r, m) for r, m in results))
    assert result.status == status
    assert result.summary() == summary


def test_outcomes_know_their_kata_and_start_method() -> None:
    found = outcome("passed", test="test_bad_processes[spawn-square_all]")
    assert (found.kata, found.start_method, found.function) == ("q5", "spawn", "test_bad_processes")


def test_a_stub_is_told_apart_from_an_attempt(tmp_path: Path) -> None:
    module = tmp_path / "worker_pool.py"
    assert common.is_stub(module, Q5.functions)  # missing
    module.write_text(Q5.stub_path.read_text() + "\n# a comment is not an attempt\n")
    assert common.is_stub(module, Q5.functions)
    module.write_text(Q5.stub_path.read_text().replace("raise NotImplementedError", "return []"))
    assert not common.is_stub(module, Q5.functions)
    module.write_text("def square(:\n")
    assert not common.is_stub(module, Q5.functions)


def test_a_plain_table_aligns_its_columns() -> None:
    assert output.plain_table(["a", "bb"], [["xyz", "1"]]) == ["a    bb", "---  --", "xyz  1"]


def test_a_partly_attempted_kata_shows_where_it_fails_and_what_is_left(
    katas_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(common.KATAS_DIR_ENV, str(katas_dir))
    not_attempted = NOT_ATTEMPTED.replace("square", "worker_stats")
    outcomes = [
        outcome("passed", test="test_square_returns_the_square[fork]"),
        outcome("passed", test="test_square_returns_the_square[spawn]"),
        outcome("passed", test="test_square_all_keeps_order[fork]"),
        outcome("failed", "AssertionError: the order is wrong", test="test_square_all_keeps_order[spawn]"),
        outcome("failed", not_attempted, test="test_worker_stats_counts[fork]"),
        outcome("failed", not_attempted, test="test_worker_stats_counts[spawn]"),
    ]
    learn.show_verdict(Q5, KataResult("q5", tuple(outcomes)), output.Output())
    out = capsys.readouterr().out
    assert "q5 failing 3 of 6 tests under fork, spawn." in out
    assert "Passing (1 of 3 checks):\n  ✓ square returns the square\n" in out
    assert "Not attempted yet: worker_stats" in out
    assert "First thing to fix: square all keeps order\n  fails under spawn; passes under fork\n" in out
    assert "  AssertionError: the order is wrong" in out


def test_a_passing_kata_says_the_speed_was_not_measured_with_the_figure(capsys: pytest.CaptureFixture[str]) -> None:
    skipped = outcome(
        "skipped", "speed check skipped: two reference processes ran 1.10x faster than one", test="test_speed[fork]"
    )
    result = KataResult("q5", (outcome("passed"), skipped))
    learn.show_verdict(Q5, result, output.Output())
    out = capsys.readouterr().out
    assert "q5 passing: 1 of 2 tests pass under fork; the speed check could not measure:" in out
    assert "speed not measured (fork): two reference processes ran 1.10x faster than one" in out
    assert "all 2 tests pass" not in out and "✓" not in out
    assert result.summary() == "passing, speed not measured"


Q1 = catalog.BY_ID["q1"]
#: A deciding try: 2.00 s serial, 1.43 s in parallel, two processes ran 1.9x faster than one.
FIGURES = SpeedFigures(serial=2.0, parallel=1.43, capacity=1.9, required=1.13)


def speed_outcome(result: str, message: str = "", figures: SpeedFigures = FIGURES) -> Outcome:
    test = "test_two_processes_count_faster_than_one_when_two_cores_are_free[fork]"
    return Outcome(test, "katas.q1.test_count_primes", result, message, message, figures)


def chart(out: str) -> list[str]:
    """The speed chart's heading and its three bars."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Speed under "))
    return lines[start : start + 4]


def test_check_draws_serial_your_code_and_the_possible_time_as_bars_of_plain_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = KataResult("q1", (outcome("passed"), speed_outcome("passed")))
    learn.show_verdict(Q1, result, output.Output())
    out = capsys.readouterr().out
    assert "\x1b" not in out
    heading, serial, yours, possible = chart(out)
    assert heading == "Speed under fork: 1.40x of a possible 1.90x (1.13x needed): fast enough"
    # The longest bar is 40 wide; the others are to scale: 1.43 s is 29, 2.00 / 1.9 = 1.05 s is 21.
    assert serial == "  serial     " + "#" * 40 + "  2.00 s"
    assert yours == "  your code  " + "#" * 29 + " " * 11 + "  1.43 s  1.40x"
    assert possible == "  possible   " + "#" * 21 + " " * 19 + "  1.05 s  1.90x"
    assert out.index("q1 passing: all 2 tests pass") < out.index("Speed under fork") < out.index("Compare with")


def test_a_speed_check_that_failed_shows_its_chart_after_the_first_thing_to_fix(
    katas_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(common.KATAS_DIR_ENV, str(katas_dir))
    slow = SpeedFigures(serial=2.0, parallel=1.9, capacity=1.95, required=1.15)
    failed = speed_outcome("failed", "Failed: count_primes_parallel is not faster than doing the work serially", slow)
    learn.show_verdict(Q1, KataResult("q1", (outcome("passed"), failed)), output.Output())
    out = capsys.readouterr().out
    heading, serial, yours, possible = chart(out)
    assert heading == "Speed under fork: 1.05x of a possible 1.95x (1.15x needed): not fast enough"
    assert yours.startswith("  your code  " + "#" * 38 + " ")
    assert possible.startswith("  possible   " + "#" * 21 + " ")
    assert out.index("First thing to fix: two processes count faster") < out.index("Speed under fork")


def test_a_kata_without_speed_figures_draws_no_chart(capsys: pytest.CaptureFixture[str]) -> None:
    learn.show_verdict(Q5, KataResult("q5", (outcome("passed"),)), output.Output())
    assert "Speed under" not in capsys.readouterr().out


def test_on_a_terminal_the_speed_chart_is_drawn_in_coloured_blocks() -> None:
    screen = io.StringIO()
    terminal = output.RichOutput(Console(file=screen, force_terminal=True, width=120, highlight=False))
    learn.show_verdict(Q1, KataResult("q1", (speed_outcome("passed"),)), terminal)
    drawn = screen.getvalue()
    assert "\x1b[1;32m" + "█" * 29 + "\x1b[0m" in drawn  # your code, green: fast enough
    assert "\x1b[36m" + "█" * 21 + "\x1b[0m" in drawn  # what the machine could deliver
    assert "#" not in drawn


PROBE = """
import time

import pytest

from katas._kit import speed


def sleeper(seconds):
    def run():
        time.sleep(seconds)
        return 42
    return run


@pytest.fixture(autouse=True)
def two_free_cores(monkeypatch):
    monkeypatch.setattr(speed, "measure_capacity", lambda tries=3: 1.9)
    monkeypatch.setattr(speed, "sustained_capacity", lambda seconds: 1.9)
    monkeypatch.setattr(speed, "stalled_seconds", lambda: None)


@pytest.mark.grades("q1", "count_primes")
def test_fast_enough(start_method):
    speed.assert_faster_than_serial(sleeper(0.2), sleeper(0.1), "fast")


@pytest.mark.grades("q1", "count_primes")
def test_not_fast_enough(start_method):
    speed.assert_faster_than_serial(sleeper(0.1), sleeper(0.1), "slow")


@pytest.mark.grades("q1", "count_primes")
def test_without_a_speed_check(start_method):
    pass
"""


def test_a_speed_checks_deciding_try_travels_from_the_grader_run_to_the_chart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A grader run in a pytest subprocess, with the machine's capacity fixed inside it
    (this machine's own figure varies): the deciding try's figures reach the outcome,
    passed or failed, and only tests that ran a speed check carry any."""
    probe = tmp_path / "test_probe_speed.py"
    probe.write_text(PROBE)
    run = runner.run_graders(
        [str(probe), "-p", "katas._kit.plugin", "--start-method", "fork", "-p", "no:cacheprovider"],
        report_dir=tmp_path,
    )
    by_test = {o.test: o for o in run.outcomes}
    assert sorted(by_test) == ["test_fast_enough[fork]", "test_not_fast_enough[fork]", "test_without_a_speed_check[fork]"]
    fast, slow = by_test["test_fast_enough[fork]"], by_test["test_not_fast_enough[fork]"]
    assert (fast.result, slow.result) == ("passed", "failed"), run.describe()
    assert by_test["test_without_a_speed_check[fork]"].speed is None
    assert fast.speed is not None and slow.speed is not None
    assert (fast.speed.capacity, fast.speed.required) == (1.9, speed.required_speedup(1.9))
    assert fast.speed.serial == pytest.approx(0.2, abs=0.05) and fast.speed.parallel == pytest.approx(0.1, abs=0.05)
    assert slow.speed.speedup == pytest.approx(1.0, abs=0.3)
    learn.show_speed(KataResult("q1", (fast, slow)), output.Output())
    out = capsys.readouterr().out
    assert re.search(r"Speed under fork: \d\.\d\dx of a possible 1\.90x \(1\.15x needed\): fast enough", out)
    assert "1.90x (1.15x needed): not fast enough" in out


def test_a_kata_whose_run_ended_early_is_not_graded_with_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    run = runner.GraderRun(-9, 1.0, [outcome("passed")], [], "", [], collected=["katas/q5/t.py::a", "katas/q5/t.py::b"])
    run.ended_early = "the run ended early at katas/q5/t.py::b: pytest exited with status -9"
    result = runner.results_by_kata(run, ["q5"])["q5"]
    assert result.status == "not graded"
    assert result.summary() == f"not graded ({run.ended_early})"
    learn.show_verdict(Q5, result, output.Output())
    assert "q5 not graded: the run ended early at katas/q5/t.py::b" in capsys.readouterr().out


def broken_run(args: Any, *, report_dir: Path, **_: Any) -> runner.GraderRun:
    return runner.GraderRun(4, 0.1, [], [], "ERROR: something is wrong\nwith pytest\n", list(args))


def test_a_grader_run_that_breaks_is_reported_in_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    learner = tmp_path / "ada"
    (learner / "q5").mkdir(parents=True)
    put(learner, "q5", Q5.stub_path)
    monkeypatch.setattr(runner, "run_graders", broken_run)
    report, summary = tmp_path / "r.json", tmp_path / "r.md"
    code = cli.main(["grade", str(learner), "--json", str(report), "--markdown", str(summary)])
    assert code == cli.EXIT_GRADER_BROKE
    document = json.loads(report.read_text())
    validate_report(document)
    [ada] = document["learners"]
    assert ada["error"] == "ERROR: something is wrong | with pytest"
    assert {kata["status"] for kata in ada["katas"]} == {"not_graded"}
    assert "**Could not be graded:** ERROR: something is wrong | with pytest" in summary.read_text()
    assert "could not grade ada" in capsys.readouterr().out


def test_check_says_so_in_one_line_when_the_graders_cannot_run(
    katas_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(common.KATAS_DIR_ENV, str(katas_dir))
    monkeypatch.setattr(runner, "run_graders", broken_run)
    assert cli.main(["check", "q5"]) == cli.EXIT_GRADER_BROKE
    error = capsys.readouterr().err
    assert error == "mpkatas check: the graders could not run: ERROR: something is wrong | with pytest\n"


# --- The HTML report -----------------------------------------------------------------


def test_grade_writes_the_html_report_after_checking_it_can_before_grading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from katas._kit import cohort

    learner = tmp_path / "<i>ada & co"
    (learner / "q5").mkdir(parents=True)
    put(learner, "q5", Q5.stub_path)
    graded: list[Path | None] = []

    def fake_grade(katas: Any, methods: Any, source: Path | None, timeout: float = 900) -> dict[str, KataResult]:
        graded.append(source)
        failed = Outcome("test_square_all_works[fork]", "katas.q5.test_worker_pool", "failed", "assert 1 == 2")
        return {kata: KataResult(kata, (failed,) if kata == "q5" else ()) for kata in katas}

    # Where every grading goes (the command's own and a dask worker's): no real run here.
    monkeypatch.setattr(cohort, "grade_copy", fake_grade)
    assert cli.main(["grade", str(learner), *FORK, "--html", str(tmp_path)]) == cli.EXIT_USAGE
    assert graded == []  # a report that cannot be written stops the run before grading
    page, report = tmp_path / "out" / "report.html", tmp_path / "out" / "report.json"
    assert cli.main(["grade", str(learner), *FORK, "--html", str(page), "--json", str(report)]) == cli.EXIT_OK
    assert graded == [learner.resolve()]
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<i>ada" not in html
    assert json.loads(report.read_text(encoding="utf-8"))["learners"][0]["name"] == "<i>ada & co"
    data = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.DOTALL)
    assert data is not None and json.loads(data.group(1)) == json.loads(report.read_text(encoding="utf-8"))
