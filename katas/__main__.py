"""``python -m katas``: the mpkatas command line (the same as the ``mpkatas`` script)."""

from katas._kit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
