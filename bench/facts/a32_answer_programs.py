"""Run the programs printed in solutions/q4, q5 and q6 ANSWER.md under each start method.

Claims in solutions/q4/ANSWER.md ("The program"), solutions/q5/ANSWER.md ("A complete
program", the corrected ``Worker`` class, "The modern alternative") and
solutions/q6/ANSWER.md ("The program", "The seed's computation, done right in a
pool", "the numbers back in the parent"): each program runs, under fork, forkserver
and spawn, and prints what the answer says it prints. The code is read from the
ANSWER.md files themselves (the ```python block under the named heading), written to
a temporary script with ``set_start_method(argv[1])`` as the first line of its
``__main__`` block, and run. Pids are masked as ``<pid>`` in the output shown; the
order of the q6 children's lines varies and is shown sorted.

    python bench/facts/a32_answer_programs.py            # every program
    python bench/facts/a32_answer_programs.py q6         # only q6's

Measured 2026-12-08 (2-core Linux VM): all 126 runs (7 programs x 3 start methods x
3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10, 3.15.2) exited 0 and printed, every time:
    q4 The program: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81] | [1024, 81] | 100 tasks ran
      in N worker(s); parent among them: False | 144 | 49 | gave up after 1.0 s;
      children left: []   (N = 1 in 12 of the 18 runs, 2 in 6)
    q5 A complete program, the corrected Worker class, the modern alternative:
      Worker started (4 lines) | [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]
    q6 The program: process <pid> prints 1..4 (in varying order) | parent <pid>
      started [<pids>], exit codes [0, 0, 0, 0]
    q6 The seed's computation: [1, 16, 7625597484987, 134078...] [1, 4, 9, 16]
      [1, 8, 27, 64] [6] | [7257, 120605, 2311978] | 9 ** 9 ** 9 timed out; children
      left: []
    q6 numbers back in the parent: process <pid> prints 1..4 | reports [1, 2, 3, 4]
      pids match: True
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# A learner's default: buffered stdout (PYTHONUNBUFFERED, set on the machine where this
# was measured, would make each print() two writes, and the children's lines could mix).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
ROOT = Path(__file__).resolve().parents[2]
GUARD = 'if __name__ == "__main__":'
INJECT = GUARD + "\n    import multiprocessing as _mp, sys as _sys\n    _mp.set_start_method(_sys.argv[1])"

Q5_FUNCTIONS = '''
from multiprocessing import Pool

def init_worker(greeting="Worker started"):
    print(greeting, flush=True)

def compute(x):
    return x * x
'''

# (kata, heading, index of the python block under it, code put in front of it);
# SUFFIX adds a check at the end of a program's __main__ block.
SUFFIX = {
    "## What a strong candidate adds: the numbers back in the parent":
        "    print('reports', sorted(n for n, _ in reports), 'pids match:',\n"
        "          sorted(p for _, p in reports) == sorted(c.pid for c in children))\n",
}
PROGRAMS = [
    ("q4", "## The program", 0, ""),
    ("q5", "## A complete program", 0, ""),
    ("q5", "## What the seed's sample gets wrong", 0, ""),
    ("q5", "## The modern alternative", 0, Q5_FUNCTIONS),
    ("q6", "## The program", 0, ""),
    ("q6", "## The seed's computation, done right in a pool", 0, ""),
    ("q6", "## What a strong candidate adds: the numbers back in the parent", 0,
     "import multiprocessing, os, sys\n"),
]


def block(kata: str, heading: str, index: int) -> str:
    text = (ROOT / "solutions" / kata / "ANSWER.md").read_text()
    section = text.split("\n" + heading, 1)[1].split("\n## ", 1)[0]
    return str(re.findall(r"```python\n(.*?)```", section, re.S)[index])


def masked(output: str, kata: str) -> str:
    lines = output.strip().splitlines()
    lines = [re.sub(r"(process|parent) \d+", r"\1 <pid>", line) for line in lines]
    lines = [re.sub(r"started \[[\d, ]+\]", "started [<pids>]", line) for line in lines]
    lines = [re.sub(r"\d{20,}", lambda m: m.group(0)[:6] + "...", line) for line in lines]
    if kata == "q6":
        children = sorted(line for line in lines if line.startswith("process <pid>"))
        lines = children + [line for line in lines if not line.startswith("process <pid>")]
    return " | ".join(lines)


def main() -> None:
    only = set(sys.argv[1:])
    print(f"Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        for number, (kata, heading, index, prefix) in enumerate(PROGRAMS):
            if only and kata not in only:
                continue
            code = prefix + block(kata, heading, index) + SUFFIX.get(heading, "")
            assert GUARD in code, f"{kata} {heading}: no __main__ guard"
            script = Path(tmp) / f"program{number}.py"
            script.write_text(code.replace(GUARD, INJECT, 1))
            for method in ("fork", "forkserver", "spawn"):
                done = subprocess.run(
                    [sys.executable, str(script), method],
                    capture_output=True, text=True, timeout=60, check=False, env=ENV,
                )
                status = "ok" if done.returncode == 0 else f"rc {done.returncode}: {done.stderr.strip()[-300:]}"
                print(f"  {kata} {heading[3:][:40]!r} [{method}] {status}: {masked(done.stdout, kata)}")


if __name__ == "__main__":
    main()
