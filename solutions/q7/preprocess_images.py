"""Q7 — preprocess a large set of images in parallel.

The workers get paths and write their results to disk themselves; what travels between
processes is a path out and a path (or one float) back. Pixels never cross a process
boundary, so nothing large is pickled, and the parent never decodes an image.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy
from PIL import Image, ImageOps

T = TypeVar("T")

# --- Given (identical to the stub) -----------------------------------------------------


def load_grayscale(src: Path) -> Image.Image:
    """Open ``src`` with Pillow and return it fully decoded as a grayscale ("L") image.

    Anything Pillow cannot open or decode (not an image, a truncated file, a directory,
    a missing file) raises ``ValueError`` naming the file.
    """
    try:
        with Image.open(src) as image:
            gray: Image.Image = image.convert("L")
    except Exception as error:  # noqa: BLE001 - whatever Pillow raises becomes a ValueError
        raise ValueError(f"cannot read image {src}: {type(error).__name__}: {error}") from error
    return gray


def preprocess_one(src: Path, out_dir: Path, size: tuple[int, int] = (64, 64)) -> Path:
    """Grayscale ``src``, resize it to ``size`` (LANCZOS), stretch its contrast
    (``ImageOps.autocontrast``) and save it as a PNG at ``out_dir / (src.stem + ".png")``.

    Returns that path. ``out_dir`` must exist. An unreadable ``src`` raises ``ValueError``
    naming it (see ``load_grayscale``).
    """
    src, out_dir = Path(src), Path(out_dir)
    small = load_grayscale(src).resize(size, Image.Resampling.LANCZOS)
    out = out_dir / (src.stem + ".png")
    ImageOps.autocontrast(small).save(out, format="PNG")
    return out


def preprocess_serial(
    paths: Sequence[Path], out_dir: Path, size: tuple[int, int] = (64, 64)
) -> list[Path]:
    """The serial version: every image, one after another, in this process."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [preprocess_one(Path(p), out_dir, size) for p in paths]


# --- The answer ----------------------------------------------------------------------------


def _check_processes(processes: int) -> None:
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError(f"processes must be an int, got {type(processes).__name__}")
    if processes < 1:
        raise ValueError(f"processes must be at least 1, got {processes}")


def _check_stems(sources: Sequence[Path]) -> None:
    """Two inputs with one stem would both write ``<stem>.png``: refuse them up front."""
    first: dict[str, Path] = {}
    for src in sources:
        if src.stem in first:
            raise ValueError(
                f"{first[src.stem]} and {src} have the same stem {src.stem!r}: both would be "
                f"written to {src.stem}.png"
            )
        first[src.stem] = src


def _in_pool(processes: int, run: Callable[[Any], T]) -> T:
    """``run(pool)`` in a fresh pool: closed and joined when it returns, terminated and
    joined when it raises, so no worker outlives the call either way."""
    pool = multiprocessing.Pool(processes)
    try:
        result = run(pool)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return result


def preprocess_all(
    paths: Sequence[Path], out_dir: Path, processes: int = 2, size: tuple[int, int] = (64, 64)
) -> list[Path]:
    _check_processes(processes)
    sources = [Path(p) for p in paths]
    out_dir = Path(out_dir)
    _check_stems(sources)
    out_dir.mkdir(parents=True, exist_ok=True)  # an OSError naming out_dir, before any worker
    if not sources:
        return []
    jobs = [(src, out_dir, size) for src in sources]
    # starmap keeps input order; its default chunksize (about len / (4 * processes))
    # sends the paths in a few batches instead of one message per image.
    return _in_pool(processes, lambda pool: pool.starmap(preprocess_one, jobs))


def _brightness(src: Path) -> float:
    """Runs in a worker: decode there, send back one float (9 bytes pickled)."""
    return float(numpy.asarray(load_grayscale(src)).mean())


def mean_brightness(paths: Sequence[Path], processes: int = 2) -> list[float]:
    _check_processes(processes)
    sources = [Path(p) for p in paths]
    if not sources:
        return []
    return _in_pool(processes, lambda pool: pool.map(_brightness, sources))
