"""Tracking (theo dõi): requirements, periods, matching reports to units, statuses. Pure, no I/O."""

from service.tracking.matching import Candidate, Link, cites, match_submission, ns_key
from service.tracking.periods import assign_period, next_due, periods, periods_as_of
from service.tracking.requirements import find_end_date, requirements_from_fields
from service.tracking.status import Received, StatusBlock, StatusTable, build_status, status_for
from service.tracking.units import match_unit, match_unit_scored, units_of_deadline

__all__ = [
    "Candidate",
    "Link",
    "Received",
    "StatusBlock",
    "StatusTable",
    "assign_period",
    "build_status",
    "cites",
    "find_end_date",
    "match_submission",
    "match_unit",
    "match_unit_scored",
    "next_due",
    "ns_key",
    "periods",
    "periods_as_of",
    "requirements_from_fields",
    "status_for",
    "units_of_deadline",
]
