"""The two programs in solutions/q9/ANSWER.md ("The pattern, complete"), run as written
under each start method.

Claim in solutions/q9/ANSWER.md: the work-queue pattern returns results in input order
and raises a worker's exception with its type; the ping-pong over one duplex ``Pipe``
answers each ping from the child. The code is read from the ANSWER (the first two
``python`` blocks after "## The pattern, complete"): the first is saved as a module and
driven by a small script; the second is saved as a script with
``multiprocessing.set_start_method(...)`` added at the top of its ``__main__`` block.

    python bench/facts/a55_q9_answer_programs.py

Measured 2026-12-08 (2-core Linux VM), the same on 3.10.13, 3.11.7, 3.12.1, 3.13.0,
3.14.10 and 3.15.2, under fork, forkserver and spawn:
    pattern "rc 0: [5, 4, 3, 2, 1, 0, 1, 2, 3, 4]; raised KeyError 'item 3'"
    ping-pong "rc 0: ping 0 -> pong 0 from <pid> | ping 1 -> pong 1 from <pid> |
      ping 2 -> pong 2 from <pid>"
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ANSWER = Path(__file__).resolve().parents[2] / "solutions" / "q9" / "ANSWER.md"

DRIVER = """
import multiprocessing, sys
import pattern

def fails_on_three(x):
    if x == 3:
        raise KeyError(f"item {x}")
    return x

if __name__ == "__main__":
    multiprocessing.set_start_method(sys.argv[1])
    print(pattern.map_with_queues(abs, range(-5, 5), workers=3), end="; ")
    try:
        pattern.map_with_queues(fails_on_three, range(6))
    except KeyError as error:
        print("raised KeyError", error)
"""


def main() -> None:
    after = ANSWER.read_text(encoding="utf-8").split("## The pattern, complete", 1)[1]
    found = re.findall(r"```python\n(.*?)```", after, re.S)
    pattern, ping = found[0], found[1]
    marker = 'if __name__ == "__main__":\n'
    print(f"Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pattern.py").write_text(pattern, encoding="utf-8")
        (root / "driver.py").write_text(DRIVER, encoding="utf-8")
        for method in ("fork", "forkserver", "spawn"):
            (root / "ping.py").write_text(
                ping.replace(marker, marker + f"    import multiprocessing; multiprocessing.set_start_method({method!r})\n"),
                encoding="utf-8",
            )
            runs = []
            for script in (["driver.py", method], ["ping.py"]):
                done = subprocess.run(
                    [sys.executable, *script], capture_output=True, text=True, timeout=60, cwd=root
                )
                out = re.sub(r"from \d+", "from <pid>", done.stdout.strip().replace("\n", " | "))
                runs.append(f"rc {done.returncode}: {out or done.stderr.strip()[-200:]}")
            print(f"  {method:10} pattern {runs[0]}\n  {'':10} ping-pong {runs[1]}")


if __name__ == "__main__":
    main()
