"""Reading values from requests: strict, NFC, bounded. A malformed value is refused, not guessed."""

from __future__ import annotations

from datetime import date

from flask import abort, request

from service.text import nfc


def arg_int(name: str, default: int | None = None, *, lo: int = 1, hi: int = 10**9,
            source=None) -> int | None:
    raw = (source if source is not None else request.args).get(name, "")
    raw = raw.strip()
    if raw == "":
        return default
    if not raw.isdigit() or not lo <= int(raw) <= hi:
        abort(400)
    return int(raw)


def arg_text(name: str, *, max_len: int = 500, source=None) -> str:
    raw = (source if source is not None else request.args).get(name, "")
    return nfc(raw).strip()[:max_len]


def form_text(name: str, *, max_len: int = 2000) -> str:
    return arg_text(name, max_len=max_len, source=request.form)


def form_int(name: str, default: int | None = None, **kw) -> int | None:
    return arg_int(name, default, source=request.form, **kw)


def parse_date(raw: str) -> date | None:
    """21/07/2022 or 2022-07-21; empty is None; anything else raises ValueError."""
    raw = raw.strip()
    if not raw:
        return None
    if "/" in raw:
        d, m, y = (int(p) for p in raw.split("/"))
        return date(y, m, d)
    return date.fromisoformat(raw)


def form_date(name: str) -> date | None:
    """A date field of the posted form; raises ValueError (for a message) when it is not one."""
    return parse_date(form_text(name, max_len=20))
