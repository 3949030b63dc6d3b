"""Correct, in another style: ProcessPoolExecutor, killing the stuck worker on timeout
(shutdown(cancel_futures=True) alone would leave a running task running)."""
import concurrent.futures
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


def pool_map(func, items, processes):
    _check(processes)
    with concurrent.futures.ProcessPoolExecutor(max_workers=processes) as executor:
        return list(executor.map(func, items))


def pool_starmap(func, arg_tuples, processes):
    _check(processes)
    firsts, seconds = [], []
    with concurrent.futures.ProcessPoolExecutor(max_workers=processes) as executor:
        futures = [executor.submit(func, *args) for args in arg_tuples]
        return [future.result() for future in futures]


def apply_with_timeout(func, arg, timeout):
    executor = concurrent.futures.ProcessPoolExecutor(max_workers=1)
    future = executor.submit(func, arg)
    try:
        return future.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        for process in list(executor._processes.values()):
            process.kill()
        raise TimeoutError(f"no result after {timeout} s") from None
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
