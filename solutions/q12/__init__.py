"""Kata package (kept empty: children import it)."""
