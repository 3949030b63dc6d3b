"""Grader for q7: preprocess real images in worker processes, paths out, small results back.

The grader makes its own images at run time (seeded noise and gradients; RGB, RGBA, L
and palette images; PNG, JPEG, GIF, BMP; several sizes) and proves:

- the output files are byte for byte what the grader's own copy of ``preprocess_one``
  writes, and the paths come back in input order;
- the parent opens no image while the call runs: ``PIL.Image.open`` is replaced for
  the duration of the call by a spy that counts the calls made in the grader's own
  process (any thread). Under fork the workers inherit the spy and log what they open,
  so there each image must also have been opened by exactly one worker the call
  started; under spawn and forkserver the workers import a fresh Pillow and only the
  parent side is checked;
- ``mean_brightness`` matches numpy within 1e-9, returns floats, and what the parent
  received from other processes during the call (every multiprocessing connection
  read is counted) stays far below the size of the pixels: only the floats travelled;
- bad input (duplicate stems, an unreadable file, a folder, an ``out_dir`` that cannot
  be created, bad ``processes``) gives a clear error, loses no file, leaves nothing
  running, and argument errors come before any process starts;
- on a machine with two free cores, two workers beat serial on about 2 s of real work
  (calibrated as in q1; the only check that may skip).

Every test runs under each start method (see the test id).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType

import pytest

from katas._kit import processes, speed
from katas._kit.grading import assert_rejects_bad_count, grades
from katas._kit.processes import Recorder
from katas._kit.tasks import q7 as tasks

pytestmark = grades("q7", "preprocess_images")

TOLERANCE = 1e-9
#: What the parent may receive from workers per image, plus a fixed allowance: a float
#: and its envelope take under 300 bytes even one message per image (executor, imap).
BYTES_PER_IMAGE = 1024
BYTES_FIXED = 4096


@pytest.fixture
def preprocess_images(kata: ModuleType) -> ModuleType:
    return kata


@pytest.fixture(scope="session")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Ten small real images, made once per session and only ever read."""
    return tasks.make_mixed_images(tmp_path_factory.mktemp("q7-images"))


