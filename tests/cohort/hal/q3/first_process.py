"""Wrong: the parent prints "Viva La" itself; the child does nothing."""
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


def _nothing():
    pass


def run_greetings_in_child():
    print(PARENT_LINE, flush=True)
    child = multiprocessing.Process(target=_nothing)
    child.start()
    child.join()
    greetings()
    return child.pid


if __name__ == "__main__":
    run_greetings_in_child()

