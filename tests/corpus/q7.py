"""Corpus cases for q7: wrong submissions in tests/submissions/q7_*, and where each is caught."""

from __future__ import annotations

from tests.corpus import ALL, NOT_FORK, WORK_IN_PARENT, Wrong  # noqa: F401

Q7 = "katas/q7/test_preprocess_images.py"
OPENED = "test_each_image_is_opened_by_one_of_exactly_processes_workers_and_never_by_the_parent"
UNREADABLE = "test_an_unreadable_input_raises_value_error_naming_it_after_every_worker_has_stopped"

CASES = [
    # q7: preprocess images in parallel
    Wrong("q7_serial_in_parent", f"{Q7}::{OPENED}", "10 image(s) were opened in the parent itself"),
    Wrong("q7_threads", f"{Q7}::{OPENED}", "thread(s): threads run inside the parent process"),
    Wrong("q7_every_worker_does_everything", f"{Q7}::{OPENED}", "opened by more than one process",
          fails_under=("fork",), passes_under=NOT_FORK),
    Wrong("q7_pixels_back", f"{Q7}::test_mean_brightness_decodes_in_the_workers_and_sends_back_only_floats",
          "send back only float(mean), never the pixels"),
    Wrong("q7_mean_in_parent", f"{Q7}::test_mean_brightness_decodes_in_the_workers_and_sends_back_only_floats",
          "10 image(s) were opened in the parent itself"),
    Wrong("q7_rounded_brightness", f"{Q7}::test_mean_brightness_matches_numpy_within_1e_9_in_input_order_as_floats",
          "are off by more than 1e-09"),
    Wrong("q7_listed_out_dir", f"{Q7}::test_preprocess_all_returns_the_output_paths_in_input_order",
          "the right paths in the wrong order"),
    Wrong("q7_size_ignored", f"{Q7}::test_preprocess_all_writes_files_byte_identical_to_the_given_preprocess_one",
          "files differ from what the given preprocess_one writes"),
    Wrong("q7_mkdir_without_parents", f"{Q7}::test_out_dir_is_created_with_its_missing_parents",
          "raised FileNotFoundError"),
    Wrong("q7_mkdir_in_workers",
          f"{Q7}::test_an_out_dir_that_cannot_be_created_is_an_error_naming_it_before_any_process_starts",
          "were started before the error"),
    Wrong("q7_duplicates_allowed", f"{Q7}::test_two_inputs_with_the_same_stem_are_rejected_before_any_process_starts",
          "one result would be lost"),
    Wrong("q7_leaves_workers_on_error", f"{Q7}::{UNREADABLE}", "were still running when the error reached the caller"),
    Wrong("q7_swallows_errors", f"{Q7}::{UNREADABLE}", "returned without an error"),
    Wrong("q7_no_validation", f"{Q7}::test_bad_processes_is_rejected_before_any_process_starts",
          "processes=True was accepted"),
]
