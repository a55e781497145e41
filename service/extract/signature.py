"""The foot of a document: recipients (nơi nhận), signing authority and title lines (thẩm quyền
ký), the signer's name; and the addressees (kính gửi) under the header."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.extract.document import Doc
from service.text.match import KINH_GUI, NOI_NHAN, clean_space, is_title_case_name, is_upper_line, noise_ratio
from service.text.names import FAMILY_NAMES, find_person_name, is_syllable, is_whole_name
from service.text.normalize import fast_fold
from service.text.restore import restore_phrases
from service.text.titles import AUTHORITY_MARKS

_MARKS = "|".join(AUTHORITY_MARKS)
_AUTHORITY = re.compile(rf"^({_MARKS.lower()})\s*[.,]?\s+\S")
# An authority mark with debris ahead of it ("veớt KT, THỦ TƯỚNG").
_AUTHORITY_AHEAD = re.compile(rf"(?:^|\s)({_MARKS})\s*(?:[.,]\s*|\s+)(?=[^\W\d_]{{2}})")
_RANKS = (
    "dai tuong",
    "thuong tuong",
    "trung tuong",
    "thieu tuong",
    "dai ta",
    "thuong ta",
    "trung ta",
    "thieu ta",
)
_STAMP = re.compile(r"chu ky so|ky boi|co quan\s*:|thoi gian ky|@|cong bao|ky so")
_BULLET = re.compile(r"^\s*[-–—~+•*]\s*")  # OCR reads a list's dash as "~" too
# A run of dashes before capitals or debris is how OCR reads a signature's stroke or a rule line
# beside the list ("—— GIÁM ĐỐC", "——t tauL_———"), not an item's bullet.
_DASH_RUN = re.compile(r"^\s*[-–—_~]{2}")
_TIMESTAMP = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}:\d{2}")


@dataclass
class Foot:
    recipients: list[str] = field(default_factory=list)
    signer_title: str | None = None
    signer_name: str | None = None
    receivers_line: int | None = None
    name_completed: bool = False  # a clipped family name was completed from the closed list


# OCR may misread its first letter and put a dash before it ("-vơi nhận:"): then the colon must follow.
_RECEIVERS = re.compile(rf"(?m)^[ \t|]*(?:{NOI_NHAN}\s*[:;.]?|[-–]?\s*v[o0][il1]\s*nh[a-z0-9]{{1,2}}n\s*:)")


def read_foot(doc: Doc) -> Foot:
    """The Nơi nhận list and the signature block beside or after it."""
    foot = Foot()
    m = _RECEIVERS.search(doc.folded)
    titles: list[str] = []
    if m:
        li = doc.line_at(m.start())
        foot.receivers_line = li
        rest = doc.text[m.end() : doc.lines[li].end].strip()
        if rest and _looks_like_title(rest):
            titles.append(rest)  # the title column merged onto the "Nơi nhận:" line
        foot.recipients = _read_recipients(doc, li + 1, titles)
        start = li + 1
    else:
        end_mark = [i for i, line in enumerate(doc.lines) if line.text.rstrip().endswith("./.")]
        start = end_mark[-1] + 1 if end_mark else max(0, len(doc.lines) - 15)
    _read_signer(doc, start, titles, foot)
    return foot


def _looks_like_title(text: str) -> bool:
    t = text.strip(" |")
    if not t or len(t.split()) > 8 or ":" in t:
        return False
    f = fast_fold(t)
    if _AUTHORITY.match(f):
        return True
    return is_upper_line(t) and noise_ratio(t) < 0.34 and not _TIMESTAMP.search(t)


def _read_recipients(doc: Doc, i: int, titles: list[str]) -> list[str]:
    """One item per "- …" line (wrapped lines joined), up to "Lưu: …"; title lines met on the
    way are added to ``titles``."""
    items: list[str] = []
    n = len(doc.lines)
    misses = 0
    while i < n:
        raw = doc.lines[i].text
        s = raw.strip()
        if not s:
            i += 1
            continue
        if _BULLET.match(s) and not _stroke_beside_the_list(s):
            body = _BULLET.sub("", s)
            cut = body.rfind(";")
            if cut >= 0 and _looks_like_title(body[cut + 1 :]) and len(body[cut + 1 :].split()) >= 2:
                titles.append(body[cut + 1 :].strip())  # the title column OCR'd onto this line
                body = body[: cut + 1]
            body = body[: _name_tail(body)[0]]
            items.append(body)
            misses = 0
            if fast_fold(body).startswith("luu"):
                i += 1
                break
        elif (
            items
            and not re.search(r"[;.]\s*\S{0,3}$", items[-1])
            and not _looks_like_title(s)
            and not is_title_case_name(s)
        ):
            items[-1] += " " + s
            if fast_fold(s).startswith("luu"):
                i += 1
                break
        else:
            if _looks_like_title(s):
                titles.append(s)
            misses += 1
            if misses > 4:
                break
        i += 1
    return [x for x in (_clean_item(it) for it in items) if x]


def _stroke_beside_the_list(line: str) -> bool:
    if not _DASH_RUN.match(line):
        return False
    body = line.strip(" -–—_~.,")
    return is_upper_line(body) or noise_ratio(body) >= 0.34


def _clean_item(item: str) -> str:
    text = clean_space(item)
    if not fast_fold(text).startswith("luu"):
        # Keep up to the item's own terminator; what follows is debris from the other column.
        cut = text.rfind(";")
        if cut >= 0:
            text = text[:cut]
    text = _unmatched_parens(text).strip(" ;.,|-–—~").strip()
    return text if sum(c.isalpha() for c in text) >= 2 else ""  # a speck of the scan, not a recipient


def _unmatched_parens(text: str) -> str:
    """Without a closing parenthesis that nothing opened: OCR's reading of a stroke ("HĐND) tỉnh")."""
    out, depth = [], 0
    for c in text:
        if c == ")" and depth == 0:
            continue
        depth += (c == "(") - (c == ")")
        out.append(c)
    return re.sub(r"\s+", " ", "".join(out))


