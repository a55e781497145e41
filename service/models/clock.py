"""The office's clock: its zone, and days and moments written as ISO 8601."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo


def office_zone(utc_offset_hours: float) -> timezone:
    """The office's clock as a fixed offset (Vietnam: +07:00, one zone nationwide, no summer time)."""
    return timezone(timedelta(hours=utc_offset_hours))


def iso(value: date | datetime | None, zone: tzinfo) -> str | None:
    """A day as YYYY-MM-DD, a moment as ISO 8601 with the office's offset (2026-12-05T21:36:58+07:00).

    Moments are stored naive in the office's wall clock; `zone` says which clock that is."""
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.isoformat()
