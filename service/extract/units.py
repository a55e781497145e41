"""Resolving who must act (named units and unit groups) to the office's configured units."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from service.models import Organisation
from service.text.match import is_accent_poor
from service.text.normalize import fast_fold

_ABBREV = [
    ("uy ban nhan dan", "ubnd"),
    ("hoi dong nhan dan", "hdnd"),
    ("&", " va "),
    ("thuong binh va xh", "thuong binh va xa hoi"),
    ("ptnt", "phat trien nong thon"),
]


def key_form(text: str) -> str:
    """Folded, abbreviation- and punctuation-normalised form used to compare names."""
    f = re.sub(r"\s+", " ", fast_fold(text))
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


@lru_cache(maxsize=256)
def _names_of(name: str, aliases: tuple[str, ...]) -> list[str]:
    return [k for k in {key_form(n) for n in (name, *aliases)} if len(k) >= 4]


@dataclass(frozen=True)
class _UnitMatcher:
    unit_id: str
    name: str
    pattern: re.Pattern  # any of the unit's names, longest first, as whole words


_MATCHERS: dict[int, tuple[Organisation, tuple[_UnitMatcher, ...]]] = {}


def _unit_matchers(org: Organisation) -> tuple[_UnitMatcher, ...]:
    """Compiled once per organisation: extraction resolves names for every deadline. (Keyed by
    identity: hashing a whole organisation for every deadline would cost more than the match.)"""
    cached = _MATCHERS.get(id(org))
    if cached and cached[0] is org:
        return cached[1]
    out = []
    for u in org.units:
        keys = sorted(_names_of(u.name, u.aliases), key=len, reverse=True)
        if keys:
            alternation = "|".join(re.escape(k) for k in keys)
            out.append(_UnitMatcher(u.id, u.name, re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")))
    if len(_MATCHERS) > 8:
        _MATCHERS.clear()
    _MATCHERS[id(org)] = (org, tuple(out))
    return tuple(out)


_LEAD = re.compile(r"\s*,?\s*(la co quan thuong truc\s*,?\s*)?(co trach nhiem\s+)?chu tri")


def resolve_who(text: str, org: Organisation | None, lead_text: str = "") -> Who:
    """The units and groups ``text`` names; lead units are those followed by "chủ trì" in
    ``lead_text`` (the whole clause)."""
    who = Who()
    if org is None or not text:
        return who
    k = key_form(text)
    lead_k = key_form(lead_text) if lead_text else k
    noisy = is_accent_poor(text)
    hits: list[tuple[int, str, str, str]] = []  # (position, kind, id, configured name)
    for g in org.groups:
        for n in _names_of(g.name, g.aliases):
            pos = k.find(n)
            if pos < 0 and noisy:
                pos = fuzzy_find(k, n)  # OCR'd text: "ubnd ceac x4, thi trin"
            if pos >= 0:
                hits.append((pos, "group", g.id, g.name))
                break
    for um in _unit_matchers(org):
        m = um.pattern.search(k)
        if m:
            hits.append((m.start(), "unit", um.unit_id, um.name))
            lm = um.pattern.search(lead_k)
            if lm and _LEAD.match(lead_k, lm.end()):
                who.lead_unit_ids.append(um.unit_id)
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
    """Start of the window of ``haystack`` (beginning at a word) most like ``needle``, if it is
    at least ``threshold`` alike (OCR noise: "ubnd ceac x4, thi trin"); -1 otherwise."""
    from difflib import SequenceMatcher

    n = len(needle)
    if n < 8 or len(haystack) < n - 3:
        return -1
    best, best_pos = 0.0, -1
    sm = SequenceMatcher(None, "", needle, autojunk=False)
    for m in re.finditer(r"(?<!\S)\S", haystack):
        i = m.start()
        sm.set_seq1(haystack[i : i + n + 2])
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
