"""Score extraction on the readers' text dumps of the development corpus.

    .venv/bin/python bench/score_corpus.py [--pred /tmp/pred.jsonl]

The files are read once and kept (bench/corpus_reads.py); extraction runs with the shipped
config.yaml, as `vanthu extract --json` does. With --text-dir, old text dumps are scored instead: each
dump is ``<file>.txt``: the text, then a line ``=== SIGNATURES ===`` and one JSON
SignatureInfo per line. Writes the predictions as JSON lines and runs the corpus's score.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus_reads import CORPUS_FILES, ROOT, read_files
from service.config import Config, load_config
from service.extract import extract_document, extract_fields
from service.ingest.correction import build_corrector, correct_read, finish_fields
from service.models import Fields, Organisation, ReadResult, SignatureInfo, Unit, UnitGroup
from service.text.correct import Corrector

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
MARK = "=== SIGNATURES ==="

BUREAUS = [
    "Văn phòng HĐND và UBND",
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Nông nghiệp và PTNT",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Văn hóa và Thông tin",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Y tế",
    "Phòng Dân tộc",
    "Thanh tra huyện",
]
COMMUNES = [
    "Bản Bo",
    "Bản Giang",
    "Bản Hon",
    "Bình Lư",
    "Giang Ma",
    "Hồ Thầu",
    "Khun Há",
    "Nà Tăm",
    "Nùng Nàng",
    "Sơn Bình",
    "Sùng Phài",
    "Tả Lèng",
    "Thèn Sin",
]


def sample_org() -> Organisation:
    """The sample office of the shipped configuration (UBND huyện Tam Đường, DOMAIN.md)."""
    units = [Unit(id=f"p{i:02d}", name=n, groups=("co-quan-huyen",)) for i, n in enumerate(BUREAUS, 1)]
    units.append(
        Unit(
            id="tt-tam-duong",
            name="UBND thị trấn Tam Đường",
            aliases=("thị trấn Tam Đường",),
            groups=("ubnd-xa",),
        )
    )
    units += [
        Unit(id=f"xa{i:02d}", name=f"UBND xã {n}", aliases=(f"xã {n}",), groups=("ubnd-xa",))
        for i, n in enumerate(COMMUNES, 1)
    ]
    groups = (
        UnitGroup("co-quan-huyen", "Các cơ quan, ban, ngành huyện", ("các cơ quan, ban, ngành",)),
        UnitGroup("ubnd-xa", "UBND các xã, thị trấn", ("Ủy ban nhân dân các xã, thị trấn",)),
    )
    return Organisation(
        name="Ủy ban nhân dân huyện Tam Đường",
        short_name="UBND",
        display_name="UBND huyện Tam Đường",
        parent="Ủy ban nhân dân tỉnh Lai Châu",
        place="Tam Đường",
        units=tuple(units),
        groups=groups,
    )


def read_dump(path: Path) -> tuple[str, list[SignatureInfo]]:
    raw = path.read_text(encoding="utf-8")
    text, _, sig_block = raw.partition("\n" + MARK)
    sigs = []
    for line in sig_block.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        d = json.loads(line)
        when = d.get("signing_time")
        sigs.append(
            SignatureInfo(
                field_name=d.get("field_name") or "",
                signer_name=d.get("signer_name") or "",
                organisation=d.get("organisation") or "",
                signing_time=datetime.fromisoformat(when) if when else None,
                intact=d.get("intact"),
                covers_whole_file=d.get("covers_whole_file"),
                appearance_text=d.get("appearance_text") or "",
                detail=d.get("detail") or "",
            )
        )
    return text, sigs


def corpus_name(dump: Path) -> str:
    name = dump.name
    return name[:-4] if name.endswith(".txt") and "." in name[:-4] else name


def predict(reads: dict[str, ReadResult]) -> list[dict]:
    """Extraction of each file as `vanthu extract --json` prints it, with the shipped config.yaml:
    OCR'd text corrected first (the base language model: no office database), names snapped after."""
    cfg = load_config(ROOT / "config.yaml")
    corrector = build_corrector(cfg.organisation)
    rows = []
    for name, read in sorted(reads.items()):
        fields = extract_like_cli(read, cfg, corrector)
        rows.append({"file": name, **fields.to_json(), "format": read.format})
    return rows


def extract_like_cli(read: ReadResult, cfg: Config, corrector: Corrector) -> Fields:
    """One read's fields the way `vanthu extract` and the pipeline make them."""
    read, correction = correct_read(corrector, read)
    fields = extract_document(read, org=cfg.organisation, holidays=cfg.holidays)
    return finish_fields(fields, correction, cfg.organisation)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text-dir", default=None, help="score old text dumps instead of the readers' cache")
    ap.add_argument("--pred", default="/tmp/extract-pred.jsonl")
    args = ap.parse_args(argv)
    if args.text_dir:
        org = sample_org()
        rows = []
        for dump in sorted(Path(args.text_dir).glob("*.txt")):
            text, sigs = read_dump(dump)
            rows.append(
                {"file": corpus_name(dump), **extract_fields(text, org=org, signatures=sigs).to_json()}
            )
    else:
        rows = predict(read_files(sorted(CORPUS_FILES.iterdir())))
    with open(args.pred, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    score = [
        sys.executable,
        str(CORPUS / "score.py"),
        "--labels",
        str(CORPUS / "labels.jsonl"),
        "--pred",
        args.pred,
        "--misses",
    ]
    return subprocess.call(score)


if __name__ == "__main__":
    sys.exit(main())
