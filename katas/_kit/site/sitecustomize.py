"""Start-up hook for Python processes started while a grader captures output.

The kit puts this folder on ``PYTHONPATH`` only during a capture, so spawn and
forkserver children, and programs a grader runs, tag their stdout with their pid.
It then hands over to any other ``sitecustomize`` further down ``sys.path``.
"""

import importlib
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_root = os.path.dirname(os.path.dirname(os.path.dirname(_here)))

if os.environ.get("MPKATAS_TAG_STDOUT") or os.environ.get("MPKATAS_START_METHOD"):
    if _root not in sys.path:
        sys.path.append(_root)
    from katas._kit import tagged_output

    if os.environ.get("MPKATAS_TAG_STDOUT"):
        tagged_output.install(os.environ["MPKATAS_TAG_STDOUT"])
    if os.environ.get("MPKATAS_START_METHOD"):
        tagged_output.apply_default_start_method(os.environ["MPKATAS_START_METHOD"])

# Chain to the sitecustomize this one shadows, if there is one.
_saved_path = list(sys.path)
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != _here]
_this = sys.modules.pop("sitecustomize", None)
try:
    importlib.import_module("sitecustomize")
except ImportError:
    pass
finally:
    sys.path[:] = _saved_path
    if _this is not None:
        sys.modules["sitecustomize"] = _this
