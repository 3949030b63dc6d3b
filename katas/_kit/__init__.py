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
"""
