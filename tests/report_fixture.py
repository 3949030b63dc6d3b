"""A made-up cohort's grading report, for tests of what reads reports (the HTML page).

Eight learners, twelve katas (the catalog's), three start methods, and every case a
reader must show: each status, a kata failing under one start method only, speed
checks skipped, a learner the graders could not run on, a kata not graded with its
reason, missing modules, a long failure message, and a learner whose name and failure
messages are markup (``<script>alert(1)</script>``). Built by code rather than kept as
a JSON file so the counts and verdicts agree by construction; ``python -m
tests.report_fixture`` prints it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from katas._kit import catalog

METHODS = ("fork", "forkserver", "spawn")
DIRECTORY = "/home/mentor/cohort"
HOSTILE = "<script>alert(1)</script>"
HOSTILE_MESSAGE = "assert '</script><img src=x onerror=alert(2)>' == 'Tom & Jerry <!-- <script>'"
SPEED_SKIP = (
    "speed check skipped: two processes were only 1.2x faster than one on this machine "
    "at that moment (at least 1.6x is needed to measure a speed-up)"
)
# What a mentor reads first can be long: an assertion that prints a whole list.
LONG_MESSAGE = (
    "AssertionError: square_all returned the squares in the wrong order: "
    + ", ".join(str(n * n) for n in range(400, 0, -1))
    + "\n"
    + "\n".join(f"  at index {i}: expected {i * i}, got {(400 - i) ** 2}" for i in range(11))
)
LONG_DETAILS = (LONG_MESSAGE + "\n\nTraceback (most recent call last):\n" + "".join(
    f'  File "/home/mentor/cohort/chloe/q5/worker_pool.py", line {n}, in square_all\n'
    f"    return sorted(pool.map(square, numbers), reverse=True)  # frame {n}\n"
    for n in range(60)
))[:8000]

Failure = tuple[str, str]  # (test function, message)


def tests_of(kata: catalog.Kata) -> list[str]:
    """Test functions a grader of this kata might have (without the start method)."""
    first = kata.functions[0]
    return [*(f"test_{f}_returns_the_right_result" for f in kata.functions),
            f"test_{first}_runs_in_other_processes", "test_nothing_is_left_running"]


def written_by(function: str) -> set[str]:
    """The tests that fail as "not attempted" while ``function`` is a stub."""
    return {f"test_{function}_returns_the_right_result", f"test_{function}_runs_in_other_processes"}


def outcome_document(test: str, method: str, message: str) -> dict[str, str]:
    details = LONG_DETAILS if message == LONG_MESSAGE else f"{message}\n\nTraceback (most recent call last):\n  ..."
    return {"test": f"{test}[{method}]", "message": message, "details": details}


def method_document(
    kata: catalog.Kata,
    method: str,
    *,
    failures: Sequence[Failure] = (),
    not_attempted: Sequence[str] = (),
    skips: Sequence[str] = (),
    reported: int | None = None,
) -> dict[str, Any]:
    """One start method: the tests not failed, not attempted or skipped passed."""
    tests = tests_of(kata)
    total = len(tests) if reported is None else reported
    not_attempted_tests = sum(1 for test in tests if any(test in written_by(f) for f in not_attempted))
    passed = total - len(failures) - not_attempted_tests - len(skips)
    assert passed >= 0, (kata.id, method)
    return {
        "start_method": method,
        "passed": passed,
        "failed": len(failures),
        "not_attempted": not_attempted_tests,
        "skipped": len(skips),
        "not_attempted_functions": list(not_attempted),
        "failures": [outcome_document(test, method, message) for test, message in failures],
        "skips": [outcome_document(test, method, SPEED_SKIP) for test in skips],
    }


def kata_document(
    kata: catalog.Kata,
    methods: Sequence[dict[str, Any]],
    *,
    module_found: bool = True,
    not_graded: str | None = None,
) -> dict[str, Any]:
    """A kata whose status and verdict follow from its start methods, as the CLI's do."""
    totals = {key: sum(m[key] for m in methods) for key in ("passed", "failed", "not_attempted", "skipped")}
    bad = totals["failed"] + totals["not_attempted"]
    if not_graded is not None:
        status, verdict = "not_graded", f"not graded ({not_graded})"
    elif bad == 0:
        status, verdict = "passing", "passing, speed not measured" if totals["skipped"] else "passing"
    elif totals["failed"] == 0 and totals["passed"] == 0:
        status, verdict = "not_attempted", "not attempted"
    else:
        status, verdict = "failing", f"failing {bad} of {sum(totals.values())}"
    return {
        "kata": kata.id,
        "question": kata.question,
        "module": kata.module_file,
        "module_found": module_found,
        "status": status,
        "verdict": verdict,
        "totals": totals,
        "start_methods": list(methods),
    }


def passing(kata: catalog.Kata, *, speed_skipped_under: Sequence[str] = ()) -> dict[str, Any]:
    speed_test = f"test_{kata.functions[0]}_runs_in_other_processes"
    return kata_document(kata, [
        method_document(kata, m, skips=[speed_test] if m in speed_skipped_under else []) for m in METHODS
    ])


