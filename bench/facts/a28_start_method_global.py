"""``set_start_method()`` is global and one-shot; ``get_context()`` is not.

Claim in solutions/q5/ANSWER.md ("Do not set the start method in library code") and
katas/q5/README.md ("Going further"): a second ``set_start_method()`` without
``force=True`` raises ``RuntimeError``; ``force=True`` replaces the choice for the
whole program; ``get_context(method)`` gives a context for one pool and leaves the
global choice alone.

    python bench/facts/a28_start_method_global.py

Measured 2026-12-08 (2-core Linux VM), the same line on 3.10.13, 3.11.7, 3.12.1,
3.13.0, 3.14.10 and 3.15.2:
    before any call None; second set_start_method: RuntimeError: context has already
    been set; after force=True: forkserver; get_context('fork') gives fork and leaves
    the global at forkserver
"""

from __future__ import annotations

import multiprocessing
import sys


def main() -> None:
    default = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn")
    try:
        multiprocessing.set_start_method("fork")
        second = "accepted"
    except RuntimeError as error:
        second = f"RuntimeError: {error}"
    multiprocessing.set_start_method("forkserver", force=True)
    forced = multiprocessing.get_start_method()
    ctx = multiprocessing.get_context("fork")
    print(
        f"Python {sys.version.split()[0]}: before any call {default}; second set_start_method: {second}; "
        f"after force=True: {forced}; get_context('fork') gives {ctx.get_start_method()} and leaves the "
        f"global at {multiprocessing.get_start_method()}"
    )


if __name__ == "__main__":
    main()
