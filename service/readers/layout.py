"""A page's text layer with positions: widget texts merged into their lines, blocks in reading order.

pypdf gives the text in content-stream order. With its visitor we also get where each piece starts,
which lets us (1) put a widget's text (the number, the day) into the gap of the line it is drawn
on, and (2) move a block that is drawn last but sits above everything else (a header written after
the body) back to the top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypdf import PageObject

from service.readers.widgets import Widget, is_inline

_MARK_OPEN, _MARK_CLOSE = "\x00", "\x01"
_GAP = re.compile(r"[ \t]{2,}")
_SAME_LINE = 4.0  # points between baselines of one line
_JUMP_UP = 10.0  # a block starting this far above all earlier text was drawn out of order


@dataclass
class Chunk:
    text: str
    x: float
    y: float


def collect_chunks(page: PageObject) -> tuple[str, list[Chunk]]:
    chunks: list[Chunk] = []

    def visit(text: str, cm: list, tm: list, font: object, size: object) -> None:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        chunks.append(Chunk(text, x, y))

    plain = page.extract_text(visitor_text=visit)
    return plain, chunks


def page_text(page: PageObject, widgets: list[Widget]) -> tuple[str, list[Widget]]:
    """Page text with short widget texts merged into their lines; and the widgets left over."""
    inline = [w for w in widgets if is_inline(w)]
    if not inline:
        return page.extract_text(), list(widgets)
    plain, chunks = collect_chunks(page)
    if "".join(c.text for c in chunks) != plain:  # positions would not map onto the text
        return plain, list(widgets)
    leftover = [w for w in widgets if not is_inline(w)]
    placed: dict[int, list[tuple[int, str]]] = {}  # chunk → (offset in its text, widget text)
    for line, on_line in _group_by_line(chunks, inline, leftover).items():
        for (i, offset), widget in zip(assign_gaps(chunks, list(line), len(on_line)), on_line):
            placed.setdefault(i, []).append((offset, widget.text))
    texts: list[str] = []
    for i, chunk in enumerate(chunks):
        cut, parts = 0, []
        for offset, text in sorted(placed.get(i, [])):
            parts += [chunk.text[cut:offset], _MARK_OPEN + text + _MARK_CLOSE]
            cut = offset
        parts.append(chunk.text[cut:])
        texts.append("".join(parts))
    return _tidy_marks(order_blocks(chunks, texts)), leftover


def _group_by_line(
    chunks: list[Chunk], inline: list[Widget], leftover: list[Widget]
) -> dict[tuple[int, ...], list[Widget]]:
    """The widgets of each text line (the chunks whose baseline the widget's text shares)."""
    lines: dict[tuple[int, ...], list[Widget]] = {}
    for widget in sorted(inline, key=lambda w: (w.origin or w.rect[:2])[0]):
        y = (widget.origin or (widget.rect[0], widget.rect[1] + 4))[1]
        line = tuple(i for i, c in enumerate(chunks) if c.text.strip("\n") and abs(c.y - y) <= _SAME_LINE)
        if any(chunks[i].text.strip() for i in line):
            lines.setdefault(line, []).append(widget)
        else:
            leftover.append(widget)
    return lines


_FILLED_AFTER = re.compile(r"(số:?|ngày|tháng|năm)\s*$", re.IGNORECASE)


def assign_gaps(chunks: list[Chunk], line: list[int], count: int) -> list[tuple[int, int]]:
    """Where `count` widget texts go on a line, left to right: the blank runs left for them.

    Positions inside a chunk are not known (pypdf reports where its text object starts), so the
    widest runs of blanks win, those after `Số:`, `ngày`, `tháng` first: that is where a number
    or a day is left out for the signing system to stamp.
    """
    gaps: list[tuple[float, int, int, int]] = []  # (weight, order, chunk, offset)
    order = 0
    for i in line:
        text = chunks[i].text
        for gap in _GAP.finditer(text):
            before = "".join(chunks[j].text for j in line if j < i) + text[: gap.start()]
            weight = (gap.end() - gap.start()) + (20 if _FILLED_AFTER.search(before) else 0)
            gaps.append((weight, order, i, gap.start() + 1))
            order += 1
    chosen = sorted(sorted(gaps, reverse=True)[:count], key=lambda g: g[1])
    spots = [(g[2], g[3]) for g in chosen]
    last = max(i for i in line if chunks[i].text.strip())
    while len(spots) < count:  # no blank left for it: after the line's text
        spots.append((last, len(chunks[last].text.rstrip("\n"))))
    return spots


def order_blocks(chunks: list[Chunk], texts: list[str]) -> str:
    """Join the chunk texts, moving a block drawn after the text below it back above it."""
    blocks: list[tuple[float, list[str]]] = []  # (top y, texts)
    current: list[str] = []
    current_top: float | None = None
    last_y = None
    for chunk, text in zip(chunks, texts):
        if chunk.text.strip():
            jumped = last_y is not None and chunk.y > last_y + _JUMP_UP
            if jumped and current:
                blocks.append((current_top if current_top is not None else -1e9, current))
                current, current_top = [], None
            current_top = chunk.y if current_top is None else max(current_top, chunk.y)
            last_y = chunk.y
        current.append(text)
    if current:
        blocks.append((current_top if current_top is not None else -1e9, current))
    ordered: list[tuple[float, list[str]]] = []
    for top, block in blocks:
        # drawn late but printed above: before the first block that lies wholly below its top
        spot = next((k for k, (t, _) in enumerate(ordered) if t < top - _JUMP_UP), len(ordered))
        ordered.insert(spot, (top, block))
    pieces = []
    for _, block in ordered:
        text = "".join(block)
        pieces.append(text if text.endswith("\n") else text + "\n")
    return "".join(pieces).rstrip("\n")


_MARKED = re.compile(r"[ \t]*\x00([^\x01]*)\x01[ \t]*(.?)")


def _tidy_marks(text: str) -> str:
    """One space around a merged text, none before a slash (`Số: 11902/BNV-TCPCP`)."""

    def join(m: re.Match[str]) -> str:
        start = m.start()
        before = "" if start == 0 or m.string[start - 1] == "\n" else " "
        nxt = m.group(2)
        between = "" if not nxt or nxt in "/\n" else " "
        return before + m.group(1) + between + nxt

    return _MARKED.sub(join, text)
