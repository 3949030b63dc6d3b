"""FOUNDATIONS #10: concurrent children's lines get glued together; tag writes with the pid.

A program starts 4 fork children that each print ``process <pid> prints <i>`` 2000
times to one pipe. Run with ``PYTHONUNBUFFERED=1`` and without (block-buffered to a
pipe), it prints how many lines came out whole, glued or cut. Then the same children
write through the kit's pid-tagged stdout (katas/_kit/tagged_output.py) and the lines
are rebuilt per writer. If strace is installed, also shows the write() calls of one
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

REPO = Path(__file__).resolve().parents[2]
CHILDREN, LINES = 4, 2000
LINE = re.compile(r"process (\d+) prints (\d+)")

PROGRAM = textwrap.dedent(
    f"""
    import multiprocessing
    import os
    import sys

    def talk():
        for i in range({LINES}):
            print(f"process {{os.getpid()}} prints {{i}}")

    if __name__ == "__main__":
        if sys.argv[1:] == ["tagged"]:
            sys.path.insert(0, {str(REPO)!r})
            from katas._kit import tagged_output
            tagged_output.install()
        context = multiprocessing.get_context("fork")
        children = [context.Process(target=talk) for _ in range({CHILDREN})]
        for child in children:
            child.start()
        for child in children:
            child.join()
    """
)


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
    sys.path.insert(0, str(REPO))
    from katas._kit import tagged_output

    with tempfile.TemporaryDirectory() as folder:
        program = Path(folder) / "talk.py"
        program.write_text(PROGRAM)
        plain = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
        unbuffered = judge(run([sys.executable, str(program)], {**plain, "PYTHONUNBUFFERED": "1"}).decode())
        buffered = judge(run([sys.executable, str(program)], plain).decode())
        raw = run([sys.executable, str(program), "tagged"], {**plain, "PYTHONUNBUFFERED": "1"})
        lines = tagged_output.parse(raw)
        right = sum(
            bool(m) and int(m.group(1)) == line.pid
            for line in lines
            for m in [LINE.fullmatch(line.text)]
        )
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
