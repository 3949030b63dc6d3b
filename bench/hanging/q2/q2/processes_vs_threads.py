"""Hangs: every worker process waits for an event nobody sets."""
import enum
import multiprocessing
from concurrent.futures import ThreadPoolExecutor


class Workload(enum.Enum):
    CPU_BOUND_PURE_PYTHON = 1
    WAITING_ON_NETWORK = 2
    SHARED_IN_MEMORY_STATE = 3
    MUST_BE_KILLABLE = 4
    RESPONSIVE_GUI = 5
    CRASH_ISOLATION = 6
    MANY_SHORT_TASKS = 7


def better_choice(workload):
    return "process"


def run_in_threads(func, items, workers):
    with ThreadPoolExecutor(workers) as executor:
        return list(executor.map(func, items))


def _forever(_):
    multiprocessing.Event().wait()


def run_in_processes(func, items, workers):
    pool = multiprocessing.Pool(workers)
    pool.map(_forever, list(items))
