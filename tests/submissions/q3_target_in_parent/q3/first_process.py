"""Wrong: runs the target in the parent and fakes the exit code."""
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
    try:
        target(*args)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    except Exception:
        return 1
    return 0


if __name__ == "__main__":
    run_greetings_in_child()

