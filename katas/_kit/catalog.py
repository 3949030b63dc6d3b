"""The katas, listed once: the command line, the README table and the hints use it.

Hints are not written here: each kata's README already holds them as
``<details><summary>Hint N — title</summary> ... </details>`` blocks, and
``hints()`` reads them from there, so a hint is written once, where learners read it.

Run ``python -m katas._kit.catalog`` to print the README's table of katas.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
KATAS_DIR = REPO_ROOT / "katas"
SOLUTIONS_DIR = REPO_ROOT / "solutions"
STUBS_DIR = Path(__file__).resolve().parent / "stubs"


@dataclass(frozen=True)
class Hint:
    number: int
    title: str
    body: str


@dataclass(frozen=True)
class Kata:
    """One interview question and the module a learner writes to answer it."""

    id: str  # "q5"
    question: str
    module: str  # "worker_pool", the file katas/q5/worker_pool.py
    functions: tuple[str, ...]  # what the learner writes, as named in the stub
    you_write: str  # the README's "you write" cell (Markdown)

    @property
    def module_file(self) -> str:
        return f"{self.module}.py"

    def module_path(self, katas_dir: Path = KATAS_DIR) -> Path:
        return katas_dir / self.id / self.module_file

    def readme_path(self, katas_dir: Path = KATAS_DIR) -> Path:
        return katas_dir / self.id / "README.md"

    @property
    def grader_path(self) -> Path:
        """The grader always comes from this repository, whoever's copy it grades."""
        return KATAS_DIR / self.id / f"test_{self.module_file}"

    @property
    def stub_path(self) -> Path:
        """The pristine stub, kept apart from katas/ so a reset never depends on git."""
        return STUBS_DIR / self.id / self.module_file

    @property
    def solution_path(self) -> Path:
        return SOLUTIONS_DIR / self.id / self.module_file

    @property
    def answer_path(self) -> Path:
        return SOLUTIONS_DIR / self.id / "ANSWER.md"

    def hints(self, katas_dir: Path = KATAS_DIR) -> tuple[Hint, ...]:
        """The hints in this kata's README, in order; none while the README is missing."""
        try:
            text = self.readme_path(katas_dir).read_text(encoding="utf-8")
        except FileNotFoundError:
            return ()
        return parse_hints(text)


KATAS: tuple[Kata, ...] = (
    Kata(
        "q1",
        "What is multiprocessing in Python? Why is it useful?",
        "count_primes",
        ("count_primes_parallel",),
        "`count_primes_parallel`: a prime count split across processes, measurably faster than serial",
    ),
    Kata(
        "q2",
        "What are the differences between multiprocessing and multithreading?",
        "processes_vs_threads",
        ("run_in_threads", "run_in_processes", "better_choice"),
        "`run_in_threads`, `run_in_processes`, `better_choice`",
    ),
    Kata(
        "q3",
        "Write Python code to create a process using the multiprocessing module",
        "first_process",
        ("run_greetings_in_child", "run_in_child"),
        "`run_greetings_in_child`, `run_in_child` with exit codes and a timeout, the `__main__` block",
    ),
    Kata(
        "q4",
        "What is a multiprocessing pool in Python? Why is it used?",
        "pool_basics",
        ("pool_map", "pool_starmap", "apply_with_timeout"),
        "`pool_map`, `pool_starmap`, `apply_with_timeout`",
    ),
    Kata(
        "q5",
        "How can we create a pool of worker processes?",
        "worker_pool",
        ("square", "init_worker", "square_all", "worker_stats"),
        "`square`, `init_worker`, `square_all`, `worker_stats`",
    ),
    Kata(
        "q6",
        "Create 4 processes, each printing a different number",
        "four_processes",
        ("print_numbers", "power_tower", "towers", "seed_program"),
        "`print_numbers`, `power_tower`, `towers` with a timeout, `seed_program`",
    ),
    Kata(
        "q7",
        "How would you preprocess a large set of images in parallel?",
        "preprocess_images",
        ("preprocess_all", "mean_brightness"),
        "`preprocess_all`, `mean_brightness`: real images with Pillow, paths out and small results back",
    ),
    Kata(
        "q8",
        "What is joblib, and how does it compare with multiprocessing.Pool?",
        "joblib_tasks",
        ("cubes", "cubes_in_threads", "as_delayed", "release_workers"),
        "`cubes`, `cubes_in_threads`, `as_delayed`, `release_workers`",
    ),
    Kata(
        "q9",
        "How do processes talk to each other? Queues, pipes, and a deadlock to avoid",
        "pipeline",
        ("map_with_queues", "ping_pong"),
        "`map_with_queues` with sentinels and no join-before-drain deadlock, `ping_pong` over a `Pipe`",
    ),
    Kata(
        "q10",
        "How can processes share state, and when do you need a lock?",
        "shared_state",
        ("locked_total", "unlocked_total", "square_in_shared_memory"),
        "`locked_total`, `unlocked_total`, `square_in_shared_memory`",
    ),
    Kata(
        "q11",
        "How does ProcessPoolExecutor report errors and crashed workers?",
        "executor_failures",
        ("map_with_errors", "first_result", "map_surviving_crashes"),
        "`map_with_errors`, `first_result`, `map_surviving_crashes`",
    ),
    Kata(
        "q12",
        "Your pool.map no longer fits on one machine: how do you scale out?",
        "cluster_map",
        ("cluster_map", "cluster_sum_of_squares"),
        "`cluster_map`, `cluster_sum_of_squares` on dask.distributed",
    ),
)

BY_ID = {kata.id: kata for kata in KATAS}


class UnknownKata(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown kata {name!r} (valid: {', '.join(BY_ID)})")


def find(name: str) -> Kata:
    """The kata named ``q5``, ``Q5`` or ``5``."""
    key = name.strip().lower()
    key = key if key.startswith("q") else f"q{key}"
    try:
        return BY_ID[key]
    except KeyError:
        raise UnknownKata(name) from None


_HINT = re.compile(
    r"<details>\s*<summary>\s*Hint\s+(?P<number>\d+)\s*[—–-]\s*(?P<title>.*?)\s*</summary>"
    r"(?P<body>.*?)</details>",
    re.DOTALL | re.IGNORECASE,
)


def parse_hints(readme: str) -> tuple[Hint, ...]:
    """Every complete ``<details><summary>Hint N — title</summary>`` block, in order."""
    return tuple(
        Hint(int(match["number"]), match["title"], textwrap.dedent(match["body"]).strip())
        for match in _HINT.finditer(readme)
    )


TABLE_HEADER = ("| kata | question | module | you write |", "| --- | --- | --- | --- |")


def table_row(kata: Kata) -> str:
    link = f"[{kata.id}](katas/{kata.id}/README.md)"
    return f"| {link} | {kata.question} | `{kata.module_file}` | {kata.you_write} |"


def render_table() -> str:
    """The README's table of katas ("## The katas"), generated so it cannot drift."""
    return "\n".join([*TABLE_HEADER, *(table_row(kata) for kata in KATAS)]) + "\n"


if __name__ == "__main__":
    print(render_table(), end="")
