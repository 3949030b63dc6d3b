"""Correct, in another style: concurrent.futures.ProcessPoolExecutor, its map with a
chunksize, and numpy.float64 means (a subclass of float)."""
import math
import os
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path

import numpy
from PIL import Image, ImageOps


def load_grayscale(src):
    try:
        with Image.open(src) as image:
            gray = image.convert("L")
    except Exception as error:
        raise ValueError(f"cannot read image {src}: {type(error).__name__}: {error}") from error
    return gray


def preprocess_one(src, out_dir, size=(64, 64)):
    src, out_dir = Path(src), Path(out_dir)
    small = load_grayscale(src).resize(size, Image.Resampling.LANCZOS)
    out = out_dir / (src.stem + ".png")
    ImageOps.autocontrast(small).save(out, format="PNG")
    return out


def preprocess_serial(paths, out_dir, size=(64, 64)):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [preprocess_one(Path(p), out_dir, size) for p in paths]


def _validate(processes):
    if type(processes) is not int:
        raise TypeError(f"processes must be an int, not {processes!r}")
    if processes < 1:
        raise ValueError(f"processes must be >= 1, not {processes}")


def _chunksize(n, processes):
    return max(1, math.ceil(n / (4 * processes)))


def preprocess_all(paths, out_dir, processes=2, size=(64, 64)):
    _validate(processes)
    srcs = [Path(p) for p in paths]
    by_stem = {}
    for src in srcs:
        if src.stem in by_stem:
            raise ValueError(f"duplicate stem {src.stem!r}: {by_stem[src.stem]} and {src}")
        by_stem[src.stem] = src
    out_dir = Path(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    if not srcs:
        return []
    with ProcessPoolExecutor(max_workers=processes) as executor:
        return list(
            executor.map(
                preprocess_one, srcs, repeat(out_dir), repeat(size),
                chunksize=_chunksize(len(srcs), processes),
            )
        )


def _mean(src):
    return numpy.asarray(load_grayscale(src)).mean()


def mean_brightness(paths, processes=2):
    _validate(processes)
    srcs = [Path(p) for p in paths]
    if not srcs:
        return []
    with ProcessPoolExecutor(max_workers=processes) as executor:
        return list(executor.map(_mean, srcs))
