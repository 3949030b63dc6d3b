"""Wrong: reports every failure as 1, losing the status given to sys.exit."""
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
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
        return -signal.SIGTERM
    return 0 if child.exitcode == 0 else 1


if __name__ == "__main__":
    run_greetings_in_child()

