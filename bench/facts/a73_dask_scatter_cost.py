"""How long ``client.scatter`` takes for 60,000 ints as a list, in four lists, as an
``array.array`` and as one ``bytes`` pickle.

Claim in katas/q12/README.md ("Going further": scattering a Python list is slow) and
solutions/q12/ANSWER.md ("Futures"): dask serialises a scattered list item by item,
so a list of 60,000 ints takes far longer to scatter than the same numbers in a
compact container.

A ``LocalCluster`` of 2 single-threaded worker processes (``dashboard_address=":0"``,
closed at the end); 60,000 random 62-bit ints; one scatter of each form (``hash=False``,
so nothing is reused), timed until the futures are back.

    python bench/facts/a73_dask_scatter_cost.py

Measured 2026-12-08 (2-core Linux VM, distributed 2026.11.0, load average 4.5 to 6.3),
one scatter each:
    3.10.13  [list] 2,444 ms; four lists 2,523 ms; array.array 6 ms; bytes 8 ms
    3.11.7   [list] 2,473 ms; four lists 1,972 ms; array.array 7 ms; bytes 2 ms
    3.12.1   [list] 2,100 ms; four lists 2,010 ms; array.array 5 ms; bytes 4 ms
    3.13.0   [list] 2,026 ms; four lists 1,772 ms; array.array 11 ms; bytes 3 ms
    3.14.10  [list] 1,545 ms; four lists 1,427 ms; array.array 4 ms; bytes 3 ms
    3.15.2   [list] 1,710 ms; four lists 1,549 ms; array.array 7 ms; bytes 4 ms
"""

from __future__ import annotations

import array
import logging
import os
import pickle
import random
import sys
import time
import warnings

from distributed import Client, LocalCluster

COUNT = 60_000


def main() -> None:
    rng = random.Random(7)
    values = [rng.randrange(2**62) for _ in range(COUNT)]
    size = -(-COUNT // 4)
    forms: dict[str, list[object]] = {
        "[list]": [values],
        "four lists": [values[i : i + size] for i in range(0, COUNT, size)],
        "[array.array('q')]": [array.array("q", values)],
        "[pickle.dumps(list)] (bytes)": [pickle.dumps(values)],
    }
    print(f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        ) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            parts = []
            for label, data in forms.items():
                began = time.monotonic()
                futures = client.scatter(data, hash=False)
                took = time.monotonic() - began
                del futures
                parts.append(f"{label} {took * 1000:,.0f} ms")
    print(f"  scatter of {COUNT:,} ints: " + "; ".join(parts))


if __name__ == "__main__":
    main()
