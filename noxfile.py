"""The version matrix: the whole test suite on every supported Python.

    nox                    # every version in PYTHONS (each must be installed)
    nox -s tests-3.14      # one version
    nox -s tests-3.14t     # the free-threaded build of 3.14 (python3.14t on PATH)

Interpreters come from pyenv, uv or python.org; with pyenv, make the versions visible
first, for example ``PYENV_VERSION=3.15.0:3.14.2:3.13.0:3.12.1:3.11.7:3.10.13 nox``
(3.14t: ``pyenv install 3.14t``, or ``uv python install 3.14t``). 3.10 is past its end
of life (October 2026) and stays in the matrix while supporting it costs nothing.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = True

PYTHONS = ["3.10", "3.11", "3.12", "3.13", "3.14", "3.15"]
#: The free-threaded build (PEP 703, supported from 3.14): threads run Python in
#: parallel there, which every grader and answer must allow for.
FREE_THREADED = ["3.14t"]


@nox.session(python=PYTHONS + FREE_THREADED)
def tests(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=PYTHONS[-1])
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("python", "-m", "mypy")
