"""mpkatas: interview katas for Python's multiprocessing.

Kept empty on purpose: spawn and forkserver children import ``katas`` packages to
unpickle workloads, so nothing heavy may run at import time.
"""
