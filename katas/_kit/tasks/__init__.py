"""Grader-supplied picklable functions that belong to one kata (``tasks/qN.py``).

Shared ones live in ``katas._kit.workloads``. Like it, these modules are imported in
children: keep their imports light (standard library, or the library the kata needs).
"""
