"""Correct, another style: a Process subclass that drains the task queue with
iter(get, sentinel); the first error stops every worker at once (fail fast);
ping_pong over two one-way pipes with raw bytes, the child counting the rounds."""
import multiprocessing
import os


class Worker(multiprocessing.Process):
    def __init__(self, func, tasks, results):
        super().__init__()
        self.func = func
        self.tasks = tasks
        self.results = results

    def run(self):
        for index, item in iter(self.tasks.get, None):
            try:
                self.results.put((index, None, self.func(item)))
            except Exception as error:
                self.results.put((index, error, None))


def map_with_queues(func, items, workers=2):
    if not callable(func):
        raise TypeError(f"func must be callable, not {func!r}")
    if type(workers) is not int:
        raise TypeError(f"workers must be an int, not {workers!r}")
    if workers < 1:
        raise ValueError(f"workers must be positive, not {workers}")
    items = list(items)
    tasks = multiprocessing.Queue()
    results = multiprocessing.Queue()
    pool = [Worker(func, tasks, results) for _ in range(workers)]
    for worker in pool:
        worker.start()
    for task in enumerate(items):
        tasks.put(task)
    for worker in pool:
        tasks.put(None)
    out = [None] * len(items)
    for _ in items:
        index, error, value = results.get()
        if error is not None:
            for worker in pool:
                worker.terminate()
            for worker in pool:
                worker.join()
            tasks.cancel_join_thread()
            raise error
        out[index] = value
    for worker in pool:
        worker.join()
    return out


def _ponger(pings, pongs, rounds):
    me = os.getpid()
    for _ in range(rounds):
        number = pings.recv_bytes().decode().split()[1]
        pongs.send_bytes(f"pong {number} from {me}".encode())
    pings.close()
    pongs.close()


def ping_pong(rounds):
    if type(rounds) is not int:
        raise TypeError(f"rounds must be an int, not {rounds!r}")
    if rounds < 0:
        raise ValueError(f"rounds must not be negative, not {rounds}")
    ping_r, ping_w = multiprocessing.Pipe(duplex=False)
    pong_r, pong_w = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(target=_ponger, args=(ping_r, pong_w, rounds))
    child.start()
    ping_r.close()
    pong_w.close()
    log = []
    for i in range(rounds):
        ping = f"ping {i}"
        ping_w.send_bytes(ping.encode())
        log.append(ping)
        log.append(pong_r.recv_bytes().decode())
    ping_w.close()
    pong_r.close()
    child.join()
    return log
