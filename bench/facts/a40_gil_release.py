"""Which numpy and Pillow calls release the GIL (on the default, GIL build).

Claims in katas/q7/README.md and solutions/q7/ANSWER.md (Pillow releases the GIL while it
decodes, converts, resamples and encodes, so a thread pool keeps up on a pure-Pillow
pipeline; per-image Python holds it) and in katas/q8/README.md and solutions/q8/ANSWER.md
(numpy releases the GIL only for some work: a ufunc loop over more than 500 elements,
reductions, sorting, BLAS products; object arrays hold it through their element loop).

Method: the switch interval is set to 5 s, so a thread waiting for the GIL gets it only
when the running thread releases it on its own. This thread calls one operation in a
loop for 0.8 s (batched so that one batch takes about 0.2 s, except for the tiny
500/501-element calls), while a second thread records every moment it holds the GIL
(and gives it back at once with ``os.sched_yield()``, which releases it). The longest
stretch it waited is how long the operation kept the GIL: "held" when it waited half a
batch or more (100 ms at least), "released" when it got in every few milliseconds.
OpenBLAS is limited to one thread, so that the matrix product leaves a core free.

    python bench/facts/a40_gil_release.py

Measured 2026-12-08 (2-core Linux VM, shared; numpy 2.2.6 on 3.10, 2.4.6 on 3.11, 2.5.5
on 3.12-3.15; Pillow 12.3.0 on 3.10, 13.0.0 elsewhere), the same verdicts on 3.10.13,
3.11.7, 3.12.1, 3.13.0, 3.14.10 and 3.15.2:
    held: float64 a + b of 500 elements (other thread waited the whole 0.80 s run);
      object array a + b and .sum() (4M Python ints; waits 0.3-1.8 s); pure Python
      sum(range(200_000)) (the whole run)
    released (longest waits 2.5-252 ms against batches of 0.1-2.2 s at load about 8;
      5-31 ms in a rerun of 3.10, 3.14 and 3.15 at load about 4): float64 a + b of 501 elements and of 4M; float64
      .sum() (4M); np.sort (1M); 400x400 matmul (BLAS); uint8 .mean() of 1600x1200;
      Pillow: decode JPEG and PNG (1600x1200 RGB), convert("L"), resize to 64x64
      (LANCZOS), save PNG, ImageOps.autocontrast
    One exception, under load about 8: on 3.14.10 the matmul line once said "held"
    (304 ms wait, 82 ms batch); rerun at load about 4, "released" (23 ms wait).
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable

# One BLAS thread, so that a matrix product leaves the other core free for the watcher.
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402
import PIL  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402

RUN = 0.8


def longest_wait(op: Callable[[], object]) -> tuple[float, float, float]:
    """(longest wait of the other thread, median call, run length), in seconds."""
    done = threading.Event()
    ready = threading.Event()
    go = threading.Event()
    stamps: list[float] = []

    def other() -> None:
        ready.set()
        go.wait()
        while not done.is_set():
            stamps.append(time.perf_counter())
            os.sched_yield()  # releases the GIL

    old = sys.getswitchinterval()
    sys.setswitchinterval(5.0)
    helper = threading.Thread(target=other)
    try:
        helper.start()
        ready.wait()
        op()  # warm up
        calls: list[float] = []
        go.set()
        start = time.perf_counter()
        while True:
            before = time.perf_counter()
            op()
            after = time.perf_counter()
            calls.append(after - before)
            if after - start >= RUN:
                break
        done.set()
        helper.join()
    finally:
        sys.setswitchinterval(old)
    points = [start, *[s for s in stamps if start <= s <= after], after]
    gap = max(b - a for a, b in zip(points, points[1:]))
    return gap, statistics.median(calls), after - start


def adder(a: np.ndarray, b: np.ndarray) -> Callable[[], object]:
    out = np.empty_like(a)
    return lambda: np.add(a, b, out=out)


def batched(op: Callable[[], object]) -> tuple[Callable[[], object], int]:
    """``op`` repeated so that one batch takes about 0.2 s (once, if one call takes longer)."""
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        op()
        samples.append(time.perf_counter() - started)
    once = min(samples)
    if once < 1e-4:  # tiny calls stay single: the run length is the measure for them
        return op, 1
    times = max(1, round(0.2 / once))

    def batch() -> None:
        for _ in range(times):
            op()

    return batch, times


def verdict(gap: float, call: float) -> str:
    """Held: the other thread waited half a batch or more (100 ms at least)."""
    return "held" if gap >= 0.5 * max(call, 0.2) else "released"


def main() -> None:
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, Pillow {PIL.__version__}")
    rng = np.random.default_rng(0)
    cases: list[tuple[str, Callable[[], object]]] = []
    for n in (500, 501):
        cases.append((f"float64 a + b, {n} elements", adder(rng.random(n), rng.random(n))))
    big = rng.random(4_000_000)
    cases += [
        ("float64 a + b, 4M elements", lambda: big + big),
        ("float64 .sum(), 4M elements", lambda: big.sum()),
        ("np.sort, 1M float64", lambda: np.sort(big[:1_000_000])),
    ]
    square = rng.random((400, 400))
    cases.append(("400x400 matmul (BLAS)", lambda: square @ square))
    objects = np.array(list(range(4_000_000)), dtype=object)
    cases += [
        ("object array a + b, 4M Python ints", lambda: objects + objects),
        ("object array .sum(), 4M Python ints", lambda: objects.sum()),
    ]
    pixels = (rng.random((1200, 1600, 3)) * 255).astype(np.uint8)
    cases.append(("uint8 .mean(), 1600x1200", lambda: pixels[:, :, 0].mean()))
    rgb = Image.fromarray(pixels, "RGB")
    jpeg_file, png_file = io.BytesIO(), io.BytesIO()
    rgb.save(jpeg_file, "JPEG", quality=90)
    rgb.save(png_file, "PNG")
    jpeg, png = jpeg_file.getvalue(), png_file.getvalue()
    gray = rgb.convert("L")
    cases += [
        ("Pillow: decode JPEG 1600x1200 RGB", lambda: Image.open(io.BytesIO(jpeg)).load()),
        ("Pillow: decode PNG 1600x1200 RGB", lambda: Image.open(io.BytesIO(png)).load()),
        ('Pillow: convert("L")', lambda: rgb.convert("L")),
        ("Pillow: resize to 64x64, LANCZOS", lambda: gray.resize((64, 64), Image.Resampling.LANCZOS)),
        ("Pillow: save PNG (1600x1200 L)", lambda: gray.save(io.BytesIO(), "PNG")),
        ("Pillow: ImageOps.autocontrast", lambda: ImageOps.autocontrast(gray)),
        ("pure Python: sum(range(200_000))", lambda: sum(range(200_000))),
    ]
    for name, op in cases:
        batch, times = batched(op)
        gap, call, run = longest_wait(batch)
        print(
            f"{name:38} {verdict(gap, call):8} (other thread waited at most {gap * 1e3:6.1f} ms;"
            f" {times} call(s) {call * 1e3:7.1f} ms; run {run:.2f} s)"
        )


if __name__ == "__main__":
    main()
