"""Grader-side helpers for q7 (preprocess images in parallel).

- The grader's own copies of the kata's given functions (``load_grayscale``,
  ``preprocess_one``, ``preprocess_serial``) and of the brightness it expects, so a
  submission that changed its copies cannot change what it is compared with.
- Real images made at run time from seeded noise and gradients, in several sizes,
  modes (RGB, RGBA, L, P with a palette) and formats (PNG, JPEG, GIF, BMP); no downloads.
- ``OpenSpy``: stands in for ``PIL.Image.open`` while a call runs. It counts the opens
  made in the grader's own process (threads included); forked workers inherit it and
  log each file they open, so under fork the grader knows which process opened which
  image.

Imported in children (an ``OpenSpy`` pickles as a reference to ``PIL.Image.open``):
standard library, Pillow and numpy only.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy
from PIL import Image, ImageOps

from katas._kit import workloads

# --- The grader's copies of the kata's given functions (keep them identical) ---------


def load_grayscale(src: Path) -> Image.Image:
    try:
        with Image.open(src) as image:
            gray: Image.Image = image.convert("L")
    except Exception as error:  # noqa: BLE001 - whatever Pillow raises becomes a ValueError
        raise ValueError(f"cannot read image {src}: {type(error).__name__}: {error}") from error
    return gray


def preprocess_one(src: Path, out_dir: Path, size: tuple[int, int] = (64, 64)) -> Path:
    src, out_dir = Path(src), Path(out_dir)
    small = load_grayscale(src).resize(size, Image.Resampling.LANCZOS)
    out = out_dir / (src.stem + ".png")
    ImageOps.autocontrast(small).save(out, format="PNG")
    return out


def preprocess_serial(
    paths: Sequence[Path], out_dir: Path, size: tuple[int, int] = (64, 64)
) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [preprocess_one(Path(p), out_dir, size) for p in paths]


def brightness(src: Path) -> float:
    """The contract's definition: the mean of the grayscale pixels, 0-255."""
    with Image.open(src) as image:
        return float(numpy.asarray(image.convert("L")).mean())


# --- Images made at run time ----------------------------------------------------------


def _gradient(width: int, height: int, channels: int, rng: numpy.random.Generator, noise: int) -> Any:
    """Diagonal gradients, a different direction per channel, plus seeded noise."""
    yy, xx = numpy.mgrid[0:height, 0:width]
    ramps = [
        xx * 255 // max(width - 1, 1),
        yy * 255 // max(height - 1, 1),
        (xx + yy) * 255 // max(width + height - 2, 1),
        255 - xx * 255 // max(width - 1, 1),
    ]
    planes = numpy.stack(ramps[:channels], axis=-1).astype(numpy.int16)
    if noise:
        planes = planes + rng.integers(-noise, noise + 1, planes.shape, dtype=numpy.int16)
    pixels = numpy.clip(planes, 0, 255).astype(numpy.uint8)
    return pixels[..., 0] if channels == 1 else pixels


def _noise(width: int, height: int, channels: int, rng: numpy.random.Generator) -> Any:
    shape = (height, width) if channels == 1 else (height, width, channels)
    return rng.integers(0, 256, shape, dtype=numpy.uint8)


def _palette_image(width: int, height: int, rng: numpy.random.Generator, noise: int) -> Image.Image:
    """A "P" image: indices into a random 256-colour palette."""
    indices = _gradient(width, height, 1, rng, noise)
    image = Image.fromarray(indices, mode="L").convert("P")
    image.putpalette(rng.integers(0, 256, 768, dtype=numpy.uint8).tobytes())
    return image


