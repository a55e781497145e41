"""The exchange's tables (liên thông văn bản, edXML): agency codes, the message journal, the register
entries that came as messages. Part of the one schema: `service.store.schema` re-exports them."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, Integer, String, Table, Text

from service.store.metadata import metadata

# Electronic exchange (liên thông văn bản, edXML): migration 0013.
# Other bodies' agency codes (mã định danh) and names, from a directory CSV or learnt from messages.
agencies = Table(
    "agencies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(35), nullable=False, unique=True),  # as given, compared as a string
    Column("name", String(512), nullable=False),
    Column("folded_name", String(512), nullable=False),  # accent-folded, lower case: found by name
    Column("source", String(16), nullable=False),  # csv, message
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_agencies_folded_name", agencies.c.folded_name)

# The journal: every message sent or received, what became of it, and the transport's acknowledgement.
exchange_messages = Table(
    "exchange_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message_id", String(128), nullable=False, unique=True),  # never sent twice
    Column("direction", String(3), nullable=False),  # out, in
    Column("kind", String(16), nullable=False),  # document, status
    Column("state", String(16), nullable=False),  # out: pending, sent; in: registered, applied, recorded
    Column("peer_code", String(35)),  # the other body
    Column("peer_name", String(512)),
    Column("outgoing_id", Integer, ForeignKey("outgoing.id")),
    Column("document_id", Integer, ForeignKey("documents.id")),
    Column("status_code", String(2)),
    Column("business_type", String(1)),
    Column("edxml_document_id", Text),  # DocumentId of the document the message is about
    Column("description", Text),
    Column("file_path", Text),  # the message's bytes, relative to the data folder
    Column("sha256", String(64)),
    Column("created_at", DateTime, nullable=False),
    Column("event_at", DateTime),  # a status message's Timestamp
    Column("sent_at", DateTime),  # acknowledged by the transport
    Column("remote_id", String(128)),  # the platform's id for it
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_try_at", DateTime),
    Column("last_error", Text),
    Column("handling_step_id", Integer),  # the handling step a status 04/05/06 reports
)
Index("ix_exchange_messages_state", exchange_messages.c.direction, exchange_messages.c.state)
Index("ix_exchange_messages_outgoing", exchange_messages.c.outgoing_id)
Index("ix_exchange_messages_document", exchange_messages.c.document_id)

# A register entry that came as an edXML message: who sent it, its DocumentId, and what it answers.
exchange_documents = Table(
    "exchange_documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, unique=True),
    Column("edxml_document_id", Text, nullable=False),
    Column("sender_code", String(35)),
    Column("sender_name", String(512)),
    Column("receiver_code", String(35)),  # which of the office's codes it was sent to
    Column("message_sha256", String(64), nullable=False),
    Column("due_date", Date),
    Column("priority", String(2)),
    Column("response_for_json", Text, nullable=False, default="[]"),
    Column("answers_outgoing_id", Integer, ForeignKey("outgoing.id")),  # ResponseFor, linked
    Column("answers_document_id", Integer, ForeignKey("documents.id")),
    Column("attachments_json", Text, nullable=False, default="[]"),
    Column("state", String(16), nullable=False, default="active"),  # active, revoked, replaced, refused
    Column("replaced_by", Integer, ForeignKey("documents.id")),
)
Index("ix_exchange_documents_edxml_id", exchange_documents.c.edxml_document_id)
Index("ix_exchange_documents_answers", exchange_documents.c.answers_outgoing_id)
