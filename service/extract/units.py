"""Resolving who must act (named units and unit groups) to the office's configured units."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.models import Organisation
from service.text.normalize import fold

_ABBREV = [("uy ban nhan dan", "ubnd"), ("hoi dong nhan dan", "hdnd"), ("&", " va "),
           ("thuong binh va xh", "thuong binh va xa hoi"), ("ptnt", "phat trien nong thon")]


def key_form(text: str) -> str:
    """Folded, abbreviation- and punctuation-normalised form used to compare names."""
    f = re.sub(r"\s+", " ", fold(text))
    f = re.sub(r"[–—−]", "-", f)
    for long, short in _ABBREV:
        f = f.replace(long, short)
    f = re.sub(r"\s*-\s*", " - ", f)
    f = re.sub(r"[\"“”()]", " ", f)
    return re.sub(r"\s+", " ", f).strip()


@dataclass
class Who:
    unit_ids: list[str] = field(default_factory=list)
    group_ids: list[str] = field(default_factory=list)
    lead_unit_ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # configured names of what matched, in order


def _names_of(name: str, aliases: tuple[str, ...]) -> list[str]:
    return [k for k in {key_form(n) for n in (name, *aliases)} if len(k) >= 4]


def resolve_who(text: str, org: Organisation | None, lead_text: str = "") -> Who:
    """The units and groups ``text`` names; lead units are those followed by "chủ trì" in
    ``lead_text`` (the whole clause)."""
    who = Who()
    if org is None or not text:
        return who
    k = key_form(text)
    lead_k = key_form(lead_text) if lead_text else k
    hits: list[tuple[int, str, str, str]] = []  # (position, kind, id, configured name)
    for g in org.groups:
        for n in _names_of(g.name, g.aliases):
            pos = k.find(n)
            if pos < 0:
                pos = fuzzy_find(k, n)
            if pos >= 0:
                hits.append((pos, "group", g.id, g.name))
                break
    for u in org.units:
        for n in sorted(_names_of(u.name, u.aliases), key=len, reverse=True):
            m = re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", k)
            if m:
                hits.append((m.start(), "unit", u.id, u.name))
                lm = re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", lead_k)
                if lm and re.match(r"\s*,?\s*(la co quan thuong truc\s*,?\s*)?(co trach nhiem\s+)?chu tri",
                                   lead_k[lm.end():lm.end() + 40]):
                    who.lead_unit_ids.append(u.id)
                break
    hits.sort()
    for _, kind, ident, name in hits:
        if kind == "group" and ident not in who.group_ids:
            who.group_ids.append(ident)
            who.names.append(name)
        elif kind == "unit" and ident not in who.unit_ids:
            who.unit_ids.append(ident)
            who.names.append(name)
    for gid in who.group_ids:
        for u in org.units_in_group(gid):
            if u.id not in who.unit_ids:
                who.unit_ids.append(u.id)
    return who


def fuzzy_find(haystack: str, needle: str, threshold: float = 0.85) -> int:
    """Start of the best window of ``haystack`` resembling ``needle`` (OCR noise), or -1."""
    from difflib import SequenceMatcher

    n = len(needle)
    if n < 8 or len(haystack) < n - 3:
        return -1
    best, best_pos = 0.0, -1
    sm = SequenceMatcher(None, "", needle, autojunk=False)
    for i in range(0, max(1, len(haystack) - n + 4)):
        sm.set_seq1(haystack[i:i + n + 2])
        if sm.real_quick_ratio() < threshold or sm.quick_ratio() < threshold:
            continue
        r = sm.ratio()
        if r > best:
            best, best_pos = r, i
    return best_pos if best >= threshold else -1


def configured_names(org: Organisation | None) -> list[str]:
    """Every accented name the office configured (for restoring accent-less OCR text)."""
    if org is None:
        return []
    names = [org.name, org.display_name, org.parent, org.place]
    for u in org.units:
        names.append(u.name)
    for g in org.groups:
        names.append(g.name)
    return [n for n in names if n]
