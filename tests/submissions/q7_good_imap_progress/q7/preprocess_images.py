"""Correct, in another style: Pool.imap with a chunksize and a progress line per image
(written to stderr), apply_async for the means, close()/join() inside a with-block."""
import multiprocessing
import sys
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


def _check(processes):
    if isinstance(processes, bool) or not isinstance(processes, int):
        raise TypeError("processes must be an int")
    if processes < 1:
        raise ValueError("processes must be at least 1")


def _job(args):
    src, out_dir, size = args
    return preprocess_one(src, out_dir, size)


def preprocess_all(paths, out_dir, processes=2, size=(64, 64)):
    _check(processes)
    srcs = [Path(p) for p in paths]
    stems = [s.stem for s in srcs]
    dupes = sorted({s for s in stems if stems.count(s) > 1})
    if dupes:
        raise ValueError(f"inputs share stems {dupes}: each would overwrite the other")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    if not srcs:
        return results
    with multiprocessing.Pool(processes) as pool:
        try:
            for done, out in enumerate(pool.imap(_job, [(s, out_dir, size) for s in srcs], chunksize=4), 1):
                results.append(out)
                print(f"\r{done}/{len(srcs)} images", end="", file=sys.stderr, flush=True)
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    print(file=sys.stderr)
    return results


def _brightness(src):
    return float(numpy.asarray(load_grayscale(src)).mean())


def mean_brightness(paths, processes=2):
    _check(processes)
    srcs = [Path(p) for p in paths]
    if not srcs:
        return []
    with multiprocessing.Pool(processes) as pool:
        try:
            pending = [pool.apply_async(_brightness, (s,)) for s in srcs]
            means = [p.get() for p in pending]
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    return means
