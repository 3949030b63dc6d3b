"""The kit's process outside the grading process, for everything that must run while
the code under test runs.

No thread of the kit's is alive in the grading process while the code under test
runs: a thread alive at a ``fork()`` makes the fork unsafe (the child inherits every
lock the thread held, and no thread to release it), and Python 3.12+ warns on every
such fork, blaming the learner for the grader's thread. So whatever has to run beside
the call runs here, in a process of its own, told what to do over a pipe:

- **deadlines**: a grader test still running past its time limit plus a grace (stuck
  in C code holding the GIL, where the grader's own timeout, a signal handler, cannot
  run) ends the run: this process says why and kills the grading process and
  everything it started, so the report counts the tests that never ran;
- **alarms** (``Alarm``): a signal to the grading process at a deadline and again every
  second until the call ends, so a call that hangs fails in seconds with a message
  that says why;
- **CPU watches** (``attribution.CpuWatch``): the CPU seconds and run state of the
  processes a call started, sampled at a fixed interval; a rule asked after each
  sample, and the grading process signalled once it gives a verdict; the samples
  sent back when the call ends.

Run as ``python -m katas._kit.watchdog PID``: JSON lines on stdin, answers on stdout.
End of input, or the grading process gone, ends it.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import select
import signal
import subprocess
import sys
import time
import types
from collections.abc import Callable
from typing import Any

from katas._kit import processes, sources
from katas._kit.runner import MANIFEST_ENV

GRACE_SECONDS = 5.0
#: Seconds between the repeats of an alarm that the call did not end at.
ALARM_REPEAT = 1.0
#: How long the grading process waits for an answer before it calls this process gone.
ANSWER_SECONDS = 30.0
#: The signals this process sends the grading process: a CPU watch's verdict, an alarm.
VERDICT_SIGNAL = signal.SIGUSR1
ALARM_SIGNAL = signal.SIGUSR2



# --- the grading process's end ---------------------------------------------------------


class Watchdog:
    """The grading process's end of the pipe: one per grading process (``get()``)."""

    def __init__(self) -> None:
        environment = {k: v for k, v in os.environ.items() if k != processes.TOKEN_ENV}  # no test's
        self.owner = os.getpid()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "katas._kit.watchdog", str(self.owner)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=sources.REPO_ROOT,
            env=environment,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._to, self._from = self.process.stdin.fileno(), self.process.stdout.fileno()
        self._unread = b""

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, **command: Any) -> None:
        """One command; a write under PIPE_BUF is atomic, whichever thread makes it.
        Never from a forked child, which inherits this object but is not the grader."""
        if os.getpid() != self.owner:
            return
        try:
            os.write(self._to, json.dumps(command).encode() + b"\n")
        except OSError:
            pass  # gone: ask() says so; a deadline or a pid it would have had is moot

    def ask(self, **command: Any) -> dict[str, Any]:
        """One command and its answer."""
        self.send(**command)
        deadline = time.monotonic() + ANSWER_SECONDS
        while b"\n" not in self._unread:
            wait = deadline - time.monotonic()
            ready = select.select([self._from], [], [], max(0.0, wait))[0] if wait > 0 else []
            chunk = os.read(self._from, 65536) if ready else b""
            if not chunk:
                raise RuntimeError(f"the kit's watchdog process (pid {self.pid}) did not answer {command['op']!r}")
            self._unread += chunk
        line, _, self._unread = self._unread.partition(b"\n")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self, timeout: float = 5.0) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_WATCHDOG: Watchdog | None = None


def get() -> Watchdog:
    """This grading process's watchdog, started on first use (by ``fork_exec``, which
    makes no fork unsafe: the child runs no Python before it execs)."""
    global _WATCHDOG
    if _WATCHDOG is None or _WATCHDOG.owner != os.getpid() or not _WATCHDOG.alive():
        _WATCHDOG = Watchdog()
        processes.KIT_HELPERS.add(_WATCHDOG.pid)
    return _WATCHDOG


