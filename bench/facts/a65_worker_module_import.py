"""Which process imports the module that defines a worker's target, per start method.

Claims in katas/q10/README.md ("Going further": a heavy import at the top of your
module is paid again by every worker) and solutions/q10/ANSWER.md ("each child
imports the module afresh"), and the CPU cost of ``import numpy`` quoted there.

A temporary ``helper.py`` imports numpy at its top and records the pid that imported
it and the CPU time the numpy import took there. Its ``report`` function is the
target of one child per start method. Two main scripts start those children: one
imports ``helper`` at its top (a learner's script), the other only inside its
``if __name__ == "__main__":`` block, at run time (as the grader, run by pytest,
imports the kata module). Each child says whether it imported ``helper`` itself, got
it from the parent (fork), or from another process (the forkserver, which imported
it once for all its children).

    python bench/facts/a65_worker_module_import.py

Measured 2026-12-08 (2-core Linux VM):
    3.10.13, 3.11.7, 3.12.1, 3.13.0, both scripts: fork: inherited from the parent;
      forkserver: imported by the child; spawn: imported by the child
    3.14.10, 3.15.2:
      script imports helper at its top: fork: inherited from the parent; forkserver:
        inherited from another process (the forkserver); spawn: imported by the child
      script imports helper at run time: fork: inherited from the parent; forkserver:
        imported by the child; spawn: imported by the child
    numpy import: 0.09 to 0.17 s of CPU in every process that did it, on every version
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HELPER = """
import os, time
_started = time.process_time()
import numpy
NUMPY_CPU = time.process_time() - _started
IMPORTED_IN = os.getpid()

def report(queue):
    queue.put((os.getpid(), IMPORTED_IN, NUMPY_CPU))
"""

MAIN = """
import multiprocessing, os
{top}
def main():
{late}
    parts = [f"numpy import in the parent: {{helper.NUMPY_CPU:.2f}} s CPU"]
    for method in ("fork", "forkserver", "spawn"):
        ctx = multiprocessing.get_context(method)
        queue = ctx.Queue()
        child = ctx.Process(target=helper.report, args=(queue,))
        child.start()
        pid, imported_in, cpu = queue.get(timeout=60)
        child.join()
        queue.close()
        queue.join_thread()
        if imported_in == pid:
            where = f"imported by the child ({{cpu:.2f}} s CPU for numpy)"
        elif imported_in == os.getpid():
            where = "inherited from the parent"
        else:
            where = "inherited from another process (the forkserver)"
        parts.append(f"{{method}}: {{where}}")
    print("; ".join(parts))

if __name__ == "__main__":
    main()
"""


def script(top_level: bool) -> str:
    return MAIN.format(
        top="import helper" if top_level else "",
        late="    import helper" if not top_level else "",
    )


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as directory:
        here = Path(directory)
        (here / "helper.py").write_text(HELPER)
        for label, top_level in (("script imports helper at its top", True),
                                 ("script imports helper at run time", False)):
            path = here / f"main_{'top' if top_level else 'late'}.py"
            path.write_text(script(top_level))
            done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120, cwd=here)
            said = done.stdout.strip() or done.stderr.strip().splitlines()[-1]
            print(f"  {label}: {said}")


if __name__ == "__main__":
    main()
