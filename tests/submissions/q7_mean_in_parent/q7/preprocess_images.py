"""Wrong: mean_brightness opens and averages every image in the parent."""
import multiprocessing
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


def _check_processes(processes):
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError(f"processes must be an int, got {type(processes).__name__}")
    if processes < 1:
        raise ValueError(f"processes must be at least 1, got {processes}")


def _check_stems(paths):
    seen = set()
    for p in paths:
        if p.stem in seen:
            raise ValueError(f"two inputs have the stem {p.stem!r}")
        seen.add(p.stem)


def _run(processes, func, items):
    pool = multiprocessing.Pool(processes)
    try:
        results = pool.starmap(func, items)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return results


def _brightness(src):
    return float(numpy.asarray(load_grayscale(src)).mean())


def preprocess_all(paths, out_dir, processes=2, size=(64, 64)):
    _check_processes(processes)
    paths = [Path(p) for p in paths]
    out_dir = Path(out_dir)
    _check_stems(paths)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not paths:
        return []
    return _run(processes, preprocess_one, [(p, out_dir, size) for p in paths])


def mean_brightness(paths, processes=2):
    _check_processes(processes)
    return [_brightness(Path(p)) for p in paths]
