"""Measure how trustworthy the graders are, and write docs/RELIABILITY.md.

    python bench/reliability.py              # the full benchmark (about 40-60 minutes)
    python bench/reliability.py --runs 2     # a quick look

It measures, on this machine and now:
1. repeated runs of ``pytest katas --solutions``, idle and with a CPU hog on one core:
   failures (goal 0), skips (speed checks that could not judge) and wall times;
2. the wrong-submission corpus: how many are rejected by the intended test;
3. a hanging submission per kata and start method: seconds until it fails, orphans left;
4. the wall time of ``pytest katas/qN --solutions`` per kata and start method;
5. reference speedups of the CPU-bound katas (q1, q4) per start method;
6. the mechanical mutants of every reference solution: killed / total per kata and
   operator (``tests/test_mutants.py``);
7. children run one after another, graded again and again with a CPU hog on one core:
   how often the timing-free concurrency check rejects them (goal: every time).

Section 9 (grading the fixture cohort with ``--jobs`` and ``--scheduler``) is measured
by hand; this script renders it from ``docs/RELIABILITY.json`` and keeps it. So are the
notes of section 8: add one to the JSON's "notes" and run ``--render``, since a page
edited by hand is overwritten by the next run.

``--only 6,7`` measures some sections again and keeps the others from the last run
(``docs/RELIABILITY.json``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from katas._kit import speed  # noqa: E402
from katas._kit.grading import available_start_methods  # noqa: E402
from tests.harness import GraderRun, run_graders  # noqa: E402
from tests.mutation import EQUIVALENT  # noqa: E402

from katas._kit import catalog  # noqa: E402

KATAS = [kata.id for kata in catalog.KATAS]
HANGING = REPO / "bench" / "hanging"
HANG_LIMIT = 5
HANG_TESTS = {
    "q1": "katas/q1/test_count_primes.py::test_more_processes_than_numbers_still_counts_right",
    "q2": "katas/q2/test_processes_vs_threads.py::test_processes_run_in_other_processes",
    "q3": "katas/q3/test_first_process.py::test_run_in_child_terminates_a_child_still_running_at_the_timeout",
    "q4": "katas/q4/test_pool_basics.py::test_a_task_past_its_timeout_raises_promptly_and_its_worker_is_killed",
    "q5": "katas/q5/test_worker_pool.py::test_square_all_returns_squares_in_input_order",
    "q6": "katas/q6/test_four_processes.py::test_each_number_is_printed_once_by_its_own_child",
    "q9": "katas/q9/test_pipeline.py::test_map_with_queues_returns_results_in_input_order",
    "q11": "katas/q11/test_executor_failures.py::test_items_lost_with_a_crashed_worker_are_run_again_on_a_fresh_executor",
}


def _grade(args: list[str]) -> GraderRun:
    with tempfile.TemporaryDirectory() as reports:
        return run_graders(args, report_dir=Path(reports), timeout=1800)


@contextlib.contextmanager
def cpu_hog() -> Iterator[None]:
    """Keep one core busy with pure Python for as long as the block runs."""
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        hog.kill()
        hog.wait()


def repeated_solution_runs(runs: int, hog: bool) -> dict[str, Any]:
    rows = []
    with cpu_hog() if hog else contextlib.nullcontext():
        for index in range(runs):
            # The VM's host slows both cores for seconds at a time; a reading on each side
            # tells a slow run on a slowed machine from a slow grader.
            before = speed.sustained_capacity(1.0)
            run = _grade(["katas", "--solutions"])
            after = speed.sustained_capacity(1.0)
            rows.append(
                {
                    "exit": run.exit_code,
                    "seconds": run.seconds,
                    "passed": len(run.by_result("passed")),
                    "failed": len(run.by_result("failed")) + len(run.by_result("error")),
                    "skipped": len(run.by_result("skipped")),
                    "orphans": len(run.orphans),
                    "failures": [o.test for o in run.by_result("failed") + run.by_result("error")],
                    "capacity": [before, after],
                }
            )
            print(f"  solutions run {index + 1}/{runs} ({'hog' if hog else 'idle'}): {rows[-1]}", flush=True)
    return {"hog": hog, "rows": rows}


def corpus() -> dict[str, Any]:
    run = _grade(["tests/test_wrong_submissions.py", "-p", "no:randomly"])
    cases = [o for o in run.outcomes if "[" in o.test]
    wrong = [o for o in cases if o.test.startswith("test_wrong_submission")]
    good = [o for o in cases if o.test.startswith("test_a_correct_submission")]
    return {
        "wrong": len(wrong),
        "wrong_rejected_as_intended": sum(o.result == "passed" for o in wrong),
        "good": len(good),
        "good_passing": sum(o.result == "passed" for o in good),
        "not_as_intended": [o.test for o in cases if o.result != "passed"],
        "seconds": run.seconds,
    }


def hangs() -> list[dict[str, Any]]:
    rows = []
    for kata in HANG_TESTS:
        for method in available_start_methods():
            run = _grade(
                [HANG_TESTS[kata], "--submission", str(HANGING / kata), "--start-method", method,
                 "-o", f"grader_timeout={HANG_LIMIT}"]
            )
            timed_out = [o for o in run.outcomes if o.result == "failed" and "Timeout" in o.message]
            rows.append(
                {
                    "kata": kata,
                    "method": method,
                    "tests": len(run.outcomes),
                    "failed_by_timeout": len(timed_out),
                    "seconds": run.seconds,
                    "orphans": len(run.orphans),
                }
            )
            print(f"  hang {kata} {method}: {rows[-1]}", flush=True)
    return rows


def mutants() -> dict[str, Any]:
    run = _grade(["tests/test_mutants.py", "-p", "no:randomly"])
    rows = []
    for outcome in run.outcomes:
        if "[" not in outcome.test:
            continue
        kata, operator = outcome.test.split("[", 1)[1].rstrip("]").split("-", 1)
        rows.append({"kata": kata, "operator": operator, "killed": outcome.result == "passed",
                     "note": "" if outcome.result == "passed" else outcome.summary[:300]})
    return {"rows": rows, "seconds": run.seconds}


SEQUENTIAL = ("q1_one_child_after_another",
              "katas/q1/test_count_primes.py::test_the_count_is_done_by_worker_processes_running_at_the_same_time")


def sequential_under_hog(runs: int) -> dict[str, Any]:
    name, test = SEQUENTIAL
    counts = {"rejected_by_concurrency": 0, "failed_otherwise": 0, "passed": 0, "skipped": 0}
    started = time.monotonic()
    with cpu_hog():
        for index in range(runs):
            run = _grade([test, "--submission", str(REPO / "tests" / "submissions" / name)])
            for outcome in run.outcomes:
                if outcome.result == "failed" and "did not run at the same time" in outcome.message:
                    counts["rejected_by_concurrency"] += 1
                elif outcome.failed:
                    counts["failed_otherwise"] += 1
                else:
                    counts[outcome.result] = counts.get(outcome.result, 0) + 1
            print(f"  sequential under hog {index + 1}/{runs}: {counts}", flush=True)
    return {"submission": name, "runs": runs, "methods": available_start_methods(), **counts,
            "seconds": time.monotonic() - started}


def per_kata_times() -> list[dict[str, Any]]:
    rows = []
    for kata in KATAS:
        for method in available_start_methods():
            run = _grade([f"katas/{kata}", "--solutions", "--start-method", method])
            rows.append(
                {
                    "kata": kata,
                    "method": method,
                    "seconds": run.seconds,
                    "passed": len(run.by_result("passed")),
                    "skipped": len(run.by_result("skipped")),
                    "failed": len(run.by_result("failed")),
                }
            )
    return rows


SPEEDUP_PROBE = """
import json, multiprocessing, sys, time
multiprocessing.set_start_method(sys.argv[1], force=True)
from katas._kit import speed, workloads
from solutions.q1 import count_primes as q1
from solutions.q4 import pool_basics as q4
stop = speed.size_for_seconds(lambda n: q1.count_primes(0, n), 20_000, speed.SERIAL_SECONDS, 1.5)
spins = speed.size_for_seconds(lambda n: [workloads.spin(n) for _ in range(8)], 10_000, speed.SERIAL_SECONDS, 1.0)
cases = {
    "q1": (lambda: q1.count_primes(0, stop), lambda: q1.count_primes_parallel(stop, 2)),
    "q4": (lambda: [workloads.spin(spins) for _ in range(8)], lambda: q4.pool_map(workloads.spin, [spins] * 8, 2)),
}
out = {}
for kata, (serial, parallel) in cases.items():
    best = None
    for _ in range(3):
        capacity = speed.measure_capacity()
        t = time.perf_counter(); serial(); s = time.perf_counter() - t
        t = time.perf_counter(); parallel(); p = time.perf_counter() - t
        row = {"capacity": capacity, "serial": s, "parallel": p, "speedup": s / p}
        if best is None or row["speedup"] > best["speedup"]:
            best = row
    out[kata] = best
