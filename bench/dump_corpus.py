"""Write what the readers make of every corpus file to /tmp/corpus_text/<name>.txt.

Each dump is the document text, then a block `=== SIGNATURES ===` with one JSON line per
signature. Usage: .venv/bin/python bench/dump_corpus.py [CORPUS_DIR] [OUT_DIR]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from service.errors import ReadError
from service.readers import read_document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "files"
OUT = Path("/tmp/corpus_text")


def dump_corpus(corpus: Path = CORPUS, out: Path = OUT) -> int:
    out.mkdir(parents=True, exist_ok=True)
    failures = 0
    for path in sorted(corpus.iterdir()):
        started = time.perf_counter()
        try:
            result = read_document(path)
        except ReadError as exc:
            failures += 1
            print(f"{path.name}: FAILED {exc.code} {exc.detail}")
            continue
        lines = [result.text, "", "=== SIGNATURES ==="]
        lines += [json.dumps(s.to_json(), ensure_ascii=False) for s in result.signatures]
        (out / f"{path.name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        sources = ",".join(sorted({p.source for p in result.pages}))
        print(
            f"{path.name}: {result.format} pages={len(result.pages)} ({sources}) "
            f"signatures={len(result.signatures)} {time.perf_counter() - started:.1f}s "
            f"warnings={result.warnings}"
        )
    return failures


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:3]]
    sys.exit(1 if dump_corpus(*args) else 0)
