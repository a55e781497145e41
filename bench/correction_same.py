"""Does a change to the OCR corrector leave its output as it was? Save its output on a fixed set of
texts before the change, compare after.

    .venv/bin/python bench/correction_same.py save /tmp/before.json     # on the code before
    .venv/bin/python bench/correction_same.py compare /tmp/before.json  # on the code after

The texts: the corpus's typed documents (Word files, text PDFs) and its OCR text files, in pieces of
3,000 characters, each also degraded three ways (marks dropped and OCR's letter confusions, mild to
heavy, with a fixed seed), and the pages of the OCR word-error-rate set when it is built
(bench/ocr_wer.py). Each is corrected with the base model and with an office model (some typed
documents' counts and a clerk's correction); the corrected text and every change (where, what,
confidence, flag) must be the same.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))  # the checkout it is run from: the code before or after

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "files"
WER_SET = Path("/tmp/vanthu-ocr-wer")
CONFUSIONS = (("ư", "w"), ("m", "rn"), ("ổ", "6"), ("ô", "0"), ("đ", "d"), ("Đ", "P"), ("ức", "itc"))
CONFUSIONS += (("ế", "é"), ("ổ", "é"), ("ộ", "ô"))
LEVELS = ((0.05, 0.02), (0.3, 0.1), (0.9, 0.2))  # (a letter loses marks, a confusion is made)


def typed_texts() -> dict[str, str]:
    import pypdfium2 as pdfium

    from service.readers import read_document

    out = {}
    for line in (CORPUS.parent / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        name, kind = json.loads(line)["file"], json.loads(line)["format"]
        if kind == "docx":
            out[name] = read_document(CORPUS / name).text
        elif kind == "pdf_text":
            doc = pdfium.PdfDocument(str(CORPUS / name))
            out[name] = "\n".join(doc[i].get_textpage().get_text_range() for i in range(min(len(doc), 3)))
        elif name.endswith(".txt"):
            out[name] = (CORPUS / name).read_text(encoding="utf-8")
    return out


def degrade(text: str, rng: random.Random, p_mark: float, p_confusion: float) -> str:
    letters = []
    for ch in text:
        if ch.isalpha() and rng.random() < p_mark:
            parts = unicodedata.normalize("NFD", ch)
            ch = unicodedata.normalize(
                "NFC", parts[0] + (parts[1:2] if rng.random() < 0.5 and len(parts) > 2 else "")
            )
        letters.append(ch)
    out = "".join(letters)
    for meant, seen in CONFUSIONS:
        pieces = out.split(meant)
        out = pieces[0] + "".join((seen if rng.random() < p_confusion else meant) + p for p in pieces[1:])
    return out


def texts(wer_set: Path) -> dict[str, str]:
    from service.text.normalize import nfc

    rng = random.Random(16)
    out = {}
    for name, text in sorted(typed_texts().items()):
        text = nfc(text)
        for k in range(0, min(len(text), 12000), 3000):
            piece = out[f"{name}#{k}"] = text[k : k + 3000]
            for level, (p_mark, p_confusion) in enumerate(LEVELS):
                out[f"{name}#{k}/d{level}"] = degrade(piece, rng, p_mark, p_confusion)
    for page in sorted(wer_set.glob("*.json")):
        out[f"wer:{page.name}"] = json.loads(page.read_text(encoding="utf-8"))["ocr"]["vie"]
    return out


def corrected(wer_set: Path) -> dict[str, list]:
    from service.ingest.correction import build_corrector
    from service.text.ngrams import count_grams

    all_texts = texts(wer_set)
    office_counts: Counter[str] = Counter()
    for name, text in all_texts.items():
        if name.startswith("vb-00") and "/d" not in name and ".txt#" not in name:
            office_counts.update(count_grams(text))
    models = {
        "base": build_corrector(None),
        "office": build_corrector(None, office_counts.items(), [("Lâm Đòng", "Lâm Đồng")]),
    }
    out = {}
    for name, text in all_texts.items():
        for label, corrector in models.items():
            result = corrector.correct(text)
            changes = [[c.start, c.end, c.raw, c.new, c.confidence, c.flagged, c.at] for c in result.changes]
            out[f"{label}:{name}"] = [result.text, changes]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("save", "compare"))
    ap.add_argument("path", type=Path)
    ap.add_argument("--wer-set", type=Path, default=WER_SET)
    args = ap.parse_args()
    now = corrected(args.wer_set)
    changes = sum(len(v[1]) for v in now.values())
    if args.command == "save":
        args.path.write_text(json.dumps(now, ensure_ascii=False), encoding="utf-8")
        print(f"{len(now)} texts, {changes} changes saved")
        return 0
    before = json.loads(args.path.read_text(encoding="utf-8"))
    differ = [k for k in before if before[k] != now.get(k)]
    print(f"{len(before)} texts, {changes} changes compared: {len(differ)} differences {differ[:5]}")
    return 1 if differ or set(before) != set(now) else 0


if __name__ == "__main__":
    sys.exit(main())
