"""Where the kata modules under test come from, and how they are imported.

The graders grade one source per run: the learner's ``katas/`` (default), the
reference ``solutions/`` (``--solutions``), or another copy laid out as
``DIR/qN/<module>.py`` (``--submission DIR``). Whichever it is, its folder goes first
on ``sys.path`` and the module is imported as ``qN.<module>``: spawn and forkserver
children receive the parent's ``sys.path`` and find pickled functions by that name.
"""

from __future__ import annotations

import ast
import functools
import importlib
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[2]
KATAS_DIR = REPO_ROOT / "katas"
SOLUTIONS_DIR = REPO_ROOT / "solutions"


class NotAttempted(Exception):
    """A kata function (or module) that the learner has not written yet."""

    def __init__(self, kata: str, what: str) -> None:
        super().__init__(f"{kata} {what}: not attempted yet — see katas/{kata}/README.md")
        self.kata = kata
        self.what = what


class Refused(Exception):
    """A submission that reaches into the grader: it is not loaded at all."""

    def __init__(self, kata: str, module: str, reason: str) -> None:
        super().__init__(
            f"{kata} {module}: refused before loading — {reason}. A submission must not import "
            "pytest or the grading kit: the graders run it inside the grading process"
        )


#: Top-level packages a submission may not import: the grader's own machinery.
FORBIDDEN_IMPORTS = ("pytest", "_pytest", "pluggy", "pytest_timeout", "katas", "solutions", "tests")


@functools.lru_cache(maxsize=64)
def forbidden_import(source: str) -> str | None:
    """Where ``source`` imports the grader's machinery, as "it imports X (line N)".

    Remembered by source text: each test of a grader loads the same module again.

    Reads ``import``/``from`` statements and ``__import__``/``import_module`` called
    with a literal name; a name computed at run time is beyond a static check.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None  # importing it will report the syntax error itself
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if called in ("__import__", "import_module") and isinstance(first, ast.Constant):
                names = [str(first.value)]
        for name in names:
            if name.split(".")[0] in FORBIDDEN_IMPORTS:
                return f"it imports {name} (line {getattr(node, 'lineno', '?')})"
    return None


@dataclass(frozen=True)
class Source:
    """One copy of the kata modules: a folder holding ``qN/<module>.py``."""

    root: Path
    label: str

    def path_of(self, kata: str, module: str) -> Path:
        return self.root / kata / f"{module}.py"


def choose(solutions: bool, submission: str | None) -> Source:
    if solutions and submission:
        raise ValueError("--solutions and --submission DIR cannot be combined")
    if solutions:
        return Source(SOLUTIONS_DIR, "solutions/")
    if submission:
        root = Path(submission).expanduser().resolve()
        if not root.is_dir():
            raise ValueError(f"--submission {submission}: no such directory")
        return Source(root, str(root))
    return Source(KATAS_DIR, "katas/")


def activate(source: Source) -> None:
    """Put ``source`` first on ``sys.path`` and forget kata modules from elsewhere."""
    root = str(source.root)
    if root in sys.path:
        sys.path.remove(root)
    sys.path.insert(0, root)
    for name in [n for n in sys.modules if re.fullmatch(r"q\d+(\..+)?", n)]:
        del sys.modules[name]


def load(source: Source, kata: str, module: str) -> ModuleType:
    """Import ``kata.module`` from ``source``; a missing file is "not attempted"."""
    path = source.path_of(kata, module)
    if not path.is_file():
        raise NotAttempted(kata, f"{module} (no {path})")
    reason = forbidden_import(path.read_text(encoding="utf-8", errors="replace"))
    if reason is not None:
        raise Refused(kata, module, reason)
    loaded = importlib.import_module(f"{kata}.{module}")
    if Path(loaded.__file__ or "").resolve() != path.resolve():
        raise RuntimeError(f"{kata}.{module} was imported from {loaded.__file__}, expected {path}")
    return loaded


_FRAME = re.compile(r'File "(?P<file>[^"]+)", line \d+, in (?P<func>\S+)')


def unattempted_function(error: BaseException, module_file: Path) -> str | None:
    """The kata function whose stub raised ``error``, if it is a stub's NotImplementedError.

    Looks in the traceback, and in the remote traceback text that ``multiprocessing``
    attaches when the error was raised in a pool worker.
    """
    if not isinstance(error, NotImplementedError):
        return None
    target = module_file.resolve()
    found = None
    for frame in traceback.extract_tb(error.__traceback__):
        if Path(frame.filename).resolve() == target:
            found = frame.name
    if found is None and error.__cause__ is not None:
        found = function_in_traceback_text(str(error.__cause__), module_file)
    return found


def function_in_traceback_text(text: str, module_file: Path) -> str | None:
    """The innermost function of ``module_file`` named in a printed traceback."""
    target = module_file.resolve()
    found = None
    for match in _FRAME.finditer(text):
        if Path(match.group("file")).resolve() == target:
            found = match.group("func")
    return found
