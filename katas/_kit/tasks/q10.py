"""Grader hooks for q10 that run inside the learner's worker processes.

``BlockWatch`` changes ``multiprocessing.shared_memory.SharedMemory`` in a process so
that:
- every block created there (``create=True``) is recorded as a line in
  ``<directory>/created``, so the grader knows exactly which blocks the call made, in the
  parent or in any child, and can check afterwards that each one was unlinked (other
  programs on the machine may create blocks meanwhile: a listing of ``/dev/shm`` alone
  cannot tell whose they are);
- with ``fail_one_attach``, the first worker process that attaches to a block
  (``create=False``) gets ``FileNotFoundError`` instead, exactly what attaching to a
  missing block raises. One worker fails, the others run normally.

How it reaches the workers under every start method: under fork, a child inherits the
grader's change to the class. Under spawn and forkserver a child starts a fresh
interpreter and unpickles its ``Process`` object, which carries a copy of the parent's
``current_process()._config``; the grader puts a ``BlockWatch`` there, and unpickling it
in the child calls ``install``. Pool and executor workers are ``Process`` objects too.

Standard library only: every child that unpickles a ``BlockWatch`` imports this module.
"""

from __future__ import annotations

import errno
import inspect
import os
from collections.abc import Callable
from multiprocessing import shared_memory
from typing import Any

#: The key under which the grader puts a ``BlockWatch`` in ``current_process()._config``.
CONFIG_KEY = "mpkatas_q10_block_watch"
FAILURE_MESSAGE = "the grader made this worker fail: it could not attach to the shared block"
CREATED_FILE = "created"
FAILED_FILE = "failed-attach"


class BlockWatch:
    """What to change in ``SharedMemory``; unpickling one installs it (see module docstring)."""

    def __init__(self, directory: str, grader_pid: int, fail_one_attach: bool) -> None:
        self.directory = directory
        self.grader_pid = grader_pid
        self.fail_one_attach = fail_one_attach

    def __reduce__(self) -> tuple[Any, ...]:
        return (install, (self.directory, self.grader_pid, self.fail_one_attach))


def watched_init(watch: BlockWatch, original: Callable[..., None]) -> Callable[..., None]:
    """A ``SharedMemory.__init__`` that records creations and may fail one attach."""
    signature = inspect.signature(original)

    def __init__(self: shared_memory.SharedMemory, *args: Any, **kwargs: Any) -> None:
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        create = bool(bound.arguments.get("create"))
        if not create and watch.fail_one_attach and os.getpid() != watch.grader_pid:
            if _claim_the_failure(watch.directory):
                raise FileNotFoundError(errno.ENOENT, FAILURE_MESSAGE, bound.arguments.get("name"))
        original(self, *args, **kwargs)
        if create:
            _append_line(os.path.join(watch.directory, CREATED_FILE), self.name)

    return __init__


def install(directory: str, grader_pid: int, fail_one_attach: bool) -> BlockWatch:
    """Change ``SharedMemory`` in this process (a spawn or forkserver child)."""
    watch = BlockWatch(directory, grader_pid, fail_one_attach)
    cls = shared_memory.SharedMemory
    original = cls.__dict__.get("_mpkatas_original_init", cls.__init__)
    cls._mpkatas_original_init = original  # type: ignore[attr-defined]
    cls.__init__ = watched_init(watch, original)  # type: ignore[method-assign]
    # Kept in the child's own _config, so a process it starts carries it on.
    return watch


def created_blocks(directory: str) -> list[str]:
    """Names of the blocks created while the watch was installed, in order."""
    try:
        with open(os.path.join(directory, CREATED_FILE), encoding="utf-8") as handle:
            return [line.strip() for line in handle if line.strip()]
    except FileNotFoundError:
        return []


def failed_worker(directory: str) -> int | None:
    """The pid of the worker that was made to fail, if one was."""
    try:
        with open(os.path.join(directory, FAILED_FILE), encoding="utf-8") as handle:
            return int(handle.read().strip() or 0) or None
    except (FileNotFoundError, ValueError):
        return None


def _claim_the_failure(directory: str) -> bool:
    """True in exactly one process: the first to create the marker file."""
    try:
        fd = os.open(os.path.join(directory, FAILED_FILE), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    try:
        os.write(fd, str(os.getpid()).encode())
    finally:
        os.close(fd)
    return True


def _append_line(path: str, text: str) -> None:
    fd = os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o644)
    try:
        os.write(fd, (text + "\n").encode())
    finally:
        os.close(fd)
