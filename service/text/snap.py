"""Names snapped to what is known (chuẩn hóa tên): an issuer, a place, a type or a unit read with OCR
noise is written the way the lists write it ("UBND tỉnh Lâm Đòng" -> "UBND tỉnh Lâm Đồng",
"Thủ tướng Chínhphủ" -> "Thủ tướng Chính phủ").

A name matches where its accent-free form does, spaces optional; the document's span is then replaced
by the list's spelling, in the span's case. Pure: the lists come from ``gazetteer``, ``restore`` and
the office's configuration.
"""

from __future__ import annotations

import re
from functools import lru_cache

from service.models import Fields, Organisation
from service.text.gazetteer import CENTRAL_BODIES, LOCAL_BODIES, known_places
from service.text.normalize import fast_fold, nfc
from service.text.restore import DOC_TYPES

# Fields whose value is a name or made of names, and the text fields whose words OCR may have misread.
NAME_FIELDS = ("issuer", "parent_issuer", "place")
RATED_FIELDS = (
    "doc_type",
    "issuer",
    "parent_issuer",
    "place",
    "title_summary",
    "signer_name",
    "signer_title",
)


def known_names(org: Organisation | None) -> list[str]:
    """The office's own names: itself, its parent, its place, its units and groups with aliases."""
    if org is None:
        return []
    names = [org.name, org.display_name, org.parent, org.place]
    for unit in org.units:
        names += [unit.name, *unit.aliases]
    for group in org.groups:
        names += [group.name, *group.aliases]
    return [n for n in names if n]


def all_names(org: Organisation | None) -> tuple[str, ...]:
    places = known_places()
    localities = [f"{kind} {place}" for place in places for kind in ("tỉnh", "thành phố")]
    return tuple(known_names(org)) + CENTRAL_BODIES + LOCAL_BODIES + tuple(localities) + places


@lru_cache(maxsize=16)
def _pattern(names: tuple[str, ...]) -> tuple[re.Pattern | None, dict[str, str]]:
    by_key: dict[str, str] = {}
    # dict.fromkeys, not set: among spellings that fold alike ("Các"/"các"), the one listed first
    # (the office's own units come first) wins on every run, whatever the hash seed.
    for name in sorted(dict.fromkeys(names), key=len, reverse=True):
        words = fast_fold(nfc(name)).split()
        key = "".join(words)
        if len(key) >= 3 and key not in by_key:
            by_key[key] = nfc(name)
    if not by_key:
        return None, by_key
    # Longest first; the words of a name may have lost the space between them ("Chínhphủ").
    alternation = "|".join(
        r"\s*".join(re.escape(w) for w in fast_fold(by_key[k]).split())
        for k in sorted(by_key, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), by_key


def snap_name(value: str | None, names: tuple[str, ...]) -> str | None:
    """The value with each known name in it spelled as the list spells it."""
    if not value:
        return value
    text = nfc(value)
    pattern, by_key = _pattern(names)
    if pattern is None:
        return text
    folded = fast_fold(text)
    out, pos = [], 0
    for m in pattern.finditer(folded):
        span = text[m.start() : m.end()]
        name = by_key["".join(m.group(0).split())]
        out.append(text[pos : m.start()])
        out.append(_in_case_of(name, span))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _in_case_of(name: str, span: str) -> str:
    letters = [c for c in span if c.isalpha()]
    if len(letters) > 2 and all(c.isupper() for c in letters):
        return name.upper()  # a header line: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    return name


def snap_doc_type(value: str | None) -> str | None:
    """A type whose words fold to a decree type's is written as the decree writes it."""
    if not value:
        return value
    text = nfc(value)
    folded = " ".join(fast_fold(text).split())
    for name in sorted(DOC_TYPES, key=len, reverse=True):
        key = fast_fold(name)
        if folded == key:
            return name
        if folded.startswith(key + " "):
            return name + text[len(" ".join(text.split()[: len(name.split())])) :]
    return text


def snap_fields(fields: Fields, org: Organisation | None) -> Fields:
    """Issuer, place, type, addressees, recipients and deadlines' parties in the lists' spelling."""
    names = all_names(org)
    for name in NAME_FIELDS:
        setattr(fields, name, snap_name(getattr(fields, name), names))
    fields.doc_type = snap_doc_type(fields.doc_type)
    fields.addressees = [snap_name(a, names) or a for a in fields.addressees]
    fields.recipients = [snap_name(r, names) or r for r in fields.recipients]
    for deadline in fields.deadlines:
        deadline.who = snap_name(deadline.who, names) or deadline.who
        deadline.to_whom = snap_name(deadline.to_whom, names) or deadline.to_whom
    return fields


def rate_fields(fields: Fields, correction) -> Fields:
    """Fields holding corrected words carry the corrector's confidence; those holding a word it was
    unsure of are flagged for the clerk (``ocr_unsure:<field>:<words>``)."""
    for name in RATED_FIELDS:
        confidence, unsure = correction.field_confidence(getattr(fields, name))
        if confidence < 1.0:
            fields.confidence[name] = round(min(fields.confidence.get(name, 1.0), confidence), 2)
        if unsure:
            fields.warnings.append(f"ocr_unsure:{name}:{' '.join(unsure)}")
    for deadline in fields.deadlines:
        confidence, _ = correction.field_confidence(f"{deadline.what} {deadline.to_whom}")
        deadline.confidence = min(deadline.confidence, confidence)
    return fields