def make_mixed_images(directory: Path, seed: int = 7) -> list[Path]:
    """Ten small images of every mode and several formats and sizes, in an order that
    is not the sorted order of their names. Quick to make and to process (~40 ms)."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = numpy.random.default_rng(seed)
    made: list[tuple[str, Image.Image, dict[str, Any]]] = [
        ("zebra-noise.png", Image.fromarray(_noise(160, 120, 3, rng), "RGB"), {}),
        ("apple-gradient.jpg", Image.fromarray(_gradient(320, 240, 3, rng, 10), "RGB"), {"quality": 90}),
        ("mango-alpha.png", Image.fromarray(_gradient(128, 96, 4, rng, 6), "RGBA"), {}),
        ("kiwi-tiny.png", Image.fromarray(_noise(40, 30, 1, rng), "L"), {}),
        ("fig-palette.png", _palette_image(200, 150, rng, 20), {}),
        ("banana-wide.png", Image.fromarray(_gradient(400, 60, 1, rng, 0), "L"), {}),
        ("cherry-flat.png", Image.new("L", (64, 64), 90), {}),
        ("date-palette.gif", _palette_image(150, 100, rng, 8), {}),
        ("elder-tall.bmp", Image.fromarray(_gradient(50, 200, 3, rng, 30), "RGB"), {}),
        ("grape-gray.jpg", Image.fromarray(_gradient(256, 256, 1, rng, 12), "L"), {"quality": 85}),
    ]
    paths = []
    for name, image, options in made:
        path = directory / name
        image.save(path, **options)
        paths.append(path)
    return paths


def make_large_images(directory: Path, seed: int = 11) -> list[Path]:
    """Six camera-sized images (0.5-1.9 megapixels), one per mode and format, each
    about 10-40 ms of preprocessing here."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = numpy.random.default_rng(seed)
    made: list[tuple[str, Image.Image, dict[str, Any]]] = [
        ("street.jpg", Image.fromarray(_gradient(1600, 1200, 3, rng, 24), "RGB"), {"quality": 90}),
        ("portrait.jpg", Image.fromarray(_gradient(1200, 1600, 1, rng, 24), "L"), {"quality": 90}),
        ("scan.png", Image.fromarray(_gradient(1200, 900, 1, rng, 6), "L"), {"compress_level": 1}),
        ("poster.png", _palette_image(1200, 900, rng, 6), {"compress_level": 1}),
        ("photo.png", Image.fromarray(_gradient(1000, 750, 3, rng, 12), "RGB"), {"compress_level": 1}),
        ("sticker.png", Image.fromarray(_gradient(800, 600, 4, rng, 12), "RGBA"), {"compress_level": 1}),
    ]
    paths = []
    for name, image, options in made:
        path = directory / name
        image.save(path, **options)
        paths.append(path)
    return paths


def serial_cpu_seconds(paths: Sequence[Path], scratch: Path, tries: int = 2) -> float:
    """CPU seconds the grader's serial preprocessing of ``paths`` takes here (best of
    ``tries``)."""
    best = float("inf")
    for _ in range(tries):
        started = time.process_time()
        preprocess_serial(paths, scratch)
        best = min(best, time.process_time() - started)
    shutil.rmtree(scratch, ignore_errors=True)
    return best


