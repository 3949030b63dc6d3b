"""The program in solutions/q8/ANSWER.md ("A complete program"), run as written, and its
output compared with the output the ANSWER shows.

Claim in solutions/q8/ANSWER.md ("Output, identical on CPython ..."): the program is read
from the ANSWER (the first ``python`` block after "## A complete program"), the expected
output from the next plain code block; the program runs as a script in a fresh
interpreter with the default start method of the version (so the multiprocessing
backend runs under fork up to 3.13 and forkserver from 3.14).

    python bench/facts/a47_q8_answer_program.py

Measured 2026-12-08 (2-core Linux VM, joblib 1.6.0): "rc 0; output as shown in the
ANSWER: True" on 3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10 and 3.15.2.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ANSWER = Path(__file__).resolve().parents[2] / "solutions" / "q8" / "ANSWER.md"


def blocks() -> tuple[str, list[str]]:
    after = ANSWER.read_text(encoding="utf-8").split("## A complete program", 1)[1]
    code = re.search(r"```python\n(.*?)```", after, re.S)
    assert code, "no python block after '## A complete program'"
    shown = re.search(r"```\n(.*?)```", after[code.end():], re.S)
    assert shown, "no output block after the program"
    return code.group(1), shown.group(1).strip().splitlines()


def main() -> None:
    code, expected = blocks()
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "joblib_demo.py"
        script.write_text(code, encoding="utf-8")
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    got = done.stdout.strip().splitlines()
    print(f"Python {sys.version.split()[0]}: rc {done.returncode}; output as shown in the ANSWER: {got == expected}")
    if got != expected:
        print("  got:", got)
        print("  stderr:", done.stderr.strip()[-500:])


if __name__ == "__main__":
    main()
