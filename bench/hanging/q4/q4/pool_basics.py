"""Hangs: get() without a timeout on a task that never finishes."""
import multiprocessing
import time


def _stuck(_):
    time.sleep(3600)


def pool_map(func, items, processes):
    pool = multiprocessing.Pool(processes)
    return pool.map(_stuck, list(items))


def pool_starmap(func, arg_tuples, processes):
    return pool_map(func, arg_tuples, processes)


def apply_with_timeout(func, arg, timeout):
    pool = multiprocessing.Pool(1)
    return pool.apply_async(_stuck, (arg,)).get()