def replicate(bases: Sequence[Path], directory: Path, copies: int) -> list[Path]:
    """``copies`` of each base image under distinct names (hard links where the file
    system allows: the same pixels to decode, no extra disk), interleaved."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(copies):
        for base in bases:
            path = directory / f"{base.stem}-{n:03d}{base.suffix}"
            if not path.exists():
                try:
                    os.link(base, path)
                except OSError:
                    shutil.copyfile(base, path)
            paths.append(path)
    return paths


def images_for_seconds(directory: Path, seconds: float) -> list[Path]:
    """Real images whose serial preprocessing takes about ``seconds`` of CPU here."""
    bases = make_large_images(directory / "bases")
    per_set = serial_cpu_seconds(bases, directory / "scratch")
    copies = max(2, round(seconds / per_set))
    return replicate(bases, directory / "images", copies)


def unreadable(kind: str, directory: Path, good: Path) -> Path:
    """An input Pillow cannot read: ``text`` (a text file named .png), ``truncated``
    (the first half of a real PNG) or ``directory`` (a folder)."""
    directory.mkdir(parents=True, exist_ok=True)
    if kind == "text":
        path = directory / "notes-not-an-image.png"
        path.write_text("shopping list: milk, eggs\n", encoding="utf-8")
    elif kind == "truncated":
        path = directory / "cut-in-half.png"
        data = good.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "directory":
        path = directory / "holiday-album"
        path.mkdir()
        (path / "inside.txt").write_text("a folder is not an image\n", encoding="utf-8")
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return path


def snapshot(directory: Path) -> dict[str, bytes | None]:
    """Every file under ``directory`` with its bytes (None for folders)."""
    return {
        str(p.relative_to(directory)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(directory.rglob("*"))
    }


# --- Who opened which image -------------------------------------------------------------


def _describe(fp: object) -> str:
    if isinstance(fp, (str, os.PathLike)):
        return os.path.realpath(os.fspath(fp))
    name = getattr(fp, "name", None)
    if isinstance(name, str):
        return os.path.realpath(name)
    return repr(fp)


class OpenSpy:
    """Stands in for ``PIL.Image.open`` (see ``watching_opens``).

    In the grader's process (``parent``), every call is remembered in ``in_parent``,
    whichever thread made it (threads other than the main one in ``other_threads``). In any other process (a forked worker inherits the spy)
    the call is appended to ``<log_dir>/<pid>.opens``. It pickles as a reference to
    ``PIL.Image.open``, so code that hands ``Image.open`` to a worker still works.
    """

    def __init__(self, original: Callable[..., Image.Image], log_dir: Path) -> None:
        self.original = original
        self.log_dir = str(log_dir)
        self.parent = os.getpid()
        self.in_parent: list[str] = []
        #: Threads of the parent other than its main thread that opened an image.
        self.other_threads: set[int] = set()

    def __call__(self, fp: Any, *args: Any, **kwargs: Any) -> Image.Image:
        name = _describe(fp)
        if os.getpid() == self.parent:
            self.in_parent.append(name)
            if threading.current_thread() is not threading.main_thread():
                self.other_threads.add(threading.get_ident())
        else:
            log = os.path.join(self.log_dir, f"{os.getpid()}.opens")
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(name + "\n")
        return self.original(fp, *args, **kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (workloads.resolve, ("PIL.Image", "open"))

    def opened_in_children(self) -> dict[str, set[int]]:
        """{real path: pids of the other processes that opened it} from the logs."""
        found: dict[str, set[int]] = {}
        for log in Path(self.log_dir).glob("*.opens"):
            pid = int(log.stem)
            for name in log.read_text(encoding="utf-8").splitlines():
                found.setdefault(name, set()).add(pid)
        return found


@contextmanager
def watching_opens(log_dir: Path) -> Iterator[OpenSpy]:
    """Replace ``PIL.Image.open`` by an ``OpenSpy`` for the duration of the block."""
    log_dir.mkdir(parents=True, exist_ok=True)
    original = Image.open
    spy = OpenSpy(original, log_dir)
    Image.open = spy  # type: ignore[assignment]
    try:
        yield spy
    finally:
        Image.open = original


# --- What the grader's process receives from other processes ------------------------


class Received:
    """Bytes that this process read from multiprocessing connections (see ``receiving``)."""

    def __init__(self) -> None:
        self.parent = os.getpid()
        self.messages = 0
        self.total = 0
        self.largest = 0

    def add(self, size: int) -> None:
        self.messages += 1
        self.total += size
        self.largest = max(self.largest, size)


@contextmanager
def receiving() -> Iterator[Received]:
    """Count every message this process reads from a ``multiprocessing`` connection
    during the block: what pool, executor and queue workers send back all arrives
    through ``Connection._recv_bytes`` (3.10-3.13). Forked workers inherit the patch;
    it counts only in this process."""
    from multiprocessing import connection

    received = Received()
    original = connection.Connection._recv_bytes  # type: ignore[attr-defined]

    def counting(self: Any, maxsize: int | None = None) -> Any:
        buffer = original(self, maxsize)
        if os.getpid() == received.parent:
            received.add(buffer.tell())  # _recv_bytes leaves the position at the end
        return buffer

    connection.Connection._recv_bytes = counting  # type: ignore[attr-defined]
    try:
        yield received
    finally:
        connection.Connection._recv_bytes = original  # type: ignore[attr-defined]
