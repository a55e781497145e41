"""Recognise the office's units (đơn vị) and unit groups in names and phrases. Pure.

Names are compared in a folded form (no accents, lower case, "Ủy ban nhân dân" → "ubnd",
punctuation → space) and, failing an exact or whole-word match, by a windowed similarity that
tolerates OCR noise ("UBND XA BAN B0", "Phong Lao dqng - Thuong binh").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from service.models import Deadline, Organisation, Unit
from service.text import fold

_ABBREVIATIONS = (
    (re.compile(r"\buy ban nhan dan\b"), "ubnd"),
    (re.compile(r"\bhoi dong nhan dan\b"), "hdnd"),
    (re.compile(r"\bphat trien nong thon\b"), "ptnt"),
)
_NON_WORD = re.compile(r"[^a-z0-9&]+")
FUZZY_MIN = 0.85  # below this a name is not taken for a unit at all
CERTAIN_MIN = 0.90  # a fuzzy match this close, and clear of the runner-up, is certain
MARGIN = 0.07
KIND_MIN = 0.6  # how close a run's first word must be to the name's (OCR: "Phonq" for "Phòng")
PREFIX_WORDS = 4  # a name cut off after this many words (and half of it) is still recognised …
PREFIX_SCORE = 0.88  # … but never for certain


def normalise_name(text: str) -> str:
    """The folded form names are compared in."""
    s = fold(text or "")
    for pattern, short in _ABBREVIATIONS:
        s = pattern.sub(short, s)
    return _NON_WORD.sub(" ", s).strip()


@dataclass(frozen=True)
class UnitMatch:
    unit_id: str | None
    score: float
    certain: bool


def _contains_words(haystack: str, needle: str) -> bool:
    return bool(needle) and f" {needle} " in f" {haystack} "


def _window_ratio(text: str, name: str) -> float:
    """Best similarity of `name` to any run of about as many words in `text`.

    The run must start with (about) the name's first word, the kind of body: "Sở Lao động -
    Thương binh và Xã hội" (the province's department) is not "Phòng Lao động - …".
    """
    words, name_words = text.split(), name.split()
    n = len(name_words)
    if not words or not name_words:
        return 0.0
    best = 0.0
    for size in {max(n - 1, 1), n, n + 1}:
        for start in range(0, max(len(words) - size, 0) + 1):
            if SequenceMatcher(None, words[start], name_words[0]).ratio() < KIND_MIN:
                continue
            chunk = " ".join(words[start : start + size])
            sm = SequenceMatcher(None, chunk, name, autojunk=False)
            if sm.real_quick_ratio() <= best or sm.quick_ratio() <= best:
                continue
            best = max(best, sm.ratio())
    return best


def _contains_prefix(text: str, name: str) -> bool:
    """The text holds the first words of a long name, cut off ("Phòng Lao động - Thương bin…")."""
    words = name.split()
    shortest = max(PREFIX_WORDS, (len(words) + 1) // 2)
    return any(_contains_words(text, " ".join(words[:k])) for k in range(len(words) - 1, shortest - 1, -1))


@lru_cache(maxsize=64)
def _unit_names(org: Organisation) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (u.id, tuple(sorted({normalise_name(n) for n in (u.name, *u.aliases)} - {""}, key=len, reverse=True)))
        for u in org.units
    )


def match_unit_scored(name: str | None, org: Organisation) -> UnitMatch:
    """The unit a name (an issuer, a sender) stands for, with a score and whether it is certain."""
    text = normalise_name(name or "")
    if not text:
        return UnitMatch(None, 0.0, False)
    scores: dict[str, float] = {}
    for unit_id, names in _unit_names(org):
        best = 0.0
        for n in names:
            if text == n:
                best = 1.0
                break
            if _contains_words(text, n):
                # a longer contained name is a more specific match ("ubnd xa ban bo" in a header)
                best = max(best, 0.96 + min(len(n), 30) / 1000)
        if best < 0.96:
            for n in names:
                # fuzzy scores stay below the word-for-word ones
                best = max(best, min(_window_ratio(text, n), 0.95))
                if best < PREFIX_SCORE and _contains_prefix(text, n):
                    best = PREFIX_SCORE
        scores[unit_id] = best
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < FUZZY_MIN:
        return UnitMatch(None, ranked[0][1] if ranked else 0.0, False)
    top_id, top = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    if top - runner < 0.005:
        return UnitMatch(None, top, False)  # two units fit equally: do not guess
    certain = (top >= 0.96 and runner < 0.96) or (top >= CERTAIN_MIN and top - runner >= MARGIN)
    return UnitMatch(top_id, top, certain)


def match_unit(name: str | None, org: Organisation) -> str | None:
    """The id of the configured unit a name stands for (names, aliases, OCR noise), or None."""
    return match_unit_scored(name, org).unit_id


def is_organisation(name: str | None, org: Organisation) -> bool:
    """The name is the office itself (its own reminders are not units' reports)."""
    text = normalise_name(name or "")
    own = {normalise_name(n) for n in (org.name, org.display_name)} - {""}
    return any(text == n or _window_ratio(text, n) >= 0.93 for n in own) if text else False


def groups_in_text(text: str, org: Organisation) -> list[str]:
    """Unit groups named in a phrase ("các cơ quan, ban, ngành huyện; UBND các xã, thị trấn")."""
    t = normalise_name(text)
    return [
        g.id for g in org.groups if any(_contains_words(t, normalise_name(n)) for n in (g.name, *g.aliases))
    ]


def units_in_text(text: str, org: Organisation) -> list[str]:
    """Units named word for word in a phrase ("Phòng Nội vụ, Phòng Tư pháp")."""
    t = normalise_name(text)
    return [uid for uid, names in _unit_names(org) if any(_contains_words(t, n) for n in names)]


def units_of_deadline(deadline: Deadline, org: Organisation) -> list[str]:
    """The units that owe a deadline, groups expanded, in the configuration's order.

    Extraction's resolved ids are used when it gave any; otherwise the `who` phrase is read here.
    """
    unit_ids = set(deadline.unit_ids) | set(deadline.lead_unit_ids)
    group_ids = set(deadline.group_ids)
    if not unit_ids and not group_ids and deadline.who:
        group_ids = set(groups_in_text(deadline.who, org))
        unit_ids = set(units_in_text(deadline.who, org))
    members: list[Unit] = [u for u in org.units if u.id in unit_ids or group_ids.intersection(u.groups)]
    return [u.id for u in members]
