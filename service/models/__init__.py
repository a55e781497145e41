"""The nouns of Vanthu, shared by every layer (pure data, no I/O).

One module per area; every name is re-exported here, so `from service.models import X` is the way to
import them."""

from __future__ import annotations

from service.models.clock import (
    iso,
    office_zone,
)
from service.models.drafts import (
    Draft,
    DraftChange,
    DraftKind,
    DraftStatus,
    IssuedDocument,
    SignerProfile,
)
from service.models.fields import (
    HEADER_FIELDS,
    Deadline,
    Event,
    Fields,
    IncomingStamp,
    Reference,
)
from service.models.organisation import (
    Organisation,
    Unit,
    UnitGroup,
    WorkCalendar,
    YearDays,
)
from service.models.reading import (
    Block,
    Box,
    PageText,
    Paragraph,
    ReadResult,
    SignatureInfo,
    Table,
    map_block_text,
)
from service.models.register import (
    DocumentOrigin,
    IncomingLine,
    OutgoingEntry,
    OutgoingLine,
    OutgoingOrigin,
    OutgoingStatus,
)
from service.models.tracking import (
    STATUSES,
    LinkState,
    Requirement,
    StatusRow,
    Submission,
)

__all__ = [
    "HEADER_FIELDS",
    "STATUSES",
    "Block",
    "Box",
    "Deadline",
    "DocumentOrigin",
    "Draft",
    "DraftChange",
    "DraftKind",
    "DraftStatus",
    "Event",
    "Fields",
    "IncomingLine",
    "IncomingStamp",
    "IssuedDocument",
    "LinkState",
    "Organisation",
    "OutgoingEntry",
    "OutgoingLine",
    "OutgoingOrigin",
    "OutgoingStatus",
    "PageText",
    "Paragraph",
    "ReadResult",
    "Reference",
    "Requirement",
    "SignatureInfo",
    "SignerProfile",
    "StatusRow",
    "Submission",
    "Table",
    "Unit",
    "UnitGroup",
    "WorkCalendar",
    "YearDays",
    "iso",
    "map_block_text",
    "office_zone",
]
