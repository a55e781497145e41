"""Two runs of bench/profile_ocr.py --text-out compared page by page: which pages read differently,
and for those, the words changed, the mean confidence and the share of well-formed Vietnamese
syllables on each side (a better reading has more of them).

    .venv/bin/python bench/compare_ocr_text.py before.json after.json
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    from service.text.quality import measure_text

    before, after = (json.loads(Path(p).read_text()) for p in sys.argv[1:3])
    same = 0
    totals = {"before": 0, "after": 0}
    for name in sorted(before):
        a, b = before[name], after.get(name)
        if b is None:
            print(f"{name}: missing after")
            continue
        qa, qb = measure_text(a["text"]), measure_text(b["text"])
        totals["before"] += round(qa.words * qa.valid_share)
        totals["after"] += round(qb.words * qb.valid_share)
        if a["text"] == b["text"]:
            same += 1
            continue
        wa, wb = a["text"].split(), b["text"].split()
        ops = difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
        changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
        print(
            f"{name}: {changed} words changed of {len(wa)}; skew {a['skew']} -> {b['skew']}; "
            f"confidence {a['confidence'] or 0:.1f} -> {b['confidence'] or 0:.1f}; valid syllables "
            f"{round(qa.words * qa.valid_share)} ({qa.valid_share:.3f}) -> {round(qb.words * qb.valid_share)} ({qb.valid_share:.3f})"
        )
    print(f"{same}/{len(before)} pages identical; valid syllables {totals['before']} -> {totals['after']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
