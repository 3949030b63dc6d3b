"""Wrong: the program has no __main__ guard. Run as a program under spawn, the
child re-imports the main module and tries to start a process while bootstrapping."""
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
    return child.exitcode


if __name__ in ("__main__", "__mp_main__"):
    run_greetings_in_child()