def running() -> Watchdog | None:
    """The watchdog if this process has started one, without starting one."""
    return _WATCHDOG if _WATCHDOG is not None and _WATCHDOG.owner == os.getpid() else None


def stop() -> None:
    """End the watchdog (it would end by itself once this process has exited)."""
    global _WATCHDOG
    dog, _WATCHDOG = running(), None
    if dog is not None:
        dog.close()


def quiet() -> None:
    """End any CPU watch and alarm still running (a test interrupted before their
    ``__exit__`` ran), so that no late signal reaches this process, and put both
    signals back to their default."""
    dog = running()
    for signum in (VERDICT_SIGNAL, ALARM_SIGNAL):
        signal.signal(signum, signal.SIG_IGN)
    if dog is not None and dog.alive():
        with contextlib.suppress(RuntimeError, OSError, ValueError):
            dog.ask(op="cancel")
            dog.ask(op="stop")
    for signum in (VERDICT_SIGNAL, ALARM_SIGNAL):
        signal.signal(signum, signal.SIG_DFL)


class Deadline(BaseException):
    """Raised in the main thread when an ``Alarm`` goes off (a BaseException, so that a
    submission's ``except Exception`` cannot hide it)."""


class Alarm:
    """``with Alarm(seconds):`` raises ``Deadline`` in the main thread after ``seconds``,
    and again every second until the block ends (a ``finally: join()`` in the code
    under test is interrupted too). ``fired`` stays true once it went off, even if the
    code under test caught the exception and went on."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self._previous: Any = None

    def _ring(self, signum: int, frame: types.FrameType | None) -> None:
        self.fired = True
        raise Deadline(f"still running after {self.seconds:.1f} s")

    def __enter__(self) -> Alarm:
        self._previous = signal.signal(ALARM_SIGNAL, self._ring)
        get().send(op="alarm", seconds=self.seconds, every=ALARM_REPEAT, signal=int(ALARM_SIGNAL))
        return self

    def __exit__(self, *exc: object) -> None:
        # Ignored first: a signal sent before the watchdog reads "cancel" is dropped.
        signal.signal(ALARM_SIGNAL, signal.SIG_IGN)
        try:
            get().ask(op="cancel")
        finally:
            signal.signal(ALARM_SIGNAL, self._previous)


# --- this process ------------------------------------------------------------------------


def _kill_tree(pid: int) -> None:
    import psutil

    me = os.getpid()
    try:
        root = psutil.Process(pid)
        family = [root, *root.children(recursive=True)]
    except psutil.Error:
        return
    for proc in family:
        if proc.pid != me:
            try:
                proc.send_signal(signal.SIGKILL)
            except psutil.Error:
                continue


def _say(message: str) -> None:
    sys.stderr.write(f"\nmpkatas watchdog: {message}\n")
    sys.stderr.flush()
    manifest = os.environ.get(MANIFEST_ENV)
    if manifest:
        with open(manifest, "a", encoding="utf-8") as out:
            out.write(json.dumps({"watchdog": message}) + "\n")


class _Watch:
    """One CPU watch: the started processes' samples, and the rule asked after each."""

    def __init__(self, grading_pid: int, command: dict[str, Any]) -> None:
        from katas._kit import attribution  # imported on the first watch only

        self.attribution = attribution
        self.grading_pid = grading_pid
        self.interval = float(command["interval"])
        self.rule: Callable[[Any], str | None] | None = (
            pickle.loads(bytes.fromhex(command["rule"])) if command.get("rule") else None
        )
        startup = attribution.StartupCost(*command["startup"])
        self.report = attribution.CpuReport(startup)
        self.pids: set[int] = set()
        self.verdict: str | None = None
        self.parent_cpu_before = attribution.process_cpu_seconds(grading_pid) or 0.0
        self.next_at = time.monotonic()

    def sample(self) -> None:
        attribution = self.attribution
        seen = {pid: cpu for pid in sorted(self.pids) if (cpu := attribution.cpu_seconds(pid)) is not None}
        states = {pid: attribution.run_state(pid) for pid in seen}
        report = self.report
        report.most_alive = max(report.most_alive, sum(state not in (None, "Z") for state in states.values()))
        report.samples.append((time.monotonic(), seen))
        report.runnable.append(frozenset(pid for pid, state in states.items() if state == "R"))
        if self.rule is not None and self.verdict is None and len(report.samples) > 1:
            report.parent_cpu = (attribution.process_cpu_seconds(self.grading_pid) or 0.0) - self.parent_cpu_before
            self.verdict = self.rule(report)
            if self.verdict is not None:
                os.kill(self.grading_pid, VERDICT_SIGNAL)
        self.next_at = max(self.next_at + self.interval, time.monotonic())

    def answer(self) -> dict[str, Any]:
        return {
            "samples": [[when, sorted(seen.items())] for when, seen in self.report.samples],
            "runnable": [sorted(pids) for pids in self.report.runnable],
            "most_alive": self.report.most_alive,
            "verdict": self.verdict,
        }


