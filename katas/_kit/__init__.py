"""The grading kit shared by every grader.

Its modules are imported one by one: ``workloads`` and ``tagged_output`` also run in
spawn and forkserver children, so this package must not import pytest or psutil.

- ``plugin``: the pytest plugin (options, start-method parametrisation, leak guard,
  "not attempted" reports, per-test timeouts).
- ``grading``: what a grader calls (kata module fixture, captured output, checks).
- ``workloads``: picklable functions that test code runs in children.
- ``tagged_output``: stdout that tags every write with the writer's pid.
- ``processes``: finding and cleaning up child processes.
- ``sources``: where kata modules come from (``katas/``, ``solutions/``, ``--submission``).
- ``speed``: calibrated speed checks and the parent's-CPU-time check.
- ``runner``: runs graders in a pytest subprocess and reads back each test's outcome
  (used by the ``mpkatas`` command line, the meta-tests and the benchmark).
- ``catalog``: the six katas, listed once; hints are read from each kata's README.
- ``cli``: the ``mpkatas`` command line (``python -m katas``).
- ``stubs/``: pristine copies of the learners' stubs, for ``mpkatas reset``.
"""
