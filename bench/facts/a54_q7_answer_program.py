"""The program in solutions/q7/ANSWER.md ("The program"), run as written under each start
method: it writes one PNG per input, and the same bytes whichever method ran it.

Claim in solutions/q7/ANSWER.md ("I ran it on ... under fork, forkserver and spawn ...:
every run wrote byte-identical files"). The program is read from the ANSWER itself (the
first ``python`` block after "## The program"), saved to a temporary folder with one
line added at the top of its ``__main__`` block, ``multiprocessing.set_start_method(...)``,
and run on 14 generated images (RGB, RGBA, L and palette; PNG and JPEG; 40x30 to
320x240). The line prints, per start method, the files written, the last progress count
on stderr, and a digest of every output file's name and bytes.

    python bench/facts/a54_q7_answer_program.py

Measured 2026-12-08 (2-core Linux VM; Pillow 12.3.0 on 3.10, 13.0.0 elsewhere): on
3.10.13, 3.11.7, 3.12.1, 3.13.0, 3.14.10 and 3.15.2, each of fork, forkserver and spawn:
"rc 0; '14 images written to <tmp>/thumbs_...'; last progress '14/14'; 14 files, digest
dbcc85019034fdda" (the same digest in all eighteen runs).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

ANSWER = Path(__file__).resolve().parents[2] / "solutions" / "q7" / "ANSWER.md"


def program() -> str:
    text = ANSWER.read_text(encoding="utf-8")
    after = text.split("## The program", 1)[1]
    found = re.search(r"```python\n(.*?)```", after, re.S)
    assert found, "no python block after '## The program'"
    return found.group(1)


def make_images(folder: Path) -> None:
    rng = np.random.default_rng(7)
    modes = ["RGB", "RGBA", "L", "P"]
    sizes = [(40, 30), (64, 48), (120, 90), (200, 150), (320, 240), (100, 100), (77, 51)]
    for i in range(14):
        mode = modes[i % 4]
        w, h = sizes[i % len(sizes)]
        ramp = np.linspace(0, 255, w * h).reshape(h, w)
        noise = rng.integers(0, 60, (h, w))
        base = np.clip(ramp + noise, 0, 255).astype(np.uint8)
        rgb = Image.fromarray(np.stack([base, base[::-1], 255 - base], axis=2), "RGB")
        image = rgb.convert(mode) if mode != "P" else rgb.convert("P", palette=Image.Palette.ADAPTIVE)
        if mode in ("RGB", "L") and i % 2:
            image.save(folder / f"img{i:02d}.jpg", quality=90)
        else:
            image.save(folder / f"img{i:02d}.png")


def main() -> None:
    code = program()
    marker = 'if __name__ == "__main__":\n'
    assert marker in code
    digests = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        photos = root / "photos"
        photos.mkdir()
        make_images(photos)
        print(f"Python {sys.version.split()[0]}, program of {len(code.splitlines())} lines")
        for method in ("fork", "forkserver", "spawn"):
            script = root / f"preprocess_{method}.py"
            script.write_text(
                code.replace(marker, marker + f"    multiprocessing.set_start_method({method!r})\n"), encoding="utf-8"
            )
            out = root / f"thumbs_{method}"
            done = subprocess.run(
                [sys.executable, str(script), str(photos), str(out)], capture_output=True, text=True, timeout=120
            )
            files = sorted(out.glob("*.png")) if out.exists() else []
            digest = hashlib.sha256()
            for f in files:
                digest.update(f.name.encode() + f.read_bytes())
            digests.append(digest.hexdigest())
            progress = (done.stderr.strip().splitlines() or [""])[-1]
            said = done.stdout.strip().replace(str(root), "<tmp>")
            print(
                f"  {method:10} rc {done.returncode}; {said!r}; last progress {progress!r}; "
                f"{len(files)} files, digest {digest.hexdigest()[:16]}"
            )
    print(f"  same bytes under every start method: {len(set(digests)) == 1}")


if __name__ == "__main__":
    main()
