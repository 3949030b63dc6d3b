"""Meta-tests: they grade the graders."""