def failing(kata: catalog.Kata, failures: Mapping[str, Sequence[Failure]], not_attempted: Sequence[str] = ()) -> dict[str, Any]:
    return kata_document(kata, [
        method_document(kata, m, failures=failures.get(m, ()), not_attempted=not_attempted) for m in METHODS
    ])


def not_attempted(kata: catalog.Kata, *, module_found: bool = True) -> dict[str, Any]:
    """Every test fails as "not attempted"; the functions are named only when the stub is there."""
    methods = [method_document(kata, m) for m in METHODS]
    for method in methods:
        method["not_attempted"], method["passed"] = method["passed"], 0
        method["not_attempted_functions"] = list(kata.functions) if module_found else []
    return kata_document(kata, methods, module_found=module_found)


def not_graded(kata: catalog.Kata, reason: str, *, reported: Mapping[str, int]) -> dict[str, Any]:
    methods = [method_document(kata, m, reported=reported.get(m, 0)) for m in METHODS]
    return kata_document(kata, methods, not_graded=reason)


def learner_document(name: str, katas: Mapping[str, dict[str, Any]], error: str | None = None) -> dict[str, Any]:
    """A learner, with every kata of the catalog (those not given are not attempted)."""
    documents = [katas.get(k.id) or not_attempted(k) for k in catalog.KATAS]
    statuses = [kata["status"] for kata in documents]
    return {
        "name": name,
        "path": f"{DIRECTORY}/{name}",
        "error": error,
        "summary": {s: statuses.count(s) for s in ("passing", "failing", "not_attempted", "not_graded")},
        "katas": documents,
    }


def cohort_report() -> dict[str, Any]:
    """The cohort, learners in the order ``mpkatas grade`` lists folders (sorted names)."""
    k = catalog.BY_ID
    every = {kata.id: passing(kata) for kata in catalog.KATAS}
    learners = [
        learner_document("ada", {**every, "q1": passing(k["q1"], speed_skipped_under=["fork", "spawn"])}),
        learner_document("ben", {
            **{f"q{n}": every[f"q{n}"] for n in range(1, 7)},
            "q7": failing(k["q7"], {"spawn": [(
                "test_preprocess_all_returns_the_right_result",
                "AttributeError: Can't pickle local object 'preprocess_all.<locals>.load'",
            )]}),
        }),
        learner_document("chloé", {
            **{f"q{n}": every[f"q{n}"] for n in range(1, 5)},
            "q5": failing(k["q5"], {m: [("test_square_all_returns_the_right_result", LONG_MESSAGE)] for m in METHODS}),
            "q6": failing(k["q6"], {"fork": [(
                "test_print_numbers_returns_the_right_result",
                "the line '3' was printed by the parent (pid 4242), not by the child that computed it",
            )]}, not_attempted=["towers", "seed_program"]),
            **{f"q{n}": not_attempted(k[f"q{n}"], module_found=False) for n in range(7, 13)},
        }),
        learner_document(
            "dmitri",
            {kata.id: not_graded(kata, "no tests reported", reported={}) for kata in catalog.KATAS},
            error="ERROR: usage: pytest [options] | pytest: error: unrecognized arguments: --submission",
        ),
        learner_document("emeka", {
            **{f"q{n}": every[f"q{n}"] for n in range(1, 9)},
            "q9": not_graded(
                k["q9"],
                "the run ended early at test_map_with_queues_returns_the_right_result[spawn]: "
                "stuck in C code, ended by the watchdog",
                reported={"fork": 4, "forkserver": 4},
            ),
            "q10": failing(k["q10"], {m: [(
                "test_locked_total_returns_the_right_result",
                "assert 9713 == 10000: increments were lost; is the counter updated under its lock?",
            )] for m in ("fork", "forkserver")}),
            "q11": every["q11"],
            "q12": every["q12"],
        }),
        learner_document("fatima", {"q3": every["q3"]}),
        learner_document("gus", {
            "q1": passing(k["q1"], speed_skipped_under=["forkserver"]),
            "q2": failing(k["q2"], {"fork": [(
                "test_run_in_processes_runs_in_other_processes",
                "run_in_processes ran the calls in threads of the parent (pid 5120), not in child processes",
            )]}),
            "q3": every["q3"],
            "q4": failing(k["q4"], {m: [(
                "test_apply_with_timeout_returns_the_right_result",
                "apply_with_timeout did not raise multiprocessing.TimeoutError after 0.5 s",
            )] for m in METHODS}),
            "q5": every["q5"],
            "q6": not_graded(k["q6"], "the graders reported 4 of 6 tests", reported={"fork": 4}),
        }),
        learner_document(HOSTILE, {
            "q1": failing(k["q1"], {"fork": [("test_count_primes_parallel_returns_the_right_result", HOSTILE_MESSAGE)]}),
            "q2": every["q2"],
        }),
    ]
    learners.sort(key=lambda learner: learner["name"])
    return {
        "format": "mpkatas-report",
        "version": 1,
        "generated_at": "2025-11-25T10:18:58+00:00",
        "directory": DIRECTORY,
        "start_methods": list(METHODS),
        "learners": learners,
    }


if __name__ == "__main__":
    print(json.dumps(cohort_report(), indent=2, ensure_ascii=False))
