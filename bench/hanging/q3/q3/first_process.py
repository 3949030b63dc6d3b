"""Wrong: ignores the timeout and waits for a child that never ends."""
import multiprocessing
import signal
import sys

PARENT_LINE = "I'm writing my multiprocessing program"


def greetings():
    print("Viva La")


def run_greetings_in_child():
    print(PARENT_LINE, flush=True)
    child = multiprocessing.Process(target=greetings)
    child.start()
    child.join()
    return child.pid


def run_in_child(target, *args, timeout=None):
    child = multiprocessing.Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode


if __name__ == "__main__":
    run_greetings_in_child()

