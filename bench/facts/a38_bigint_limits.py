"""The 4300-digit limit on int/str conversion, pickling huge ints, and tower sizes.

Claims in katas/q6/README.md ("Going further") and solutions/q6/ANSWER.md ("Power
towers", "Printing huge ints"): ``str()`` of an int over 4300 digits raises
``ValueError`` (wording per version), and so do ``repr()``, f-strings and ``print()``;
``int()`` of a 5000-digit string names the digit count; the limit is lifted with
``sys.set_int_max_str_digits(0)`` (other values at least 640),
``PYTHONINTMAXSTRDIGITS=0`` or ``-X int_max_str_digits=0``; pickle protocols 0 and 1
hit it, 2+ do not; multiprocessing pickles with the default protocol (4 up to 3.13,
5 from 3.14); the sizes of the towers; how long ``str(7 ** 7 ** 7)`` takes with the
limit off.

    python bench/facts/a38_bigint_limits.py

Measured 2026-12-08 (2-core Linux VM):
    every version (3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10, 3.15.2):
      raise too: ['f-string', 'print', 'repr']
      digits: 4 ** 256 -> 155, 5 ** 5 ** 5 -> 2185 (no error)
      PYTHONINTMAXSTRDIGITS=0 -> 36306 digits; -X int_max_str_digits=0 -> 36306 digits
      pickle 10 ** 4300 works with protocols [2, 3, 4, 5]; 10 ** 4299 under 0 and 1: True
      pickle.dumps(10 ** 4300, protocol=0): the same ValueError as str() (3.10.13:
        "Exceeds the limit (4300) ...", later "Exceeds the limit (4300 digits) ...")
      multiprocessing's pickle of 7 ** 7 ** 7: 289015 bytes
      bits: {5: 7257, 6: 120605, 7: 2311978, 8: 50331649}; 9 ** 9 ** 9 about 1.228
        billion bits = 146.4 MiB
      digits: 6 ** 6 ** 6 -> 36306, 7 ** 7 ** 7 -> 695975
    3.11.7 to 3.15.2: str(6 ** 6 ** 6): ValueError: Exceeds the limit (4300 digits) for
      integer string conversion; use sys.set_int_max_str_digits() to increase the limit
      int('1' * 5000): ValueError: Exceeds the limit (4300 digits) for integer string
      conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase
      the limit
    3.10.13: the same two messages with "(4300)" instead of "(4300 digits)"
    set_int_max_str_digits(639): 3.10.13-3.13.0 "ValueError: maxdigits must be 0 or
      larger than 640"; 3.14.10, 3.15.2 "ValueError: maxdigits must be >= 640 or 0 for
      unlimited"; 640 accepted everywhere
    pickle.DEFAULT_PROTOCOL and multiprocessing's protocol: 4 on 3.10.13-3.13.0, 5 on
      3.14.10 and 3.15.2
    str(7 ** 7 ** 7) with the limit off, CPU: 5.94 s (3.10.13), 5.83 s (3.11.7),
      0.21 s (3.12.1), 0.26 s (3.13.0), 0.33 s (3.14.10), 0.39 s (3.15.2)
"""

from __future__ import annotations

import contextlib
import io
import math
import multiprocessing.reduction
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Callable


def error_of(call: Callable[[], object]) -> str:
    try:
        call()
    except ValueError as error:
        return f"ValueError: {error}"
    return "no error"


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    six = 6**6**6
    print(f"  str(6 ** 6 ** 6): {error_of(lambda: str(six))}")
    others = {
        "repr": error_of(lambda: repr(six)),
        "f-string": error_of(lambda: f"{six}"),
        "print": error_of(lambda: print(six, file=io.StringIO())),
    }
    print(f"  raise too: {sorted(k for k, v in others.items() if v.startswith('ValueError'))}")
    print(f"  int('1' * 5000): {error_of(lambda: int('1' * 5000))}")
    print(f"  digits: 4 ** 256 -> {len(str(4**256))}, 5 ** 5 ** 5 -> {len(str(5**5**5))} (no error)")
    print(f"  set_int_max_str_digits(639): {error_of(lambda: sys.set_int_max_str_digits(639))}; "
          f"640 accepted: {error_of(lambda: sys.set_int_max_str_digits(640)) == 'no error'}")
    code = "print(len(str(6 ** 6 ** 6)))"
    env = dict(os.environ, PYTHONINTMAXSTRDIGITS="0")
    by_env = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout.strip()
    by_flag = subprocess.run([sys.executable, "-X", "int_max_str_digits=0", "-c", code],
                             capture_output=True, text=True).stdout.strip()
    print(f"  PYTHONINTMAXSTRDIGITS=0 -> {by_env} digits; -X int_max_str_digits=0 -> {by_flag} digits")
    sys.set_int_max_str_digits(4300)
    limit = 10**4300  # 4301 digits
    protocols = {p: error_of(lambda p=p: pickle.dumps(limit, protocol=p)) == "no error"  # type: ignore[misc]
                 for p in range(pickle.HIGHEST_PROTOCOL + 1)}
    under = all(error_of(lambda p=p: pickle.dumps(10**4299, protocol=p)) == "no error"  # type: ignore[misc]
                for p in (0, 1))
    print(f"  pickle 10 ** 4300 works with protocols {[p for p, ok in protocols.items() if ok]}; "
          f"10 ** 4299 under 0 and 1: {under}")
    print(f"  pickle.dumps(10 ** 4300, protocol=0): {error_of(lambda: pickle.dumps(limit, protocol=0))[:80]}")
    seven = 7**7**7
    shipped = bytes(multiprocessing.reduction.ForkingPickler.dumps(seven))
    print(f"  pickle.DEFAULT_PROTOCOL {pickle.DEFAULT_PROTOCOL}; multiprocessing's pickle of 7 ** 7 ** 7: "
          f"protocol {shipped[1]}, {len(shipped)} bytes")
    bits = {n: (n**n**n).bit_length() for n in (5, 6, 7, 8)}
    nine = 9**9 * math.log2(9)
    print(f"  bits: {bits}; 9 ** 9 ** 9 about {nine / 1e9:.3f} billion bits = {nine / 8 / 2**20:.1f} MiB")
    sys.set_int_max_str_digits(0)
    started = time.process_time()
    digits = len(str(seven))
    print(f"  digits: 6 ** 6 ** 6 -> {len(str(six))}, 7 ** 7 ** 7 -> {digits}; str(7 ** 7 ** 7) with the limit off: "
          f"{time.process_time() - started:.2f} s CPU")
    with contextlib.suppress(AttributeError):
        sys.set_int_max_str_digits(4300)


if __name__ == "__main__":
    main()
