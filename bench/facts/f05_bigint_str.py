"""FOUNDATIONS #5: huge ints compute, pickle and compare fine, but str() refuses them.

Prints what ``str(6 ** 6 ** 6)`` does here, which pickle protocols carry the int, how
much CPU time the towers of 6 and 7 take, and the size of ``9 ** 9 ** 9`` (computed from its
exponent, not by computing it; its time is extrapolated from smaller powers of 9).
With ``--versions``, also asks every other Python under ~/.pyenv/versions.

    python bench/facts/f05_bigint_str.py [--versions]
"""

from __future__ import annotations

import math
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

PROBE = (
    "import sys\n"
    "try:\n"
    "    str(6 ** 6 ** 6); print('str ok')\n"
    "except ValueError as e:\n"
    "    print('ValueError')\n"
)


def timed_power(base: int, exponent: int) -> tuple[int, float]:
    """The power and the CPU seconds it took (CPU time: other load does not count)."""
    started = time.process_time()
    value = base**exponent
    return value, time.process_time() - started


def other_pythons() -> str:
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    results = []
    for python in sorted(root.glob("*/bin/python3")):
        version = python.parent.parent.name
        if not version[:1].isdigit() or version.startswith("2"):
            continue
        try:
            done = subprocess.run(
                [str(python), "-c", PROBE], capture_output=True, text=True, timeout=10, check=False
            )
            results.append(f"{version} {done.stdout.strip() or done.stderr.strip()[-60:]}")
        except (OSError, subprocess.TimeoutExpired) as error:
            results.append(f"{version} {type(error).__name__}")
    return "; ".join(results) or "no other Python found"


def main() -> None:
    tower6, t6 = timed_power(6, 6**6)
    try:
        str(tower6)
        shown = "str() works"
    except ValueError as error:
        shown = f"ValueError ({str(error)[:60]}...)"
    limit = getattr(sys, "get_int_max_str_digits", lambda: None)()
    digits = math.floor(tower6.bit_length() * math.log10(2)) + 1
    protocols = []
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        try:
            ok = pickle.loads(pickle.dumps(tower6, protocol)) == tower6
            protocols.append(f"{protocol}:{'ok' if ok else 'WRONG'}")
        except ValueError:
            protocols.append(f"{protocol}:ValueError")
    _, t7 = timed_power(7, 7**7)
    comparisons = tower6 == 6 ** (6**6) and tower6 % 1_000_003 == pow(6, 6**6, 1_000_003)
    print(
        f"Python {sys.version.split()[0]}: str(6**6**6) ({digits} digits, limit {limit}) -> {shown}; "
        f"pickle protocols {' '.join(protocols)}; == and residues {'ok' if comparisons else 'WRONG'}; "
        f"CPU time: 6**6**6 {t6 * 1000:.2f} ms, 7**7**7 {t7 * 1000:.0f} ms"
    )
    # 9 ** 9 ** 9: bit length from the exponent; time extrapolated from 9 ** 9 ** k.
    bits = math.floor(9**9 * math.log2(9)) + 1
    _, t6 = timed_power(9, 9**6)
    _, t7 = timed_power(9, 9**7)
    growth = math.log(t7 / t6) / math.log(9)  # time ~ size ** growth
    estimate = t7 * (9**2) ** growth
    print(
        f"9**9**9 has {bits:,} bits ({bits / 8 / 2**20:.0f} MiB); CPU time of 9**9**6 {t6:.3f} s, 9**9**7 "
        f"{t7:.2f} s, so time grows as size^{growth:.2f}: about {estimate / 60:.0f} min extrapolated"
    )
    if "--versions" in sys.argv[1:]:
        print("other Pythons: " + other_pythons())


if __name__ == "__main__":
    main()
