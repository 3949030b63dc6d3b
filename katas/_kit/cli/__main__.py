"""``python -m katas._kit.cli``: the same program as ``mpkatas`` and ``python -m katas``."""

from katas._kit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
