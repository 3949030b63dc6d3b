"""Wrong: prints the parent's line after start(): usually first, but only by luck."""
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


def run_greetings_in_child():
    child = multiprocessing.Process(target=greetings)
    child.start()
    print(PARENT_LINE, flush=True)
    child.join()
    return child.pid


if __name__ == "__main__":
    run_greetings_in_child()

