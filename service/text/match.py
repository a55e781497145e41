"""OCR-tolerant matching on the accent-folded text (so khớp chịu lỗi OCR).

Patterns here run on ``fast_fold(text)``, which has the same length as ``nfc(text)``: a span found in
the folded form is cut from the accented text at the same offsets, so the document's own words
are returned wherever it has them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from service.text.normalize import fast_fold, nfc

# Folded spellings OCR produces for the fixed words of Nghị định 30 (each seen in real scans:
# "Cin cir" for "Căn cứ", "Noi nhgn" for "Nơi nhận", "$6:" for "Số:").
CAN_CU = r"c[a-z0-9]{1,2}n\s+c[a-z0-9]{1,2}"
NOI_NHAN = r"n[o0][il1]\s*nh[a-z0-9]{1,2}n"
KINH_GUI = r"k[il1]nh\s+g[a-z0-9]{1,2}[il1]"
SO_LABEL = r"(?:s|\$)[o06e]"
# National motto and title, folded and OCR-tolerant ("Déc 1ap - Tw do - Hanh phuc").
MOTTO = re.compile(
    r"d\S{0,2}c\s*[l1i]\S{0,2}p\s*[-–—]+\s*t\S{0,2}\s*d[o0]\s*[-–—]+\s*"
    r"h\S{1,3}nh\s*ph\S{1,3}c"
)
NATIONAL = re.compile(
    r"c\S{0,2}ng\s*h\S{1,2}a\s+x\S{1,2}\s+h\S{0,2}i\s+ch\S{1,2}\s+ngh\S{1,2}a\s+"
    r"v\S{1,2}t(?:\s+|\s*[-–]\s*)nam"  # OCR may read the last space as a hyphen ("VIỆT-NAM")
)

_GARBAGE = set("§{}#@|£¢¥~^<>=_\\*")
_WORD = re.compile(r"^[\w()\"“”'‘’.,;:!?/%&+\-–—]+$")


@dataclass(frozen=True)
class Line:
    """One line of the text with its offsets (the same in folded and accented text)."""

    start: int
    end: int
    text: str
    folded: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


def split_lines(text: str, folded: str | None = None) -> list[Line]:
    """Lines with offsets; ``text`` must already be NFC (``folded``: its fold, if known)."""
    folded = fast_fold(text) if folded is None else folded
    out = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        out.append(Line(pos, end, raw, folded[pos:end]))
        pos = end + 1
    return out


def has_diacritics(text: str) -> bool:
    """True if the text carries Vietnamese marks (so it was not stripped by OCR)."""
    return fast_fold(text, lower=False) != nfc(text)


_LETTER = re.compile(r"[^\W\d_]")
_MARKED_LETTER = re.compile(r"[^\W\d_A-Za-z]")


def is_accent_poor(text: str) -> bool:
    """True for text whose marks OCR has (mostly) lost: Vietnamese prose carries marks on about a
    third of its letters, OCR'd text without them on a few stray ones."""
    text = nfc(text)
    letters = len(_LETTER.findall(text))
    if letters < 8:
        return not has_diacritics(text)
    # Letters beyond ASCII are the marked ones (ă, ê, ơ, đ, ạ…): counted at C speed.
    return len(_MARKED_LETTER.findall(text)) / letters < 0.1


def upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isupper()) / len(letters)


def is_upper_line(text: str, minimum: float = 0.85) -> bool:
    """Mostly upper-case letters (header names, type names, signing titles)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and upper_ratio(text) >= minimum


def noise_ratio(text: str) -> float:
    """Share of tokens that do not look like words: OCR debris from stamps and signatures."""
    tokens = text.split()
    if not tokens:
        return 0.0
    bad = 0
    for tok in tokens:
        if any(c in _GARBAGE for c in tok) or not _WORD.match(tok) or _mixed(tok):
            bad += 1
    return bad / len(tokens)


def _mixed(tok: str) -> bool:
    """Case or letter/digit changes inside a word ("CHINHPHU.VNThời", "l5lll", "Vfr0")."""
    for a, b in itertools.pairwise(tok):
        if a.islower() and b.isupper():
            return True
        if (a.isalpha() and b.isdigit()) or (a.isdigit() and b.isalpha() and b.islower()):
            return True
    return False


def clean_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def is_title_case_name(text: str) -> bool:
    """A person's name as printed under a signature: 2–6 capitalised words, letters only."""
    words = text.split()
    if not 2 <= len(words) <= 6:
        return False
    for w in words:
        if not w.isalpha() or not w[0].isupper():
            return False
        if len(w) > 1 and not w[1:].islower():
            return False
    return True


def strip_motto(line_text: str) -> str:
    """Remove the national title and motto from a line where OCR merged the header's columns."""
    folded = fast_fold(line_text)
    cut = len(line_text)
    for pat in (NATIONAL, MOTTO):
        m = pat.search(folded)
        if m:
            cut = min(cut, m.start())
    return line_text[:cut].rstrip(" -–—_|")


def similarity(a: str, b: str) -> float:
    """Folded similarity ratio (difflib) of two short strings."""
    from difflib import SequenceMatcher

    fa, fb = clean_space(fast_fold(a)), clean_space(fast_fold(b))
    if not fa or not fb:
        return 0.0
    return SequenceMatcher(None, fa, fb).ratio()


def squeeze(text: str) -> tuple[str, list[int]]:
    """The text without white space, and each kept character's offset in ``text``."""
    kept, where = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            kept.append(ch)
            where.append(i)
    return "".join(kept), where


def locate_cells(text: str, rows: list[list[str]], start: int = 0) -> tuple[int, int] | None:
    """Where a table flattened into the text is printed in ``text``, white space ignored: from its
    first row to its last, each found by its cells run together (or, where a reader interleaved
    the lines of neighbouring cells, by its longest cell); None if not found."""
    rows = [[c for c in row if c.strip()] for row in rows]
    rows = [row for row in rows if row]
    if not rows:
        return None
    squeezed, where = squeeze(text)
    lo = next((k for k, w in enumerate(where) if w >= start), len(where))
    a, _ = _find_row(squeezed, rows[0], lo, head=True)
    if a < 0:
        return None
    b, last = _find_row(squeezed, rows[-1], a, head=False)
    if b < 0:
        return None
    return where[a], where[b + len(last) - 1] + 1


def _find_row(squeezed: str, cells: list[str], lo: int, *, head: bool) -> tuple[int, str]:
    joined = "".join("".join(c.split()) for c in cells)
    needle = joined[:40] if head else joined[-40:]
    k = squeezed.find(needle, lo)
    if k >= 0 or len(cells) == 1:
        return k, needle
    longest = max(("".join(c.split()) for c in cells), key=len)
    needle = longest[:30] if head else longest[-30:]
    return (squeezed.find(needle, lo), needle) if len(needle) >= 6 else (-1, needle)