print(json.dumps(out))
"""


def speedups() -> dict[str, Any]:
    results = {}
    for method in available_start_methods():
        proc = subprocess.run(
            [sys.executable, "-c", SPEEDUP_PROBE, method], cwd=REPO, capture_output=True, text=True,
            timeout=600, check=True,
        )
        results[method] = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"  speedups {method}: {results[method]}", flush=True)
    return results


def _minmedmax(values: list[float]) -> str:
    return f"{min(values):.1f} / {statistics.median(values):.1f} / {max(values):.1f} s"


def render(data: dict[str, Any]) -> str:
    lines = [
        "# Reliability of the graders",
        "",
        f"Measured {data['date']} with `python bench/reliability.py --runs {data['runs']}` on "
        f"{data['machine']}, Python {data['python']}, start methods {', '.join(data['methods'])}.",
        "Numbers are what this machine gave at that time; rerun the command to refresh them.",
        "",
        "## 1. `pytest katas --solutions`, repeated",
        "",
        "| machine | runs | runs with a failure | tests failed | tests skipped (speed checks) | orphans | wall time min / median / max |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for block in data["solution_runs"]:
        rows = block["rows"]
        label = "one core kept busy by a CPU hog" if block["hog"] else "idle"
        lines.append(
            f"| {label} | {len(rows)} | {sum(r['exit'] != 0 for r in rows)} | {sum(r['failed'] for r in rows)} "
            f"| {sum(r['skipped'] for r in rows)} | {sum(r['orphans'] for r in rows)} | {_minmedmax([r['seconds'] for r in rows])} |"
        )
        failures = sorted({f for r in rows for f in r["failures"]})
        if failures:
            lines.append(f"|  | failing tests: {', '.join(failures)} | | | | | |")
    lines += _render_capacity(data["solution_runs"])
    c = data["corpus"]
    lines += [
        "",
        "## 2. The submission corpus (`tests/submissions`)",
        "",
        f"- wrong submissions rejected by the intended test, for the intended reason: "
        f"**{c['wrong_rejected_as_intended']} of {c['wrong']}**",
        f"- correct submissions in other styles passing every test: **{c['good_passing']} of {c['good']}**",
        f"- not as intended: {', '.join(c['not_as_intended']) or 'none'}",
        "",
        f"## 3. A hanging submission per kata (`bench/hanging`, limit {HANG_LIMIT} s per test)",
        "",
        "| kata | start method | failed by timeout | seconds until pytest reported it (incl. start-up) | orphans left |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in data["hangs"]:
        lines.append(f"| {r['kata']} | {r['method']} | {r['failed_by_timeout']} of {r['tests']} | {r['seconds']:.1f} | {r['orphans']} |")
    lines += [
        "",
        "## 4. `pytest katas/qN --solutions --start-method M`, wall time",
        "",
        "| kata | " + " | ".join(data["methods"]) + " |",
        "| --- |" + " --- |" * len(data["methods"]),
    ]
    for kata in KATAS:
        cells = [
            f"{r['seconds']:.1f} s ({r['passed']} passed, {r['skipped']} skipped, {r['failed']} failed)"
            for r in data["per_kata"] if r["kata"] == kata
        ]
        lines.append(f"| {kata} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## 5. Reference speedups with 2 processes (best of 3)",
        "",
        "| start method | q1 prime count | q4 CPU-bound map | machine capacity (2 reference processes) |",
        "| --- | --- | --- | --- |",
    ]
    for method, result in data["speedups"].items():
        q1, q4 = result["q1"], result["q4"]
        lines.append(
            f"| {method} | {q1['speedup']:.2f}x ({q1['serial']:.2f} s → {q1['parallel']:.2f} s) "
            f"| {q4['speedup']:.2f}x ({q4['serial']:.2f} s → {q4['parallel']:.2f} s) | {q1['capacity']:.2f}x |"
        )
    if "mutants" in data:
        lines += _render_mutants(data["mutants"])
        lines += [f"- equivalent (not run): {kata} {operator}: {why}" for (kata, operator), why in EQUIVALENT.items()]
    if "sequential" in data:
        q = data["sequential"]
        total = q["runs"] * len(q["methods"])
        lines += [
            "",
            "## 7. Children run one after another, with a CPU hog on one core",
            "",
            f"`{q['submission']}` graded {q['runs']} times under {', '.join(q['methods'])} ({total} tests) "
            f"while one core was kept busy: rejected by the concurrency check **{q['rejected_by_concurrency']} of "
            f"{total}**; failed for another reason {q['failed_otherwise']}; passed {q['passed']}; "
            f"skipped {q['skipped']} ({q['seconds']:.0f} s in all).",
        ]
    if data.get("notes"):
        lines += ["", "## 8. Measured by hand", ""]
        lines += [f"- {note}" for note in data["notes"]]
    if "cohort" in data:
        lines += _render_cohort(data["cohort"])
    lines += [
        "",
        f"The speed checks require 1 + {speed.SHARE_OF_CAPACITY} × (capacity − 1), capped at "
        f"{speed.MAX_REQUIRED_SPEEDUP}×, on about {speed.SERIAL_SECONDS} s of serial work, and skip when",
        f"two reference processes are less than {speed.MIN_CAPACITY}× faster than one before or after a try (or, for a try that would fail, over as long as its parallel run), or when",
        f"other tasks waited for a core more than {speed.MAX_STALL_SHARE:.0%} of a timed run (/proc/pressure/cpu).",
        "",
    ]
    return "\n".join(lines)


#: Two reference processes at least this much faster than one, read over 1 s just
#: before and just after a run: the machine ran at about full speed.
FULL_SPEED = 1.8


def _render_capacity(blocks: list[dict[str, Any]]) -> list[str]:
    idle = [r for block in blocks if not block["hog"] for r in block["rows"] if "capacity" in r]
    if not idle:
        return []
    each = ", ".join(f"{r['seconds']:.1f} s ({r['capacity'][0]:.2f}x, {r['capacity'][1]:.2f}x)" for r in idle)
    fast = [r["seconds"] for r in idle if min(r["capacity"]) >= FULL_SPEED]
    lines = [
        "",
        "Each idle run, with the machine's capacity (two reference processes against one, "
        f"over 1 s) just before and after it: {each}.",
    ]
    if fast:
        lines.append(
            f"Runs with {FULL_SPEED}x or more on both sides: {len(fast)} of {len(idle)}, "
            f"wall time min / median / max {_minmedmax(fast)}."
        )
    return lines


def _render_cohort(block: dict[str, Any]) -> list[str]:
    """Section 9, measured by hand once (the ``cohort`` entry of RELIABILITY.json): how
    much ``--jobs`` and ``--scheduler`` save on the fixture cohort."""
    engines = block["engines"]
    lines = [
        "",
        "## 9. Grading a cohort: `--jobs` and `--scheduler` (measured by hand)",
        "",
        f"`{block['command']}`, wall time in seconds. {block['conditions']}",
        "",
        "| start method | " + " | ".join(f"`{engine}`" for engine in engines) + " |",
        "| --- | " + "--- | " * len(engines),
    ]
    for method in block["methods"]:
        rows = {row["engine"]: row for row in block["rows"] if row["method"] == method}
        cells = [f"{rows[engine]['seconds']:.1f} (load {rows[engine]['load_before']:.1f})" for engine in engines]
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    lines += ["", block["finding"]]
    return [line.rstrip() for line in lines]


def _render_mutants(block: dict[str, Any]) -> list[str]:
    rows = block["rows"]
    operators = sorted({r["operator"] for r in rows})
    lines = [
        "",
        "## 6. Mutants of the reference solutions (`tests/test_mutants.py`)",
        "",
        f"Killed / total under fork, forkserver and spawn together ({block['seconds']:.0f} s); "
        "a mutant counts as killed when under every start method a test fails with a message "
        "that names its flaw. \"–\": the operator does not apply to that solution.",
        "",
        "| kata | " + " | ".join(operators) + " |",
        "| --- |" + " --- |" * len(operators),
    ]
    for kata in KATAS:
        cells = []
        for operator in operators:
            found = [r for r in rows if r["kata"] == kata and r["operator"] == operator]
            cells.append(f"{sum(r['killed'] for r in found)}/{len(found)}" if found else "–")
        if any(c != "–" for c in cells):
            lines.append(f"| {kata} | " + " | ".join(cells) + " |")
    killed = sum(r["killed"] for r in rows)
    lines += ["", f"In all: **{killed} of {len(rows)}** mutants killed."]
    for r in rows:
        if not r["killed"]:
            lines.append(f"- survived: {r['kata']} {r['operator']}: {r['note']}")
    return lines


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({model}), {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="runs of pytest katas --solutions per condition")
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "RELIABILITY.md")
    parser.add_argument("--only", default="1,2,3,4,5,6,7", help="sections to measure again, e.g. 6,7")
    parser.add_argument(
        "--render", action="store_true",
        help="measure nothing: write the page again from docs/RELIABILITY.json (after editing its notes)",
    )
    args = parser.parse_args()
    if args.render:
        args.output.write_text(render(json.loads(args.output.with_suffix(".json").read_text())))
        print(f"wrote {args.output}")
        return
    sections = {int(part) for part in args.only.split(",") if part.strip()}
    started = time.monotonic()
    data: dict[str, Any] = {}
    previous = args.output.with_suffix(".json")
    if sections != set(range(1, 8)) and previous.exists():
        data = json.loads(previous.read_text())
    elif previous.exists():
        # Measured by hand, not by this script: a full run keeps it.
        data = {key: value for key, value in json.loads(previous.read_text()).items() if key == "cohort"}
    data.update({
        "date": datetime.date.today().isoformat(),
        "runs": args.runs,
        "machine": machine(),
        "python": platform.python_version(),
        "methods": available_start_methods(),
    })
    if 5 in sections:
        print("5. reference speedups", flush=True)
        data["speedups"] = speedups()
    if 4 in sections:
        print("4. per-kata wall times", flush=True)
        data["per_kata"] = per_kata_times()
    if 3 in sections:
        print("3. hanging submissions", flush=True)
        data["hangs"] = hangs()
    if 2 in sections:
        print("2. corpus", flush=True)
        data["corpus"] = corpus()
    if 6 in sections:
        print("6. mutants", flush=True)
        data["mutants"] = mutants()
    if 7 in sections:
        print("7. children one after another, under a CPU hog", flush=True)
        data["sequential"] = sequential_under_hog(args.runs)
    if 1 in sections:
        print("1. repeated solution runs", flush=True)
        data["solution_runs"] = [repeated_solution_runs(args.runs, hog=False), repeated_solution_runs(args.runs, hog=True)]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(data))
    (args.output.with_suffix(".json")).write_text(json.dumps(data, indent=2, default=str))
    print(f"wrote {args.output} in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
