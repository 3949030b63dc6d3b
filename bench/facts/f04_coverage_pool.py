"""FOUNDATIONS #4: coverage loses pool workers that terminate() kills.

In a throw-away folder, a program maps a function over a ``Pool(2)``, ending the pool
either with a ``with`` block (terminate()) or with close() and join(). It runs under
``coverage run`` with ``concurrency = multiprocessing`` and ``parallel = true``, then
``coverage combine``; prints whether the line that only workers execute was measured,
and how many data files were combined. A third run adds ``sigterm = true``.

    python bench/facts/f04_coverage_pool.py
    python bench/facts/f04_coverage_pool.py --sigterm-runs 10   # only the sigterm=true case
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import warnings
from pathlib import Path

from coverage import Coverage, CoverageData, __version__ as coverage_version

WORK = textwrap.dedent(
    """
    import multiprocessing
    import sys


    def square(x):
        y = x * x  # only pool workers run this line
        return y


    if __name__ == "__main__":
        method, ending = sys.argv[1], sys.argv[2]
        context = multiprocessing.get_context(method)
        if ending == "with":
            with context.Pool(2) as pool:
                print(pool.map(square, range(4)))
        else:
            pool = context.Pool(2)
            print(pool.map(square, range(4)))
            pool.close()
            pool.join()
    """
)

RC = textwrap.dedent(
    """
    [run]
    branch = false
    parallel = true
    concurrency = multiprocessing
    {extra}
    """
)


def run(command: list[str], cwd: Path, timeout: float = 20) -> str:
    proc = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {proc.returncode}:\n{out.decode()}")
    return out.decode()


def readable(path: Path) -> bool:
    """Whether ``path`` is a complete coverage data file (a killed writer leaves a broken one)."""
    try:
        CoverageData(basename=str(path)).read()
    except Exception:  # noqa: BLE001 - coverage raises its DataError, or sqlite's
        return False
    return True


def measure(method: str, ending: str, extra: str) -> tuple[int, int, bool] | None:
    """Workers whose data was saved (of 2), broken data files, and whether the
    worker-only line was measured; None when the program hung (killed after 4 s)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "work.py").write_text(WORK)
        (root / ".coveragerc").write_text(RC.format(extra=extra))
        try:
            run([sys.executable, "-m", "coverage", "run", "work.py", method, ending], root, timeout=4)
        except subprocess.TimeoutExpired:
            return None
        files = list(root.glob(".coverage.*"))
        good = sum(readable(f) for f in files)
        combined = Coverage(data_file=str(root / ".coverage"), config_file=str(root / ".coveragerc"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the broken files, counted above
            combined.combine(data_paths=[str(root)])  # what `coverage combine` does
        executed = combined.get_data().lines(str((root / "work.py").resolve())) or []
        lines = (root / "work.py").read_text().splitlines()
        worker_line = next(i for i, text in enumerate(lines, 1) if "only pool workers" in text)
        return good - 1, len(files) - good, worker_line in executed  # one good file is the parent's


RUNS = 3


def main() -> None:
    """``--sigterm-runs N`` repeats only the sigterm=true configuration N times."""
    if sys.argv[1:2] == ["--sigterm-runs"]:
        repeats = [measure("fork", "with", "sigterm = true") for _ in range(int(sys.argv[2]))]
        hung = sum(r is None for r in repeats)
        saved = [r[0] for r in repeats if r is not None]
        print(f"fork with-block sigterm=true, {len(repeats)} runs: {hung} hung (killed after 4 s); "
              f"workers saved per finished run: {' '.join(map(str, saved))}")
        return
    configurations = [
        (method, ending, "") for ending in ("with", "close") for method in ("fork", "spawn")
    ] + [("fork", "with", "sigterm = true")]
    parts = []
    for method, ending, extra in configurations:
        runs = [measure(method, ending, extra) for _ in range(RUNS)]
        done = [r for r in runs if r is not None]
        label = "with-block" if ending == "with" else "close+join"
        per_run = "/".join(str(r[0]) if r else "hung" for r in runs)
        broken = sum(r[1] for r in done)
        seen = sum(r[2] for r in done)
        parts.append(
            f"{method} {label}{' sigterm=true' if extra else ''}: workers saved {per_run} of 2"
            f"{f' ({broken} broken files)' if broken else ''}, worker line seen {seen}/{RUNS}"
        )
    print(f"coverage {coverage_version}, {RUNS} runs each: " + "; ".join(parts[:2]))
    print("  " + "; ".join(parts[2:]))


if __name__ == "__main__":
    main()
