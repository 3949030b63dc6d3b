"""What the ``Pool`` source says about the with-block, ``kill()`` and chunk sizes.

Claims in katas/q4/README.md, solutions/q4/ANSWER.md, katas/q5/README.md and
solutions/q5/ANSWER.md: leaving ``with Pool(...)`` calls ``terminate()``, not
``close()`` and ``join()``; ``Pool`` has no public ``kill()``; ``map`` turns an input
without ``len`` into a list and picks ``chunksize = ceil(len / (4 * processes))``;
``imap`` and ``imap_unordered`` default to ``chunksize=1``. Read from the running
interpreter's own source with ``inspect``, and the with-block checked by behaviour: a
task still sleeping when the block is left does not finish.

    python bench/facts/a21_pool_source.py

Measured 2026-12-08 (2-core Linux VM), the same three lines on 3.10.13, 3.11.7,
3.12.1, 3.13.0, 3.14.10 and 3.15.2:
    Pool.__exit__ body: ['self.terminate()']
    public kill(): False; map lists an input without len: True; map's chunksize rule
      present: True; imap chunksize default 1, imap_unordered 1
    with-block left while a 2 s task ran: join() took 0.00 s, task ready: False
"""

from __future__ import annotations

import inspect
import multiprocessing
import multiprocessing.pool
import sys
import time


def main() -> None:
    pool_class = multiprocessing.pool.Pool
    exit_source = inspect.getsource(pool_class.__exit__)
    body = [line.strip() for line in exit_source.splitlines()[1:] if line.strip()]
    map_source = inspect.getsource(pool_class._map_async)  # type: ignore[attr-defined]
    rule = "chunksize, extra = divmod(len(iterable), len(self._pool) * 4)"
    listed = "if not hasattr(iterable, '__len__'):" in map_source and "iterable = list(iterable)" in map_source
    imap_default = inspect.signature(pool_class.imap).parameters["chunksize"].default
    unordered_default = inspect.signature(pool_class.imap_unordered).parameters["chunksize"].default

    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        pending = pool.apply_async(time.sleep, (2,))
        time.sleep(0.2)
    left = time.monotonic()
    pool.join()
    joined = time.monotonic() - left

    print(f"Python {sys.version.split()[0]}")
    print(f"  Pool.__exit__ body: {body}")
    print(f"  public kill(): {hasattr(pool_class, 'kill')}; map lists an input without len: {listed}; "
          f"map's chunksize rule present: {rule in map_source}; imap chunksize default {imap_default}, "
          f"imap_unordered {unordered_default}")
    print(f"  with-block left while a 2 s task ran: join() took {joined:.2f} s, task ready: {pending.ready()}")


if __name__ == "__main__":
    main()
