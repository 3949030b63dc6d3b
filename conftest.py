"""Loads the grading kit's pytest plugin for every test in the repository."""

pytest_plugins = ["katas._kit.plugin"]
