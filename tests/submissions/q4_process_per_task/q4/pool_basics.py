"""Wrong: a new process for every task, so nothing is reused (and nothing is bounded)."""
import multiprocessing


def _check(processes):
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError("processes must be an int")
    if processes < 1:
        raise ValueError("processes must be at least 1")


def pool_map(func, items, processes):
    _check(processes)
    items = list(items)
    pool = multiprocessing.Pool(processes)
    try:
        results = pool.map(func, items)
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()
    return results


def pool_starmap(func, arg_tuples, processes):
    _check(processes)
    pool = multiprocessing.Pool(processes)
    results = pool.starmap(func, list(arg_tuples))
    pool.close()
    pool.join()
    return results


def apply_with_timeout(func, arg, timeout):
    pool = multiprocessing.Pool(1)
    try:
        result = pool.apply_async(func, (arg,)).get(timeout)
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()
    return result


def _run_into(queue, index, func, item):
    queue.put((index, func(item)))


def pool_map(func, items, processes):
    _check(processes)
    items = list(items)
    queue = multiprocessing.Queue()
    results = [None] * len(items)
    for start in range(0, len(items), processes):
        batch = [multiprocessing.Process(target=_run_into, args=(queue, i, func, items[i]))
                 for i in range(start, min(start + processes, len(items)))]
        for p in batch:
            p.start()
        for _ in batch:
            index, value = queue.get(timeout=30)
            results[index] = value
        for p in batch:
            p.join()
    return results
