"""A draft's body as the drafter edits it: one text, a paragraph a line, list items as written
("- …"), headings and legal bases recognised, a table standing where its line `[BẢNG 1]` stands. Pure."""

from __future__ import annotations

import re
from typing import Any

from service.drafts.compile import MISSING, format_number, parse_number
from service.text import nfc

TABLE_LINE = re.compile(r"^\[\s*BẢNG\s+(\d+)\s*\]$", re.I)
_HEADING = re.compile(r"^(?:[IVXLC]+|[A-Z])\.\s+\S")


def body_text(ctx: dict[str, Any]) -> str:
    """The body as one text: a line per paragraph, `[BẢNG n]` where a table stands."""
    return "\n".join(b.get("text", "") for b in ctx.get("blocks") or [])


def _style(line: str) -> str:
    if _HEADING.match(line) and line == line.upper():
        return "heading"
    if line.startswith("Căn cứ "):
        return "basis"
    return "body"


def parse_body(text: str, old: list[dict[str, Any]], table_count: int) -> list[dict[str, Any]]:
    """The blocks of an edited body. A paragraph left as it was keeps its style; a new one takes the
    style its words say (`II. NHIỆM VỤ` a heading, `Căn cứ …` a basis). A table line names a table the
    draft has; a table whose line was deleted is no longer in the body."""
    styles = {b.get("text"): b.get("style", "body") for b in old if b.get("style") != "table"}
    out: list[dict[str, Any]] = []
    for raw in nfc(text).splitlines():
        line = re.sub(r"[ \t]+", " ", raw).strip()
        if not line:
            continue
        m = TABLE_LINE.match(line)
        if m and 1 <= int(m[1]) <= table_count:
            out.append({"style": "table", "table": int(m[1]) - 1, "text": f"[BẢNG {int(m[1])}]"})
            continue
        out.append({"style": styles.get(line) or _style(line), "text": line})
    return out


def retotal(table: dict[str, Any]) -> dict[str, Any]:
    """A table whose cells the drafter changed: its total row added up again, column by column, where
    it had a total; "…" where a cell is not a number."""
    total = table.get("total")
    if not total:
        return table
    rows = table.get("rows") or []
    new_total = list(total)
    for col, cell in enumerate(total):
        if not cell or (parse_number(cell) is None and cell != MISSING):
            continue  # the total's label, or a column never added up
        values = [parse_number(r[col]) if col < len(r) else None for r in rows]
        known = [v for v in values if v is not None]
        new_total[col] = MISSING if len(known) < len(values) else format_number(sum(known))
    return dict(table, total=new_total)


def edit_table(
    table: dict[str, Any], header: list[str] | None, rows: list[list[str]] | None
) -> dict[str, Any]:
    """The drafter's table: the same shape (extra cells dropped, missing ones blank), added up again."""
    width = len(table.get("header") or [])
    fit = lambda cells: ([nfc(c).strip() for c in cells] + [""] * width)[:width]  # noqa: E731
    new = dict(table)
    if header is not None:
        new["header"] = fit(header)
    if rows is not None:
        new["rows"] = [fit(r) for r in rows if any(nfc(c).strip() for c in r)]
    return retotal(new)
