"""FOUNDATIONS #2: forkserver children are the server's children, not ours.

Under each start method, starts one sleeping ``Process`` and a ``Pool(2)``, then asks
four views which of their pids they see: psutil's direct children of this process,
its whole tree (recursive), the forkserver's children, and
``multiprocessing.active_children()``.

    python bench/facts/f02_forkserver_parentage.py
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import time
from typing import Any

import psutil


def nap(seconds: float) -> None:
    time.sleep(seconds)


def parent_of_a_grandchild() -> None:
    grandchild = multiprocessing.get_context("fork").Process(target=nap, args=(30,))
    grandchild.start()
    grandchild.join()


def grandchild_views() -> str:
    """A child that starts its own child: who sees the grandchild?"""
    child = multiprocessing.get_context("fork").Process(target=parent_of_a_grandchild)
    child.start()
    assert child.pid is not None
    try:
        deadline = time.monotonic() + 5
        grandchildren: list[psutil.Process] = []
        while not grandchildren and time.monotonic() < deadline:
            grandchildren = psutil.Process(child.pid).children()
            time.sleep(0.01)
        pid = grandchildren[0].pid
        tree = {p.pid for p in psutil.Process().children(recursive=True)}
        active = {p.pid for p in multiprocessing.active_children()}
        return (
            f"fork grandchild: children(recursive=True) sees it: {pid in tree}, "
            f"active_children() sees it: {pid in active}"
        )
    finally:
        for proc in psutil.Process(child.pid).children(recursive=True):
            proc.kill()
        child.terminate()
        child.join()


def views(method: str) -> str:
    context: Any = multiprocessing.get_context(method)  # a str picks no typed overload
    child = context.Process(target=nap, args=(30,))
    child.start()
    pool = context.Pool(2)
    try:
        pool.map(nap, [0, 0])  # the workers are up
        workers = {p.pid for p in pool._pool}
        assert child.pid is not None
        ours = {child.pid} | workers
        direct = {p.pid for p in psutil.Process().children()}
        tree = {p.pid for p in psutil.Process().children(recursive=True)}
        active = {p.pid for p in multiprocessing.active_children()}
        server_pid = getattr(multiprocessing.forkserver._forkserver, "_forkserver_pid", None)
        server = {p.pid for p in psutil.Process(server_pid).children()} if server_pid else set()
        parents = {psutil.Process(pid).ppid() for pid in ours}
        who = "this process" if parents == {os.getpid()} else (
            "the forkserver" if parents == {server_pid} else str(parents)
        )
        return (
            f"{method}: of 3 (1 Process + 2 Pool workers) psutil children() sees "
            f"{len(ours & direct)}, children(recursive=True) {len(ours & tree)}, "
            f"active_children() {len(ours & active)}, "
            f"forkserver's children {len(ours & server)}; parent: {who}"
        )
    finally:
        pool.terminate()
        pool.join()
        child.terminate()
        child.join()


def main() -> None:
    for method in ("fork", "forkserver", "spawn"):
        print(views(method))
    print(grandchild_views())


if __name__ == "__main__":
    main()