class _SpeedImages:
    """About ``speed.SERIAL_SECONDS`` of real images, made on first use."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._paths: list[Path] | None = None

    def get(self) -> list[Path]:
        if self._paths is None:
            self._paths = tasks.images_for_seconds(self.directory, speed.SERIAL_SECONDS)
        return self._paths


@pytest.fixture(scope="session")
def speed_images(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_SpeedImages]:
    directory = tmp_path_factory.mktemp("q7-speed")
    yield _SpeedImages(directory)
    shutil.rmtree(directory, ignore_errors=True)


def _outputs(images: Sequence[Path], out_dir: Path) -> list[Path]:
    return [out_dir / (image.stem + ".png") for image in images]


def _assert_paths(got: object, expected: list[Path], what: str) -> None:
    assert isinstance(got, list), f"{what} returned {type(got).__name__}, expected a list of Path"
    not_paths = [g for g in got if not isinstance(g, Path)]
    assert not not_paths, (
        f"{what} returned {type(not_paths[0]).__name__} items ({not_paths[0]!r}): return the "
        "pathlib.Path objects that preprocess_one returns"
    )
    if got == expected:
        return
    if sorted(got) == sorted(expected):
        raise AssertionError(
            f"{what} returned the right paths in the wrong order: {[p.name for p in got]}, "
            f"expected {[p.name for p in expected]}. Return them in the order of `paths`: "
            "map, starmap and imap keep input order (imap_unordered and as_completed do not); "
            "do not sort the results or list out_dir"
        )
    raise AssertionError(f"{what} returned {[str(p) for p in got]}, expected {[str(p) for p in expected]}")


def _raised(call: Callable[[], object]) -> Exception | None:
    """The exception ``call()`` raised, or None (a stub's NotImplementedError passes through)."""
    try:
        call()
    except NotImplementedError:
        raise
    except Exception as error:  # noqa: BLE001 - judged by the caller
        return error
    return None


def _still_running(guard: Recorder) -> list[int]:
    return sorted(pid for pid in guard.started_pids if processes.is_running(pid))


def _assert_opened_only_by_workers(
    spy: tasks.OpenSpy, images: Sequence[Path], guard: Recorder, start_method: str, what: str
) -> None:
    if spy.other_threads:
        raise AssertionError(
            f"{what}: {len(spy.in_parent)} image(s) were opened in the parent by "
            f"{len(spy.other_threads)} thread(s): threads run inside the parent process, "
            "share its memory (and, on the default build, its GIL), and are not worker "
            "processes. Use a process pool "
            "(multiprocessing.Pool or ProcessPoolExecutor)"
        )
    assert not spy.in_parent, (
        f"{what}: {len(spy.in_parent)} image(s) were opened in the parent itself during the "
        f"call (first: {Path(spy.in_parent[0]).name}). Send each worker process the path and "
        "let the worker open, process and save the image"
    )
    assert guard.started_pids, (
        f"{what}: no process was started, yet the images were handled: the work must run "
        "in worker processes that the call starts"
    )
    if start_method != "fork":
        return  # spawn and forkserver workers import a fresh Pillow, without the spy
    opened = spy.opened_in_children()
    if not opened:
        return  # these workers were not forked from this process (a context of their own)
    wanted = {os.path.realpath(image): image.name for image in images}
    missing = [name for real, name in wanted.items() if real not in opened]
    assert not missing, f"{what}: no worker opened {missing}, yet the parent did not either"
    twice = {name: sorted(opened[real]) for real, name in wanted.items() if len(opened[real]) > 1}
    assert not twice, (
        f"{what}: image(s) opened by more than one process: {twice} (image: pids). Each image "
        "is handled once: give each worker its own share of the paths (a pool's map does), "
        "not all of them"
    )
    unknown = sorted({pid for real in wanted for pid in opened[real]} - guard.started_pids)
    assert not unknown, f"{what}: images opened in pid(s) {unknown}, which the call did not start"


# --- preprocess_all ---------------------------------------------------------------------


def test_preprocess_all_writes_files_byte_identical_to_the_given_preprocess_one(
    preprocess_images: ModuleType, mixed: list[Path], tmp_path: Path
) -> None:
    size = (48, 32)
    expected = tasks.preprocess_serial(mixed, tmp_path / "expected", size)
    out = tmp_path / "out"
    what = f"preprocess_all({len(mixed)} images, processes=2, size={size})"
    got = preprocess_images.preprocess_all(mixed, out, processes=2, size=size)
    _assert_paths(got, [out / p.name for p in expected], what)
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(p.name for p in expected), (
        f"{what}: out_dir holds {written}, expected exactly one PNG per input: "
        f"{sorted(p.name for p in expected)}"
    )
    differ = [p.name for p in expected if (out / p.name).read_bytes() != p.read_bytes()]
    assert not differ, (
        f"{what}: {len(differ)} of {len(expected)} files differ from what the given "
        f"preprocess_one writes: {differ}. Call preprocess_one(src, out_dir, size) in the "
        "worker, unchanged, with the size you were given"
    )


def test_preprocess_all_returns_the_output_paths_in_input_order(
    preprocess_images: ModuleType, mixed: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "existing"
    out.mkdir()
    keep = out / "keep-me.txt"
    keep.write_text("not an output: leave me alone\n", encoding="utf-8")
    what = f"preprocess_all({len(mixed)} images, processes=3)"
    got = preprocess_images.preprocess_all(mixed, out, processes=3)
    _assert_paths(got, _outputs(mixed, out), what)
    assert keep.read_text(encoding="utf-8") == "not an output: leave me alone\n", (
        f"{what}: a file that was already in out_dir was changed or removed"
    )


def _assert_started(guard: Recorder, processes: int, what: str) -> None:
    started = len(guard.started_pids)
    assert started == processes, (
        f"{what}: {started} process(es) were started for processes={processes}, with more "
        f"images than that: start exactly `processes` worker processes and reuse them for "
        "all the images (a pool of that size; no process per image, no maxtasksperchild)"
    )


def test_each_image_is_opened_by_one_of_exactly_processes_workers_and_never_by_the_parent(
    preprocess_images: ModuleType, mixed: list[Path], tmp_path: Path, guard: Recorder, start_method: str
) -> None:
    out = tmp_path / "out"
    what = f"preprocess_all({len(mixed)} images, processes=3)"
    with tasks.watching_opens(tmp_path / "opens") as spy:
        got = preprocess_images.preprocess_all(mixed, out, processes=3)
    _assert_paths(got, _outputs(mixed, out), what)
    _assert_opened_only_by_workers(spy, mixed, guard, start_method, what)
    _assert_started(guard, 3, what)


def test_out_dir_is_created_with_its_missing_parents(
    preprocess_images: ModuleType, mixed: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "made" / "for" / "you"
    what = "preprocess_all(3 images, out_dir=<three levels that do not exist yet>)"
    try:
        got = preprocess_images.preprocess_all(mixed[:3], out, processes=2)
    except FileNotFoundError as error:
        raise AssertionError(
            f"{what} raised FileNotFoundError: {error}. Create out_dir and its missing parents "
            "in the parent, before starting the workers: Path(out_dir).mkdir(parents=True, "
            "exist_ok=True)"
        ) from None
    _assert_paths(got, _outputs(mixed[:3], out), what)


def test_an_out_dir_that_cannot_be_created_is_an_error_naming_it_before_any_process_starts(
    preprocess_images: ModuleType, mixed: list[Path], tmp_path: Path, guard: Recorder
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, where out_dir needs a folder\n", encoding="utf-8")
    out = blocker / "preprocessed-here"
    inputs = tasks.snapshot(mixed[0].parent)
    error = _raised(lambda: preprocess_images.preprocess_all(mixed[:3], out, processes=2))
    assert error is not None, f"preprocess_all(out_dir={out}) returned, but {blocker.name} is a file: that folder cannot exist"
    assert isinstance(error, (OSError, ValueError)), (
        f"an out_dir that cannot be created raised {type(error).__name__}: {error}; expected the "
        "OSError from mkdir (or a ValueError)"
    )
    assert out.name in str(error), (
        f"the {type(error).__name__} should name the out_dir that cannot be created ({out}), got: {error}"
    )
    assert not guard.started_pids, (
        f"{len(guard.started_pids)} process(es) were started before the error: create out_dir "
        "before starting any worker"
    )
    assert blocker.read_text(encoding="utf-8") == "a file, where out_dir needs a folder\n", (
        f"{blocker.name}, the file in the way, was changed or removed: an error must lose nothing"
    )
    assert tasks.snapshot(mixed[0].parent) == inputs, "the input images were changed"


@pytest.mark.parametrize("case", ["two-folders", "same-file-twice"])
def test_two_inputs_with_the_same_stem_are_rejected_before_any_process_starts(
    preprocess_images: ModuleType, mixed: list[Path], tmp_path: Path, guard: Recorder, case: str
) -> None:
    apple = next(p for p in mixed if p.stem == "apple-gradient")
    if case == "two-folders":
        other = tmp_path / "elsewhere" / "apple-gradient.png"
        other.parent.mkdir()
        shutil.copyfile(apple, other)
    else:
        other = apple
    inputs = [apple, mixed[0], other]
    out = tmp_path / "out"
    error = _raised(lambda: preprocess_images.preprocess_all(inputs, out, processes=2))
    assert error is not None, (
        f"preprocess_all accepted {apple} and {other}: both have the stem 'apple-gradient', so "
        "both would be written to apple-gradient.png and one result would be lost. Raise "
        "ValueError naming the stem before starting any worker"
    )
    assert isinstance(error, ValueError), (
        f"two inputs with the same stem raised {type(error).__name__}: {error}; expected ValueError"
    )
    assert "apple-gradient" in str(error), f"the ValueError should name the stem 'apple-gradient', got: {error}"
    assert not guard.started_pids, (
        f"{len(guard.started_pids)} process(es) were started before the error: check the stems "
        "before creating any process or pool"
    )


@pytest.mark.parametrize("kind", ["text", "truncated", "directory"])
def test_an_unreadable_input_raises_value_error_naming_it_after_every_worker_has_stopped(
    preprocess_images: ModuleType, mixed: list[Path], tmp_path: Path, guard: Recorder, kind: str
) -> None:
    good = next(p for p in mixed if p.suffix == ".png")
    bad = tasks.unreadable(kind, tmp_path / "inputs", good)
    inputs = [*mixed[1:3], bad, *mixed[3:6]]
    before = (tasks.snapshot(mixed[0].parent), tasks.snapshot(bad.parent))
    what = f"preprocess_all with {bad.name} ({'a folder' if kind == 'directory' else kind}) among {len(inputs)} inputs"
    error = _raised(lambda: preprocess_images.preprocess_all(inputs, tmp_path / "out", processes=2))
    running = _still_running(guard)
    assert error is not None, f"{what} returned without an error: an unreadable input must raise ValueError"
    assert isinstance(error, ValueError), (
        f"{what} raised {type(error).__name__}: {error}; expected the ValueError that "
        "preprocess_one raises, re-raised in the parent"
    )
    assert bad.name in str(error), f"the ValueError should name {bad.name}, got: {error}"
    assert not running, (
        f"{what}: worker(s) {running} were still running when the error reached the caller: "
        "on an error, terminate() the pool and join() it before re-raising (try/except/finally)"
    )
    assert (tasks.snapshot(mixed[0].parent), tasks.snapshot(bad.parent)) == before, (
        "the input files or folders were changed: an error must lose nothing"
    )


@pytest.mark.parametrize("function", ["preprocess_all", "mean_brightness"])
def test_empty_input_gives_an_empty_list(preprocess_images: ModuleType, tmp_path: Path, function: str) -> None:
    if function == "preprocess_all":
        got = preprocess_images.preprocess_all([], tmp_path / "out", processes=2)
    else:
        got = preprocess_images.mean_brightness([], processes=2)
    assert got == [], f"{function}([]) returned {got!r}, expected []"


@pytest.mark.parametrize("function", ["preprocess_all", "mean_brightness"])
def test_bad_processes_is_rejected_before_any_process_starts(
    preprocess_images: ModuleType, mixed: list[Path], tmp_path: Path, guard: Recorder, function: str
) -> None:
    if function == "preprocess_all":
        call: Callable[[object], object] = lambda bad: preprocess_images.preprocess_all(  # noqa: E731
            mixed[:2], tmp_path / "out", processes=bad
        )
    else:
        call = lambda bad: preprocess_images.mean_brightness(mixed[:2], processes=bad)  # noqa: E731
    assert_rejects_bad_count(call, "processes", guard)


# --- mean_brightness ------------------------------------------------------------------------


def test_mean_brightness_matches_numpy_within_1e_9_in_input_order_as_floats(
    preprocess_images: ModuleType, mixed: list[Path]
) -> None:
    expected = [tasks.brightness(p) for p in mixed]
    what = f"mean_brightness({len(mixed)} images, processes=2)"
    got = preprocess_images.mean_brightness(mixed, processes=2)
    assert isinstance(got, list), f"{what} returned {type(got).__name__}, expected a list of floats"
    assert len(got) == len(mixed), f"{what} returned {len(got)} values for {len(mixed)} images"
    not_floats = [(p.name, type(v).__name__) for p, v in zip(mixed, got) if not isinstance(v, float)]
    assert not not_floats, (
        f"{what} returned non-floats: {not_floats}. Return a Python float per image: "
        "float(array.mean())"
    )
    wrong = [
        f"{p.name}: {v!r}, expected {e!r}" for p, v, e in zip(mixed, got, expected) if not abs(v - e) <= TOLERANCE
    ]
    assert not wrong, (
        f"{what}: {len(wrong)} of {len(mixed)} values are off by more than {TOLERANCE}: {wrong}. "
        "The value is numpy.asarray(image.convert('L')).mean() of the original image, unrounded, "
        "in the order of `paths`"
    )


def test_mean_brightness_decodes_in_the_workers_and_sends_back_only_floats(
    preprocess_images: ModuleType, mixed: list[Path], tmp_path: Path, guard: Recorder, start_method: str
) -> None:
    pixels = sum(width * height for width, height in (tasks.load_grayscale(p).size for p in mixed))
    allowed = BYTES_PER_IMAGE * len(mixed) + BYTES_FIXED
    what = f"mean_brightness({len(mixed)} images, processes=2)"
    with tasks.watching_opens(tmp_path / "opens") as spy, tasks.receiving() as received:
        got = preprocess_images.mean_brightness(mixed, processes=2)
    assert isinstance(got, list) and len(got) == len(mixed), f"{what} returned {got!r}"
    _assert_opened_only_by_workers(spy, mixed, guard, start_method, what)
    _assert_started(guard, 2, what)
    assert received.total <= allowed, (
        f"{what}: the parent received {received.total} bytes from other processes in "
        f"{received.messages} message(s) (the largest {received.largest} bytes), for "
        f"{len(mixed)} floats; the images' grayscale pixels total {pixels} bytes. Compute the "
        "mean in the worker and send back only float(mean), never the pixels"
    )


def test_mean_brightness_of_an_unreadable_image_raises_value_error_naming_it(
    preprocess_images: ModuleType, mixed: list[Path], tmp_path: Path, guard: Recorder
) -> None:
    good = next(p for p in mixed if p.suffix == ".png")
    bad = tasks.unreadable("truncated", tmp_path / "inputs", good)
    inputs = [*mixed[:3], bad, *mixed[3:5]]
    what = f"mean_brightness with {bad.name} (truncated) among {len(inputs)} inputs"
    error = _raised(lambda: preprocess_images.mean_brightness(inputs, processes=2))
    running = _still_running(guard)
    assert error is not None, f"{what} returned without an error: an unreadable input must raise ValueError"
    assert isinstance(error, ValueError), (
        f"{what} raised {type(error).__name__}: {error}; expected a ValueError naming the file "
        "(load_grayscale raises one)"
    )
    assert bad.name in str(error), f"the ValueError should name {bad.name}, got: {error}"
    assert not running, (
        f"{what}: worker(s) {running} were still running when the error reached the caller: "
        "on an error, terminate() the pool and join() it before re-raising"
    )


# --- speed -------------------------------------------------------------------------------


@pytest.mark.timeout(90)
def test_two_workers_preprocess_real_images_faster_than_serial_when_two_cores_are_free(
    preprocess_images: ModuleType, speed_images: _SpeedImages, tmp_path: Path
) -> None:
    preprocess_images.preprocess_all([], tmp_path / "probe", processes=1)  # not attempted? say so first
    images = speed_images.get()
    serial_dir, parallel_dir = tmp_path / "serial", tmp_path / "parallel"
    speed.assert_faster_than_serial(
        serial=lambda: [p.name for p in tasks.preprocess_serial(images, serial_dir)],
        parallel=lambda: [Path(p).name for p in preprocess_images.preprocess_all(images, parallel_dir, processes=2)],
        what=f"preprocess_all({len(images)} real images, processes=2)",
        serial_key=f"q7 preprocess_serial({len(images)} images in {images[0].parent})",
    )
