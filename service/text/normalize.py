"""NFC normalisation and accent folding (bỏ dấu) for matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def nfc(text: str) -> str:
    """Unicode NFC: the one form stored, compared and shown."""
    return unicodedata.normalize("NFC", text)


def fold(text: str, *, lower: bool = True) -> str:
    """Strip Vietnamese diacritics (and đ → d), keeping every other character.

    The result has the same length as ``nfc(text)`` so that a match found in the folded form
    maps back to the same offsets in the accented text.
    """
    text = nfc(text)
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0] if ord(ch) > 127 else ch
        out.append(base)
    folded = "".join(out).translate(_FOLD_EXTRA)
    return folded.lower() if lower else folded


def normalize_space(text: str) -> str:
    """Collapse runs of horizontal white space into one space, trim each line and drop the blank
    lines at the end (so that normalising twice changes nothing: a text ending in a line break
    would otherwise lose one more each time)."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(lines).rstrip("\n")


class _FoldTable(dict):
    """str.translate table that learns each character's folded form on first sight."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)[0] if code > 127 else ch
        value = base.translate(_FOLD_EXTRA)
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def fast_fold(text: str, *, lower: bool = True) -> str:
    """The same result as ``fold`` (a property test holds them equal), one C-level pass per call:
    extraction folds every document several times."""
    folded = nfc(text).translate(_FOLD_TABLE)
    return folded.lower() if lower else folded
