"""q10 in another style: a context, sentinels watched with connection.wait, and each
worker viewing only its own slice through an offset."""

from __future__ import annotations

import multiprocessing as mp
import multiprocessing.connection
import os
from multiprocessing import shared_memory

import numpy as np

FLOAT = np.dtype("float64")
PID = np.dtype("int64")


def _check(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name}: expected at least {minimum}, got {value}")


def _increment_locked(total, times):
    for _ in range(times):
        with total.get_lock():
            total.value = total.value + 1


def _increment_raw(total, times):
    for _ in range(times):
        total.value = total.value + 1


def _run(target, args, count):
    ctx = mp.get_context()
    procs = [ctx.Process(target=target, args=args, name=f"worker-{i}") for i in range(count)]
    try:
        for p in procs:
            p.start()
        pending = {p.sentinel: p for p in procs}
        while pending:
            for ready in multiprocessing.connection.wait(list(pending)):
                p = pending.pop(ready)
                p.join()
                if p.exitcode != 0:
                    raise RuntimeError(f"{p.name} (pid {p.pid}) ended with exit code {p.exitcode}")
    finally:
        for p in procs:
            if p.pid is not None and p.exitcode is None:
                p.terminate()
        for p in procs:
            if p.pid is not None:
                p.join()


def locked_total(processes=4, increments=10_000):
    _check("processes", processes, 1)
    _check("increments", increments, 0)
    total = mp.Value("q", 0)
    _run(_increment_locked, (total, increments), processes)
    return total.value


def unlocked_total(processes=4, increments=10_000):
    _check("processes", processes, 1)
    _check("increments", increments, 0)
    total = mp.RawValue("q", 0)
    _run(_increment_raw, (total, increments), processes)
    return total.value


def _square_part(data_name, pid_name, start, stop):
    data = shared_memory.SharedMemory(name=data_name)
    try:
        pids = shared_memory.SharedMemory(name=pid_name)
        try:
            part = np.ndarray((stop - start,), FLOAT, data.buf, offset=start * FLOAT.itemsize)
            np.multiply(part, part, out=part)
            who = np.ndarray((stop - start,), PID, pids.buf, offset=start * PID.itemsize)
            who.fill(os.getpid())
            del part, who
        finally:
            pids.close()
    finally:
        data.close()


def square_in_shared_memory(values, processes=2):
    _check("processes", processes, 1)
    values = [float(v) for v in values]
    n = len(values)
    if n == 0:
        return [], []
    blocks = []
    try:
        blocks.append(shared_memory.SharedMemory(create=True, size=n * FLOAT.itemsize))
        blocks.append(shared_memory.SharedMemory(create=True, size=n * PID.itemsize))
        data, pids = blocks
        np.ndarray((n,), FLOAT, data.buf)[:] = values
        workers = min(processes, n)
        size, extra = divmod(n, workers)
        bounds, start = [], 0
        for i in range(workers):
            stop = start + size + (1 if i < extra else 0)
            bounds.append((start, stop))
            start = stop
        ctx = mp.get_context()
        procs = [ctx.Process(target=_square_part, args=(data.name, pids.name, a, b)) for a, b in bounds]
        try:
            for p in procs:
                p.start()
        finally:
            for p in procs:
                if p.pid is not None:
                    p.join()
        for p in procs:
            if p.exitcode != 0:
                raise RuntimeError(f"worker {p.name} (pid {p.pid}) exited with code {p.exitcode}")
        return (
            np.ndarray((n,), FLOAT, data.buf).tolist(),
            np.ndarray((n,), PID, pids.buf).tolist(),
        )
    finally:
        for block in blocks:
            block.close()
            block.unlink()
