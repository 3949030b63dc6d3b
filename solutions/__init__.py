"""Reference solutions, graded with `pytest katas --solutions`."""
