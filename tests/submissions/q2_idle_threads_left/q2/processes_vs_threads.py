"""Wrong: run_in_threads hand-rolls a thread pool whose daemon workers wait for more
work for ever: the results are right, the threads never end."""
import queue
import threading
import enum
import multiprocessing
import os
from concurrent.futures import ThreadPoolExecutor


class Workload(enum.Enum):
    CPU_BOUND_PURE_PYTHON = 1
    WAITING_ON_NETWORK = 2
    SHARED_IN_MEMORY_STATE = 3
    MUST_BE_KILLABLE = 4
    RESPONSIVE_GUI = 5
    CRASH_ISOLATION = 6
    MANY_SHORT_TASKS = 7


ANSWERS = {"CPU_BOUND_PURE_PYTHON": "process", "WAITING_ON_NETWORK": "thread",
           "SHARED_IN_MEMORY_STATE": "thread", "MUST_BE_KILLABLE": "process",
           "RESPONSIVE_GUI": "thread", "CRASH_ISOLATION": "process", "MANY_SHORT_TASKS": "thread"}


def better_choice(workload):
    return ANSWERS[workload.name]


def _check(workers):
    if isinstance(workers, bool) or not isinstance(workers, int):
        raise TypeError("workers must be an int")
    if workers < 1:
        raise ValueError("workers must be at least 1")



def run_in_threads(func, items, workers):
    _check(workers)
    items = list(items)
    tasks, results = queue.Queue(), {}
    done = threading.Semaphore(0)

    def work():
        while True:
            index, item = tasks.get()
            results[index] = func(item)
            done.release()

    for _ in range(workers):
        threading.Thread(target=work, daemon=True).start()
    for index, item in enumerate(items):
        tasks.put((index, item))
    for _ in items:
        done.acquire()
    return [results[index] for index in range(len(items))]
