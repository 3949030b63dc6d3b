"""Run every measurement behind docs/FOUNDATIONS.md, one after another, and summarize.

    python bench/facts/run_all.py                 # every fNN_*.py script (the kit's facts)
    python bench/facts/run_all.py f03 f15         # only these
    python bench/facts/run_all.py --answers       # every aNN_*.py probe (docs/CLAIMS.md)
    python bench/facts/run_all.py --timeout 90    # per-script limit in seconds (default 60)

Scripts run one at a time (the machine may have two cores shared with others), each
in its own process group, which is killed when the script ends or runs out of time.
Each script's output is printed under its name, with the load average before it ran.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Result:
    script: str
    status: str
    seconds: float
    load_before: float
    output: str


def run(script: Path, timeout: float) -> Result:
    load = os.getloadavg()[0]
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
        status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
    except subprocess.TimeoutExpired:
        status = f"timeout after {timeout:g} s"
        out = b""
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if proc.returncode is None or status.startswith("timeout"):
            extra, _ = proc.communicate()
            out += extra
    return Result(script.stem, status, time.monotonic() - started, load, out.decode("utf-8", "replace"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="*", help="script prefixes to run, e.g. f03 f15")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per script (default 60)")
    parser.add_argument(
        "--answers", action="store_true",
        help="run the probes behind the READMEs' and answers' claims (aNN_*.py) instead",
    )
    args = parser.parse_args()
    scripts = sorted(HERE.glob("a[0-9][0-9]_*.py" if args.answers else "f[0-9][0-9]_*.py"))
    if args.only:
        scripts = [s for s in scripts if any(s.name.startswith(prefix) for prefix in args.only)]
    print(
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    started = time.monotonic()
    results = []
    for script in scripts:
        result = run(script, args.timeout)
        results.append(result)
        print(f"\n== {result.script}: {result.status} in {result.seconds:.1f} s (load {result.load_before:.2f} before)")
        print(result.output.rstrip())
    total = time.monotonic() - started
    print("\nSummary")
    width = max((len(r.script) for r in results), default=10)
    for result in results:
        print(f"  {result.script:<{width}}  {result.status:<10}  {result.seconds:6.1f} s  load {result.load_before:5.2f}")
    failed = [r for r in results if r.status != "ok"]
    print(f"{len(results) - len(failed)} of {len(results)} scripts ok, wall time {total:.1f} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
