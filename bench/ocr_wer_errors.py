"""What the corrected OCR text of the WER set still gets wrong, by kind, page by page.

    .venv/bin/python bench/ocr_wer_errors.py [--set DIR] [--truth geo|stream] [--text raw|base|office]
        [--pages vb-015.pdf-p1,...] [--examples 8]

The text is aligned with the truth (word edit distance, as bench/ocr_wer.py measures it) and each edit
is put in one kind:

- order: a true word deleted in one place and the same word inserted in another (the page's layout
  read it elsewhere); by where it stands in the truth: header (before the document's title or first
  "V/v"), foot (from "Nơi nhận" or the signer's block on), body (the rest: tables, lists, text);
- debris: a word inserted that is nowhere in the truth: one or two letters or no Vietnamese syllable
  (a seal, a signature, a rule or a speck read as a letter), or a valid syllable;
- deletion: a true word missing from the text;
- substitution: a true word read as another: a mark lost or wrong (the same letters), a valid syllable
  for another, a number, a split or joined word (the neighbours' letters make the truth), other.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ocr_wer import DEFAULT_SET, _relaid, _with_geometric_truth, office_counts, words


def align(truth: list[str], text: list[str]) -> list[tuple[str, int, int]]:
    """The edits that turn ``truth`` into ``text``: (op, i, j) with op in sub, del, ins."""
    n, m = len(truth), len(text)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        row, prev, a = d[i], d[i - 1], truth[i - 1]
        for j in range(1, m + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a != text[j - 1]))
    ops = []
    i, j = n, m
    while i or j:
        if i and j and d[i][j] == d[i - 1][j - 1] + (truth[i - 1] != text[j - 1]):
            if truth[i - 1] != text[j - 1]:
                ops.append(("sub", i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and d[i][j] == d[i - 1][j] + 1:
            ops.append(("del", i - 1, j))
            i -= 1
        else:
            ops.append(("ins", i, j - 1))
            j -= 1
    return ops[::-1]


def plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)).replace(
        "đ", "d"
    )


def region(truth: list[str], i: int) -> str:
    head_end = next(
        (k for k, w in enumerate(truth) if w in ("v", "về", "kính") and k > 8 and k < 120),
        min(60, len(truth)),
    )
    foot = next(
        (k for k, w in enumerate(truth) if w == "nơi" and truth[k + 1 : k + 2] == ["nhận"]), len(truth)
    )
    return "header" if i < head_end else "foot" if i >= foot else "body"


def classify(truth: list[str], text: list[str], valid: frozenset[str]) -> tuple[Counter, dict]:
    ops = align(truth, text)
    kinds: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    dels = [op for op in ops if op[0] == "del"]
    inss = [op for op in ops if op[0] == "ins"]
    # a word deleted here and inserted there: moved by the layout
    free_ins: dict[str, list] = defaultdict(list)
    for op in inss:
        free_ins[text[op[2]]].append(op)
    moved_ins = set()
    rest_dels = []
    for op in dels:
        w = truth[op[1]]
        if free_ins[w]:
            moved_ins.add(free_ins[w].pop())
            kinds[f"order/{region(truth, op[1])}"] += 2
        else:
            rest_dels.append(op)
    # a substitution whose true word is inserted elsewhere (or whose read word is deleted elsewhere)
    # is order too; counted as one edit
    for op in ops:
        if op[0] != "sub":
            continue
        a, b = truth[op[1]], text[op[2]]
        if a[:-1].isdigit() or b.isdigit() or a.isdigit():
            kind = "sub/number"
        elif plain(a) == plain(b):
            kind = "sub/mark"
        elif b in valid:
            kind = "sub/valid-syllable"
        elif (
            (op[1] + 1 < len(truth) and b == a + truth[op[1] + 1])
            or (op[1] and b == truth[op[1] - 1] + a)
            or (op[2] + 1 < len(text) and a == b + text[op[2] + 1])
            or (op[2] and a == text[op[2] - 1] + b)
        ):
            kind = "sub/split-join"
        else:
            kind = "sub/other"
        kinds[kind] += 1
        examples[kind].append(f"{a}->{b}")
    for op in rest_dels:
        kinds["deletion"] += 1
        examples["deletion"].append(truth[op[1]])
    for op in inss:
        if op in moved_ins:
            continue
        b = text[op[2]]
        kind = (
            "debris/short"
            if len(b) <= 2 and not b.isdigit()
            else "debris/valid"
            if b in valid
            else "debris/other"
        )
        kinds[kind] += 1
        examples[kind].append(b)
    return kinds, examples


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", dest="folder", type=Path, default=DEFAULT_SET)
    ap.add_argument("--truth", choices=("geo", "stream"), default="geo")
    ap.add_argument("--text", choices=("raw", "base", "office"), default="office")
    ap.add_argument("--pages", default="")
    ap.add_argument("--examples", type=int, default=8)
    args = ap.parse_args()
    from service.ingest.correction import build_corrector

    pages = [
        _with_geometric_truth(args.folder, _relaid(json.loads(p.read_text(encoding="utf-8"))))
        for p in sorted(args.folder.glob("*.json"))
    ]
    if args.pages:
        pages = [p for p in pages if f"{p['source']}-p{p['page']}" in args.pages.split(",")]
    base = build_corrector(None)
    valid = frozenset(base.model.vocabulary)
    total: Counter = Counter()
    all_examples: dict[str, list[str]] = defaultdict(list)
    words_total = 0
    for page in pages:
        raw = page["ocr"]["vie"]
        if args.text == "raw":
            text = raw
        elif args.text == "base":
            text = base.correct(raw).text
        else:
            text = build_corrector(None, office_counts(page["source"]).items()).correct(raw).text
        truth = words(page["geo_truth" if args.truth == "geo" else "truth"])
        kinds, examples = classify(truth, words(text), valid)
        total += kinds
        words_total += len(truth)
        for k, v in examples.items():
            all_examples[k] += v
        print(
            f"{page['source']}-p{page['page']:<3} {len(truth):5d} words {sum(kinds.values()):4d} edits  "
            + "  ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        )
    print(
        f"\n{len(pages)} pages, {words_total} words, {sum(total.values())} edits "
        f"({sum(total.values()) / max(words_total, 1):.3f})"
    )
    for kind, count in sorted(total.items(), key=lambda kv: -kv[1]):
        shown = Counter(all_examples[kind]).most_common(args.examples)
        print(f"  {kind:22s} {count:5d}  " + ", ".join(f"{w}×{c}" if c > 1 else w for w, c in shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
