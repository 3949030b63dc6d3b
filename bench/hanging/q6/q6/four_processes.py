"""Hangs: joins children that never exit."""
import multiprocessing
import time


def _forever(n):
    time.sleep(3600)


def print_numbers(numbers):
    children = [multiprocessing.Process(target=_forever, args=(n,)) for n in numbers]
    for child in children:
        child.start()
    for child in children:
        child.join()
    return [child.pid for child in children]


def power_tower(n):
    return n ** n ** n


def towers(values, processes=4, timeout=None):
    pool = multiprocessing.Pool(processes)
    return pool.map_async(power_tower, list(values)).get()


def seed_program():
    return towers([9])
