"""The grading kit shared by every grader.

Its modules are imported one by one: ``workloads``, ``tagged_output``, ``traced`` and
``tasks`` also run in spawn and forkserver children, so this package must not import
pytest or psutil.

Grading (imported by the graders and the pytest plugin):
- ``plugin``: the pytest plugin (options, start-method parametrisation, leak guard,
  "not attempted" reports, per-test timeouts).
- ``grading``: what a grader calls (kata module fixture, captured output, checks).
- ``attribution``: where the work ran, proved by pids and CPU seconds per process.
- ``speed``: calibrated speed checks that skip, with the figure, on a busy machine.
- ``processes``: recording, finding and cleaning up child processes.
- ``sources``: where kata modules come from (``katas/``, ``solutions/``, ``--submission``).
- ``watchdog``: a process outside the grading one, for what a timeout cannot stop.

Run in children:
- ``workloads``, ``tasks/``: picklable functions that graders hand to learners' code.
- ``tagged_output``: stdout that tags every write with the writer's pid.
- ``traced``: values and functions that remember which process worked on them.

Around the graders:
- ``catalog``: the twelve katas, listed once; hints are read from each kata's README.
- ``runner``: runs graders in a pytest subprocess and reads back each test's outcome
  (used by the ``mpkatas`` command line, the meta-tests and the benchmark).
- ``cli/``: the ``mpkatas`` command line (``python -m katas``), one module per concern.
- ``cohort``, ``html_report``, ``classroom``: grading many learners, the mentors' HTML
  report, and the GitHub Classroom workflow.
- ``stubs/``: pristine copies of the learners' stubs, for ``mpkatas reset``.
"""