def _read_signer(doc: Doc, start: int, titles: list[str], foot: Foot) -> None:
    """The signing title lines and the signer's name, from any layout: the block may stand before
    the Nơi nhận line (a scan read column by column), beside or after the list, its name split from
    the titles by the seal and the signature, or OCR'd in the middle of the list."""
    n = len(doc.lines)
    first = _block_before(doc, foot.receivers_line - 1) if foot.receivers_line is not None else start
    names: list[tuple[int, str, bool]] = []  # (line, name, after a title line)
    for i in range(first, min(n, start + 45)):
        s = doc.lines[i].text.strip()
        if not s:
            continue
        if _STAMP.search(fast_fold(s)):
            break  # a signature stamp's own text ("--- Chữ ký số ---", "Ký bởi: …")
        if _BULLET.match(s):
            found = _name_tail(s)[1]  # the name OCR'd (or a text layer put) onto a list line
            if found:
                names.append((i, found, bool(titles)))
            continue
        f = clean_space(fast_fold(s))
        rank = next((r for r in _RANKS if f.startswith(r + " ")), None)
        if rank:
            cand = " ".join(s.split()[len(rank.split()) :])
            if find_person_name(cand):
                names.append((i, cand, True))
                titles.append(f"({' '.join(s.split()[: len(rank.split())])})")
                continue
        completed = complete_clipped_name(s)
        if completed:
            names.append((i, completed, bool(titles)))
            foot.name_completed = True
            continue
        found = _name_in(s)
        if found:
            names.append((i, found, bool(titles)))
            continue
        if titles and _shaped_like_name(s):
            names.append((i, s, True))  # a family name the list lacks, under the titles
            continue
        if _looks_like_title(s) and not f.startswith("luu") and s not in titles:
            titles.append(s)
    _set_titles(foot, titles)
    # The first name under the titles; else the last name of the foot, if it has three words or
    # more (two capitalised words with no title above them may as well be a place).
    after = [name for _, name, below_title in names if below_title]
    if after:
        foot.signer_name = after[0]
    elif names and len(names[-1][1].split()) >= 3:
        foot.signer_name = names[-1][1]
    if foot.signer_name is None:
        foot.name_completed = False


def _name_tail(item: str) -> tuple[int, str | None]:
    """Where a list line's own text ends and the signer's name the other column put after its
    terminator ("- Lưu: VT, SYT. Trần Ngọc Thủy"), if one is there."""
    cut = max(item.rfind(";"), item.rfind("."))
    tail = item[cut + 1 :]
    found = _name_in(tail) if cut >= 0 and tail.strip() else None
    return (cut + 1, found) if found else (len(item), None)


def _block_before(doc: Doc, i: int) -> int:
    """First line of the signing block printed just before the Nơi nhận line (titles, name), if any."""
    first = i + 1
    for k in range(i, max(-1, i - 8), -1):
        s = doc.lines[k].text.strip()
        if not s:
            continue
        if s.endswith((".", "./.", "./", ";", ":")) or len(s.split()) > 8:
            break
        if not (_looks_like_title(s) or _name_in(s) or complete_clipped_name(s)):
            break
        first = k
    return first


