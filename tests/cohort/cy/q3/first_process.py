"""Wrong: starts the child and returns without waiting for it."""
import time
import multiprocessing
import signal
import sys

PARENT_LINE = "I'm writing my multiprocessing program"


def greetings():
    print("Viva La")


def run_in_child(target, *args, timeout=None):
    child = multiprocessing.Process(target=target, args=args)
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
    return child.exitcode


def _slow_greetings():
    time.sleep(0.5)
    greetings()


def run_greetings_in_child():
    print(PARENT_LINE, flush=True)
    child = multiprocessing.Process(target=_slow_greetings)
    child.start()
    return child.pid


if __name__ == "__main__":
    run_greetings_in_child()

