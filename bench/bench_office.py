"""Benchmark: a .doc, .odt or .rtf read through the warm LibreOffice the drafts keep (a reader pool
worker asks the service) against a cold `soffice --convert-to` (the reader outside the pool), on the
same files (target: ≤ 0.3×). The machine is shared: the two take turns (which first alternates),
best of the rounds and the sums are both given.

    .venv/bin/python bench/bench_office.py [ROUNDS]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
BOUND = 0.3


def main() -> int:
    from service.drafts.pdf import lend_to_readers, shared_converter
    from service.readers import read_document, read_document_guarded
    from tests.conftest import SAMPLE_REPORT, make_docx
    from tests.reliability.documents import soffice

    work = Path(tempfile.mkdtemp(prefix="off19-"))
    src = make_docx(work / "bc.docx", SAMPLE_REPORT)
    made = {}
    for ext, flt in (("doc", "doc:MS Word 97"), ("odt", "odt"), ("rtf", "rtf")):
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={(work / 'p').as_uri()}",
                "--headless",
                "--convert-to",
                flt,
                "--outdir",
                str(work / ext),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        made[ext] = next((work / ext).iterdir())
    lend_to_readers()
    conv = shared_converter()
    read_document_guarded(made["doc"])  # warm-up: pool and LibreOffice started
    cold, warm = {e: [] for e in made}, {e: [] for e in made}
    for r in range(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        for ext, path in made.items():
            steps = [("cold", read_document), ("warm", read_document_guarded)]
            for name, fn in steps if r % 2 == 0 else steps[::-1]:
                t = time.perf_counter()
                fn(path)
                d = time.perf_counter() - t
                (cold if name == "cold" else warm)[ext].append(d)
    for ext in made:
        print(
            f"{ext}: cold best {min(cold[ext]) * 1000:.0f} ms, warm best {min(warm[ext]) * 1000:.0f} ms, "
            f"ratio {min(warm[ext]) / min(cold[ext]):.2f}; sums ratio {sum(warm[ext]) / sum(cold[ext]):.2f}"
        )
    print(f"warm conversions {conv.conversions}, cold fallbacks {conv.cold_fallbacks}")
    shutil.rmtree(work)
    worst = max(min(warm[e]) / min(cold[e]) for e in made)
    print(f"worst ratio {worst:.2f} (bound {BOUND})")
    return 0 if worst <= BOUND and conv.cold_fallbacks == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