def _name_in(text: str) -> str | None:
    """A personal name standing alone on a line, debris of the seal or signature around it allowed."""
    span = find_person_name(text)
    if span is None:
        return None
    rest = text[: span[0]] + " " + text[span[1] :]
    if any(len(w) >= 3 and w.isalpha() for w in rest.split()):
        return None  # other words on the line: a sentence that mentions someone
    return text[span[0] : span[1]]


def _shaped_like_name(text: str) -> bool:
    """Three to five capitalised words, each shaped like a Vietnamese syllable ("Ksor Y Phê" is
    not; "Quàng Văn Bình" is)."""
    words = text.split()
    return 3 <= len(words) <= 5 and is_title_case_name(text) and all(is_syllable(w) for w in words)


def _set_titles(foot: Foot, titles: list[str]) -> None:
    if not titles:
        return
    cleaned = [t for t in (_clean_title(t) for t in titles) if t]
    joined: list[str] = []
    for t in cleaned:
        if t.startswith("(") and joined:
            joined[-1] += " " + t
        else:
            joined.append(t)
    foot.signer_title = " / ".join(joined) or None


def complete_clipped_name(line: str) -> str | None:
    """ "guyền Quốc Việt" -> "Nguyễn Quốc Việt" when exactly one family name ends with the
    clipped fragment (with its marks if it has them, else folded); None otherwise."""
    words = line.split()
    if len(words) < 3 or not words[0].isalpha() or words[0][0].isupper() or len(words[0]) > 5:
        return None
    if not is_title_case_name(" ".join(words[1:])):
        return None
    frag = words[0]
    folded = fast_fold(frag)
    by_marks = [n for n in FAMILY_NAMES if n.lower().endswith(frag) and len(n) > len(frag)]
    by_fold = [n for n in FAMILY_NAMES if fast_fold(n).endswith(folded) and len(n) > len(frag)]
    # A fragment with its marks names its family name more surely than a bare one ("ạm" is Phạm,
    # "am" could be Phạm or Lâm).
    exact = by_marks if (by_marks and folded != frag.lower()) else by_fold
    if len(exact) != 1:
        return None
    return " ".join([exact[0], *words[1:]])


def _clean_title(t: str) -> str:
    t = clean_space(t.strip(" |"))
    words = t.split()
    while words and (not any(c.isalpha() for c in words[0]) or noise_ratio(words[0]) == 1.0):
        words.pop(0)  # debris of the seal or signature ahead of the title ("<=>x CHỦ TỊCH")
    t = " ".join(words)
    # Debris ahead of the authority abbreviation ("veớt KT, THỦ TƯỚNG").
    m = _AUTHORITY_AHEAD.search(t)
    if m:
        t = m.group(1) + ". " + t[m.end() :]
    t = restore_phrases(t)
    return t


def read_addressees(doc: Doc, stop_line: int | None = None) -> list[str]:
    """The Kính gửi list: one item on the same line or bulleted items under it."""
    m = re.search(rf"(?m)^[ \t|]*{KINH_GUI}\s*[:;.]?", doc.folded)
    if not m:
        return []
    li = doc.line_at(m.start())
    rest = doc.text[m.end() : doc.lines[li].end].strip(" |:")
    items: list[str] = []
    if rest and not _BULLET.match(rest):
        items.append(rest)
        i = li + 1
        # A single addressee can run on when it does not end the line with a full stop.
        while i < len(doc.lines) and not rest.rstrip().endswith((".", ";")):
            nxt = doc.lines[i].text.strip()
            if not nxt or len(nxt) > 60 or nxt[0].isupper():
                break
            items[-1] += " " + nxt
            rest = nxt
            i += 1
    else:
        if rest:
            items.append(_BULLET.sub("", rest))
        i = li + 1
        while i < len(doc.lines) and (stop_line is None or i < stop_line):
            s = doc.lines[i].text.strip()
            if not s:
                if items:
                    break
                i += 1
                continue
            if _BULLET.match(s):
                items.append(_BULLET.sub("", s))
            elif items and not items[-1].rstrip().endswith((";", ".")):
                items[-1] += " " + s
            else:
                break
            i += 1
    return [x.strip(" ;.,") for x in (clean_space(it) for it in items) if x.strip(" ;.,")]


_SIGNED_BY = re.compile(r"(?m)^[ \t]*(?:ky boi|nguoi ky|ky so boi|signed by)\s*:\s*(?P<name>.+)$")


def stamp_signers(doc: Doc) -> list[str]:
    """People named by a digital-signature stamp printed in the text ("Ký bởi: Nguyễn Văn An")."""
    names = []
    for m in _SIGNED_BY.finditer(doc.folded):
        name = clean_space(doc.text[m.start("name") : m.end("name")]).strip(" .;,")
        if is_whole_name(name):
            names.append(name)
    return names
