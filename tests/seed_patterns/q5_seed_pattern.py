"""The pattern of the seed's Q5 sample answer, reduced to what makes it fail.

A ``Process`` subclass is passed as the pool's initializer, and a method of that class
is mapped as if it were a module-level function. Run as a program, it prints one
greeting for the object built in the parent, one per pool worker (each worker builds
a throwaway ``Worker`` object as its "initializer"), and then fails with NameError.
"""

from __future__ import annotations

import multiprocessing


class Worker(multiprocessing.Process):
    def __init__(self) -> None:
        print("Worker started", flush=True)
        super().__init__()

    def compute(self, data: int) -> int:
        return data * data


if __name__ == "__main__":
    worker = Worker()
    print(worker.compute(3), flush=True)
    pool = multiprocessing.Pool(processes=4, initializer=Worker)
    try:
        pool.map(compute, range(10))  # type: ignore[name-defined]  # noqa: F821 - the seed's bug
    finally:
        pool.close()
        pool.join()
