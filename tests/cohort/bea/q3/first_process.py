"""Correct, in another style: a Process subclass, and exit codes read after join."""
import multiprocessing


def greetings():
    print("Viva La")


class Greeter(multiprocessing.Process):
    def run(self):
        greetings()


def run_greetings_in_child():
    print("I'm writing my multiprocessing program")
    child = Greeter()
    child.start()
    child.join()
    return child.pid


class Runner(multiprocessing.Process):
    def __init__(self, target, args):
        super().__init__()
        self.job = (target, args)

    def run(self):
        target, args = self.job
        target(*args)


def run_in_child(target, *args, timeout=None):
    child = Runner(target, args)
    child.start()
    child.join(timeout)
    if child.exitcode is None:
        child.terminate()
        child.join()
    return child.exitcode


def main():
    run_greetings_in_child()


if __name__ == "__main__":
    main()
