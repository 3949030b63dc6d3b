"""The version matrix: the whole test suite on every supported Python.

    nox                    # every version nox can find on PATH
    nox -s tests-3.12      # one version

With pyenv, make the versions visible first, for example
``PYENV_VERSION=3.13.0:3.12.1:3.11.7:3.10.13 nox``.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = True

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=PYTHONS[-1])
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("python", "-m", "mypy")
