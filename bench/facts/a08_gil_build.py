"""Which build is this, and what ``PYTHON_GIL`` and ``-X gil`` do on the default build.

Claims in solutions/q1/ANSWER.md, solutions/q2/ANSWER.md, katas/q1/README.md and
katas/q2/README.md: every interpreter on this machine is a default (GIL) build;
``sys._is_gil_enabled()`` exists from 3.13 and says ``True`` here;
``sysconfig.get_config_var("Py_GIL_DISABLED")`` is 0 (``None`` before 3.13). The
switches that control the GIL of a free-threaded build (``PYTHON_GIL=0/1``,
``-X gil=0/1``) cannot turn the GIL off on a default build: ``PYTHON_GIL=0`` and
``-X gil=0`` stop the interpreter at start-up from 3.13, while older versions ignore
them. No free-threaded build can be run here, so what they do on one comes from the
documentation, not from this probe.

    python bench/facts/a08_gil_build.py

Measured 2026-12-08, 2-core Linux VM:
    3.10.13, 3.11.7, 3.12.1: Py_GIL_DISABLED = None, sys._is_gil_enabled() = absent;
      PYTHON_GIL=0/1 and -X gil=0/1: ran (ignored)
    3.13.0, 3.14.10, 3.15.2: Py_GIL_DISABLED = 0, sys._is_gil_enabled() = True;
      PYTHON_GIL=0 and -X gil=0: exit status 1: 'Fatal Python error: config_read_gil:
        Disabling the GIL is not supported by this build'
      PYTHON_GIL=1 and -X gil=1: ran, printed True
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig

CODE = "import sys; print(getattr(sys, '_is_gil_enabled', lambda: 'no _is_gil_enabled')())"


def start(env: dict[str, str], *flags: str) -> str:
    done = subprocess.run(
        [sys.executable, *flags, "-c", CODE], env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if done.returncode == 0:
        return f"ran, printed {done.stdout.strip()}"
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    first = done.stderr.strip().splitlines()[0] if done.stderr.strip() else ""
    return f"exit status {done.returncode}: {first[:90]!r}{' ... ' + last[:60] if last != first else ''}"


def main() -> None:
    enabled = getattr(sys, "_is_gil_enabled", None)
    print(
        f"Python {sys.version.split()[0]}: Py_GIL_DISABLED = {sysconfig.get_config_var('Py_GIL_DISABLED')}, "
        f"sys._is_gil_enabled() = {enabled() if enabled is not None else 'absent'}"
    )
    for label, env, flags in (
        ("PYTHON_GIL=0", {"PYTHON_GIL": "0"}, ()),
        ("PYTHON_GIL=1", {"PYTHON_GIL": "1"}, ()),
        ("-X gil=0", {}, ("-X", "gil=0")),
        ("-X gil=1", {}, ("-X", "gil=1")),
    ):
        print(f"  {label}: {start(env, *flags)}")


if __name__ == "__main__":
    main()
