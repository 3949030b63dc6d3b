"""Correct, another style: each worker answers its sentinel with a "done" marker,
and the parent reads until every worker is done; processes are closed after join;
ping_pong starts no child for 0 rounds and stops the child with a "stop" message."""
import os
from multiprocessing import Pipe, Process, Queue

DONE = "done"
STOP = "stop"


def work(func, tasks, results):
    while True:
        task = tasks.get()
        if task == STOP:
            results.put((DONE, None, None))
            return
        index, item = task
        try:
            results.put((index, "ok", func(item)))
        except Exception as error:
            results.put((index, "error", error))


def map_with_queues(func, items, workers=2):
    if isinstance(workers, bool) or not isinstance(workers, int):
        raise TypeError("workers: expected an int")
    if workers <= 0:
        raise ValueError("workers: expected at least one")
    if not callable(func):
        raise TypeError("func: expected a callable")
    items = list(items)
    tasks, results = Queue(), Queue()
    procs = []
    for _ in range(workers):
        p = Process(target=work, args=(func, tasks, results))
        p.start()
        procs.append(p)
    for index, item in enumerate(items):
        tasks.put((index, item))
    for _ in range(workers):
        tasks.put(STOP)
    answers = {}
    done = 0
    while done < workers:
        index, status, value = results.get()
        if index == DONE:
            done += 1
        else:
            answers[index] = (status, value)
    for p in procs:
        p.join()
        p.close()
    for index in range(len(items)):
        status, value = answers[index]
        if status == "error":
            raise value
    return [answers[index][1] for index in range(len(items))]


def pong(conn):
    with conn:
        for message in iter(conn.recv, STOP):
            conn.send(message.replace("ping", "pong") + f" from {os.getpid()}")


def ping_pong(rounds):
    if isinstance(rounds, bool) or not isinstance(rounds, int):
        raise TypeError("rounds: expected an int")
    if rounds < 0:
        raise ValueError("rounds: expected 0 or more")
    if rounds == 0:
        return []
    mine, theirs = Pipe()
    child = Process(target=pong, args=(theirs,))
    child.start()
    theirs.close()
    log = []
    with mine:
        for i in range(rounds):
            mine.send(f"ping {i}")
            log.append(f"ping {i}")
            log.append(mine.recv())
        mine.send(STOP)
    child.join()
    child.close()
    return log
