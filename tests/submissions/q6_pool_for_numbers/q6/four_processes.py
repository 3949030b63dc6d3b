"""Wrong: the seed's approach, a pool map: a worker may print two numbers."""
import multiprocessing
import os


def _print_number(n):
    print(f"process {os.getpid()} prints {n}", flush=True)


def print_numbers(numbers):
    if len(set(numbers)) != len(numbers):
        raise ValueError("numbers must differ")
    children = [multiprocessing.Process(target=_print_number, args=(n,)) for n in numbers]
    for child in children:
        child.start()
    for child in children:
        child.join()
    return [child.pid for child in children]


def power_tower(n):
    if n < 0:
        raise ValueError("n must not be negative")
    return n ** n ** n


def _check(processes):
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError("processes must be an int")
    if processes < 1:
        raise ValueError("processes must be at least 1")


def towers(values, processes=4, timeout=None):
    _check(processes)
    pool = multiprocessing.Pool(processes)
    try:
        results = pool.map_async(power_tower, list(values)).get(timeout)
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()
    return results


def _sq(n):
    return n * n


def _cube(n):
    return n * n * n


def _double(n):
    return n + n


def seed_program():
    pool = multiprocessing.Pool(4)
    result = (pool.map(power_tower, [1, 2, 3, 4]), pool.map(_sq, [1, 2, 3, 4]),
              pool.map(_cube, [1, 2, 3, 4]), pool.map(_double, [3]))
    pool.close()
    pool.join()
    return result


def _print_and_report(n):
    _print_number(n)
    return os.getpid()


def print_numbers(numbers):
    if len(set(numbers)) != len(numbers):
        raise ValueError("numbers must differ")
    pool = multiprocessing.Pool(4)
    pids = pool.map(_print_and_report, numbers, chunksize=1)
    pool.close()
    pool.join()
    return pids
