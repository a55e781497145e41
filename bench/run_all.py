"""`make bench`: every benchmark, each printing ratios against a baseline measured in the same run."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = [
    "bench_readers.py",
    "bench_extract.py",
    "bench_extraction.py",
    "bench_correction.py",
    "bench_tracking.py",
    "bench_drafts.py",
    "bench_office.py",
    "bench_ocr.py --pages 60",  # the full 1,000 pages take about an hour on 2 cores
    "bench_web.py",
    "bench_load.py",
]


def main() -> int:
    failed = []
    for entry in ORDER:
        name, *args = entry.split()
        script = HERE / name
        if not script.exists():
            print(f"== {name}: missing", flush=True)
            failed.append(name)
            continue
        print(f"== {name}", flush=True)
        t0 = time.monotonic()
        rc = subprocess.call([sys.executable, str(script), *args], cwd=HERE.parent)
        print(f"== {name}: exit {rc} in {time.monotonic() - t0:.1f} s", flush=True)
        if rc:
            failed.append(name)
    if failed:
        print("FAILED: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
