"""Q7 — How would you preprocess a large set of images in parallel?

Read katas/q7/README.md, then replace each ``raise NotImplementedError`` below.
Grade your work with ``pytest katas/q7``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy  # noqa: F401 - you will want it for mean_brightness
from PIL import Image, ImageOps

# --- Given: use these, do not change them. The grader compares your output files
# --- byte for byte with what its own copy of preprocess_one writes.


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


# --- Your task ------------------------------------------------------------------------


def preprocess_all(
    paths: Sequence[Path], out_dir: Path, processes: int = 2, size: tuple[int, int] = (64, 64)
) -> list[Path]:
    """Preprocess every image with ``preprocess_one`` in ``processes`` worker processes.

    - Each image is handled once, by a worker process this call starts; this process
      (the parent) opens no image: send the workers paths, not pixels.
    - Returns the output paths in the order of ``paths`` (the same list
      ``preprocess_serial`` returns), and the files are the ones it writes.
    - Creates ``out_dir`` (and missing parents) if needed; an ``out_dir`` that cannot be
      created is an error naming it, before any process starts.
    - Two inputs with the same stem would write one file: ``ValueError`` naming the
      stem, before any process starts.
    - An unreadable image: ``ValueError`` naming the file, raised after every worker
      has stopped.
    - ``processes``: a bool or non-int is a ``TypeError``, less than 1 a ``ValueError``,
      both naming ``processes`` and raised before any process starts.
    - Empty ``paths`` gives ``[]``.
    """
    raise NotImplementedError


def mean_brightness(paths: Sequence[Path], processes: int = 2) -> list[float]:
    """The mean of each image's grayscale pixels (0-255), in the order of ``paths``.

    The mean of ``numpy.asarray(Image.open(p).convert("L"))`` (``load_grayscale`` gives
    you that image), computed in ``processes`` worker processes: the parent opens no
    image, and only the float comes back from a worker, never the pixels. Return Python
    floats. An unreadable image: ``ValueError`` naming it, after every worker has
    stopped. Same rules for ``processes`` as ``preprocess_all``; empty input gives ``[]``.
    """
    raise NotImplementedError
