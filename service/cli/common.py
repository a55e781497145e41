"""What the command modules share: who acts, a day typed on the command line, JSON lines, tables."""

from __future__ import annotations

import getpass
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import click


def actor() -> str:
    """Who the audit trail names for a command: `cli:<the system user>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a container
        return "cli"


class Day(click.DateTime):
    """A day typed as YYYY-MM-DD, given to the command as a `date`; refused in Vietnamese."""

    name = "ngày"

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        try:
            parsed = datetime.strptime(str(value), "%Y-%m-%d")
        except ValueError:
            self.fail(f"ngày phải có dạng YYYY-MM-DD (ví dụ 2026-03-31): {value!r}", param, ctx)
        return parsed.date()

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "YYYY-MM-DD"


DAY = Day()


def _json_value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)  # dates and times


def json_line(obj: Any) -> None:
    """One JSON object on one line, Vietnamese kept as it is."""
    click.echo(json.dumps(obj, ensure_ascii=False, default=_json_value))


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Columns padded to their widest cell, under a line of dashes."""
    cells = [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    click.echo("  ".join("-" * w for w in widths))
    for r in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)))
