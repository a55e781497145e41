"""What the readers make of a set of files, kept on disk between runs (OCR of the corpus takes minutes).

    .venv/bin/python bench/corpus_reads.py [FILES_DIR]     # read (or refresh) the cache

A file's reading is cached under the hash of its bytes and of the readers' own source, so a change
to a reader reads again; extraction, which is what changes most, then runs in seconds.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.config import load_config
from service.errors import ReadError
from service.models import ReadResult
from service.readers import read_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS_FILES = ROOT.parent / "shared" / "corpus" / "files"
CACHE = Path("/tmp/vanthu-reads")
_READER_SOURCES = [
    *sorted((ROOT / "service" / "models").glob("*.py")),
    *sorted((ROOT / "service" / "readers").glob("*.py")),
]
_READER_SOURCES += [ROOT / "service" / "text" / name for name in ("legacy.py", "normalize.py")]


def _readers_hash() -> str:
    digest = hashlib.sha256()
    for path in _READER_SOURCES:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_files(files: list[Path], cache: Path = CACHE, *, verbose: bool = False) -> dict[str, ReadResult]:
    """Each file's ReadResult (None-free: a file that fails to read is left out, and said)."""
    limits = load_config(ROOT / "config.yaml").limits
    version = _readers_hash()
    cache.mkdir(parents=True, exist_ok=True)
    out: dict[str, ReadResult] = {}
    for path in files:
        key = hashlib.sha256(path.read_bytes()).hexdigest()[:24] + "-" + version
        stored = cache / f"{key}.pickle"
        if stored.exists():
            out[path.name] = pickle.loads(stored.read_bytes())
            continue
        started = time.perf_counter()
        try:
            result = read_document(path, limits)
        except ReadError as exc:
            print(f"{path.name}: FAILED {exc.code} {exc.detail}", file=sys.stderr)
            continue
        stored.write_bytes(pickle.dumps(result))
        out[path.name] = result
        if verbose:
            print(f"{path.name}: {result.format} {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return out


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS_FILES
    reads = read_files(sorted(folder.iterdir()), verbose=True)
    print(f"{len(reads)} files read")