def serve(grading_pid: int) -> None:
    test_deadline: float | None = None
    test, limit = "", 0.0
    alarm_at: float | None = None
    alarm_every, alarm_signal = ALARM_REPEAT, int(ALARM_SIGNAL)
    watch: _Watch | None = None
    unread = b""
    stdin = sys.stdin.fileno()

    def answer(reply: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()

    while True:
        now = time.monotonic()
        wakes = [now + 1.0] + [t for t in (test_deadline, alarm_at, watch.next_at if watch else None) if t is not None]
        ready = select.select([stdin], [], [], max(0.0, min(wakes) - now))[0]
        if ready:
            chunk = os.read(stdin, 65536)
            if not chunk:
                return  # the grading process has exited
            unread += chunk
            *lines, unread = unread.split(b"\n")
            for line in lines:
                command: dict[str, Any] = json.loads(line)
                op = command["op"]
                if op == "arm":
                    limit, test = float(command["seconds"]), str(command["test"])
                    test_deadline = time.monotonic() + limit + GRACE_SECONDS
                elif op == "disarm":
                    test_deadline = None
                elif op == "alarm":
                    alarm_at = time.monotonic() + float(command["seconds"])
                    alarm_every, alarm_signal = float(command["every"]), int(command["signal"])
                elif op == "cancel":
                    alarm_at = None
                    answer({"cancelled": True})
                elif op == "watch":
                    watch = _Watch(grading_pid, command)
                elif op == "verdict":
                    answer({"verdict": watch.verdict if watch is not None else None})
                elif op == "pid" and watch is not None:
                    watch.pids.add(int(command["pid"]))
                elif op == "stop":
                    if watch is not None:
                        watch.sample()  # the last look, as the call returns
                    answer(watch.answer() if watch is not None else {"samples": [], "runnable": [], "most_alive": 0, "verdict": None})
                    watch = None
        now = time.monotonic()
        if test_deadline is not None and now >= test_deadline:
            _say(
                f"{test} was still running {GRACE_SECONDS:.0f} s past its {limit:.0f} s time limit: "
                "the grader's own timeout did not end it (the grading process was blocked where "
                "Python cannot interrupt it, such as C code holding the GIL, or went on waiting "
                "after the timeout). The run was ended here; the tests after it did not run."
            )
            _kill_tree(grading_pid)
            return
        if alarm_at is not None and now >= alarm_at:
            _signal(grading_pid, alarm_signal)
            alarm_at = now + alarm_every
        if watch is not None and now >= watch.next_at:
            watch.sample()
        if not _exists(grading_pid):
            return


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


if __name__ == "__main__":
    serve(int(sys.argv[1]))
