"""FOUNDATIONS #10: concurrent children's lines get glued together; tag writes with the pid.

A program starts 4 fork children that each print ``process <pid> prints <i>`` 2000
times to one pipe. Run with ``PYTHONUNBUFFERED=1`` and without (block-buffered to a
pipe), it prints how many lines came out whole or glued. Then the same children write
through a stdout that frames each write with the writer's pid (the idea behind
katas/_kit/tagged_output.py, reduced to a few lines here) and the lines are rebuilt
per writer. If strace is installed, also shows the write() calls of one
``print()`` under ``-u``.

    python bench/facts/f10_interleaved_output.py
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

CHILDREN, LINES = 4, 2000
LINE = re.compile(r"process (\d+) prints (\d+)")

PROGRAM = textwrap.dedent(
    f"""
    import io
    import multiprocessing
    import os
    import sys


    class PidTagged(io.TextIOBase):
        \"\"\"Each write becomes one record: \\x1e, the writer's pid, \\x1f, the text, \\x1d.\"\"\"

        def write(self, text):
            record = "\\x1e%d\\x1f%s\\x1d" % (os.getpid(), text)
            os.write(1, record.encode())
            return len(text)


    def talk():
        for i in range({LINES}):
            print(f"process {{os.getpid()}} prints {{i}}")


    if __name__ == "__main__":
        if sys.argv[1:] == ["tagged"]:
            sys.stdout = PidTagged()
        context = multiprocessing.get_context("fork")
        children = [context.Process(target=talk) for _ in range({CHILDREN})]
        for child in children:
            child.start()
        for child in children:
            child.join()
    """
)
RECORD = re.compile(rb"\x1e(\d+)\x1f(.*?)\x1d", re.DOTALL)


def rebuild(raw: bytes) -> list[tuple[int, str]]:
    """Lines per writer: each pid's records joined in order, then split at newlines."""
    pending: dict[int, str] = {}
    lines: list[tuple[int, str]] = []
    for match in RECORD.finditer(raw):
        pid = int(match.group(1))
        *complete, pending[pid] = (pending.get(pid, "") + match.group(2).decode()).split("\n")
        lines.extend((pid, line) for line in complete)
    return lines


def run(args: list[str], env: dict[str, str]) -> bytes:
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=30)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    return out


def judge(text: str) -> str:
    lines = text.split("\n")
    whole = sum(bool(LINE.fullmatch(line)) for line in lines)
    glued = sum(len(LINE.findall(line)) > 1 for line in lines)
    example = next((line for line in lines if len(LINE.findall(line)) > 1), "")
    return (
        f"{whole} of {CHILDREN * LINES} lines whole, {glued} glued"
        + (f" e.g. {example[:60]!r}" if example else "")
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        program = Path(folder) / "talk.py"
        program.write_text(PROGRAM)
        plain = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
        unbuffered = judge(run([sys.executable, str(program)], {**plain, "PYTHONUNBUFFERED": "1"}).decode())
        buffered = judge(run([sys.executable, str(program)], plain).decode())
        raw = run([sys.executable, str(program), "tagged"], {**plain, "PYTHONUNBUFFERED": "1"})
        right = 0
        for pid, text in rebuild(raw):
            match = LINE.fullmatch(text)
            right += match is not None and int(match.group(1)) == pid
        print(f"PYTHONUNBUFFERED=1: {unbuffered}; block-buffered pipe: {buffered}")
        strace = shutil.which("strace")
        calls = ""
        if strace:
            trace = Path(folder) / "trace"
            subprocess.run(
                [strace, "-e", "trace=write", "-o", str(trace), sys.executable, "-u", "-c", "print('hi')"],
                capture_output=True, timeout=20, check=False,
            )  # fmt: skip
            if trace.exists():
                writes = [line for line in trace.read_text().splitlines() if line.startswith("write(1")]
                calls = f"; strace of print('hi') under -u: {' then '.join(w.split(' =')[0].strip() for w in writes)}"
        print(f"pid-tagged: {right} of {CHILDREN * LINES} lines rebuilt whole with the right pid{calls}")


if __name__ == "__main__":
    main()
