"""Wrong: the child sends every pong at once, before it reads the pings (it knows how many rounds there are)."""
import multiprocessing
import os

STOP = None


def _check_workers(workers):
    if isinstance(workers, bool) or not isinstance(workers, int):
        raise TypeError("workers must be an int")
    if workers < 1:
        raise ValueError("workers must be at least 1")


def _worker(func, tasks, results):
    while True:
        task = tasks.get()
        if task is STOP:
            break
        index, item = task
        try:
            results.put((index, True, func(item)))
        except Exception as error:
            results.put((index, False, error))


def map_with_queues(func, items, workers=2):
    if not callable(func):
        raise TypeError("func must be callable")
    _check_workers(workers)
    items = list(items)
    tasks = multiprocessing.Queue()
    results = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_worker, args=(func, tasks, results)) for _ in range(workers)]
    for p in procs:
        p.start()
    for index, item in enumerate(items):
        tasks.put((index, item))
    for _ in procs:
        tasks.put(STOP)
    collected = {}
    for _ in items:
        index, ok, value = results.get()
        collected[index] = (ok, value)
    for p in procs:
        p.join()
    for index in range(len(items)):
        ok, value = collected[index]
        if not ok:
            raise value
    return [collected[index][1] for index in range(len(items))]


def _pong(conn, rounds):
    pid = os.getpid()
    for number in range(rounds):
        conn.send(f"pong {number} from {pid}")
    while conn.recv() is not STOP:
        pass
    conn.close()


def ping_pong(rounds):
    if isinstance(rounds, bool) or not isinstance(rounds, int):
        raise TypeError("rounds must be an int")
    if rounds < 0:
        raise ValueError("rounds must be at least 0")
    parent_end, child_end = multiprocessing.Pipe()
    child = multiprocessing.Process(target=_pong, args=(child_end, rounds))
    child.start()
    child_end.close()
    log = []
    for i in range(rounds):
        parent_end.send(f"ping {i}")
        log.append(f"ping {i}")
        log.append(parent_end.recv())
    parent_end.send(STOP)
    parent_end.close()
    child.join()
    return log
