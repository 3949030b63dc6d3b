"""Wrong: hides a worker's exception and returns an empty list."""
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


_right_map = pool_map


def pool_map(func, items, processes):
    try:
        return _right_map(func, items, processes)
    except (TypeError, ValueError) as error:
        if "processes" in str(error):
            raise
        return []
