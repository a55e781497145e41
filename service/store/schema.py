"""The database schema (SQLAlchemy Core). Changes go through an Alembic migration in migrations/."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from service.store.metadata import metadata as metadata

# Sổ đăng ký văn bản đến: one row per registered incoming document.
documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("so_den", Integer, nullable=False),  # số đến: consecutive by arrival within the year
    Column("arrived_at", DateTime, nullable=False),
    Column("file_name", String(512), nullable=False),  # NFC
    Column("source_path", Text, nullable=False),  # where it was in the inbox (crash recovery)
    Column("source_removed", Boolean, nullable=False, default=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("size", Integer, nullable=False),
    Column("format", String(32), nullable=False),
    Column("original_path", Text, nullable=False),  # relative to the data folder
    Column("sender_unit_id", String(64)),  # from inbox/<unit id>/ or the issuer
    Column("text", Text, nullable=False, default=""),
    Column("search_text", Text, nullable=False, default=""),  # folded, lower case
    Column("fields_json", Text, nullable=False, default="{}"),
    Column("signatures_json", Text, nullable=False, default="[]"),
    Column("warnings_json", Text, nullable=False, default="[]"),
    Column("ocr_confidence", Float),
    Column("doc_type", String(64)),
    Column("number_symbol", String(128)),
    Column("issuer", String(512)),
    Column("issue_date", Date),
    Column("title_summary", Text),
    Column("recipient_unit", String(256)),  # Đơn vị hoặc người nhận
    Column("status", String(32), nullable=False, default="registered"),
    Column("note", Text),
    Column("origin", String(16), nullable=False, server_default="inbox"),  # 0007: DocumentOrigin
    Column("ocr_text", Text),  # 0010: the text as OCR read it, where `text` is its correction
    UniqueConstraint("year", "so_den", name="uq_documents_year_so_den"),
)
Index("ix_documents_number_symbol", documents.c.number_symbol)
Index("ix_documents_arrived_at", documents.c.arrived_at)
# Migration 0002: the register's filters, each in register order; on SQLite also an FTS5 index
# `documents_fts` over search_text kept in step by triggers (not expressible as a Table here).
Index("ix_documents_issuer", documents.c.issuer, documents.c.year, documents.c.so_den)
Index("ix_documents_status", documents.c.status, documents.c.year, documents.c.so_den)
Index("ix_documents_doc_type", documents.c.doc_type, documents.c.year, documents.c.so_den)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime, nullable=False),
    Column("file_name", String(512), nullable=False),
    Column("stored_path", Text, nullable=False),  # relative to the data folder
    Column("sha256", String(64)),
    Column("size", Integer),
    Column("code", String(64), nullable=False),
    Column("message", Text, nullable=False),  # Vietnamese, for the clerk
    Column("detail", Text),
    Column("duplicate_of", Integer, ForeignKey("documents.id")),
    Column("sender_unit_id", String(64)),
    Column("status", String(32), nullable=False, default="open"),  # open, retried, discarded
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(64), nullable=False),
    Column("object_type", String(32), nullable=False),
    Column("object_id", Integer),
    Column("detail_json", Text, nullable=False, default="{}"),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("password_hash", String(256), nullable=False),
    Column("role", String(16), nullable=False),  # clerk, leader, viewer
    Column("created_at", DateTime, nullable=False),
    Column("full_name", String(128)),  # 0005: họ và tên, printed under a leader's signature
    Column("unit_id", String(64)),  # 0006: an officer's (chuyên viên) unit, from the config
    Column("unit_head", Boolean, nullable=False, default=False),  # 0006: trưởng đơn vị
    Column("email", String(256)),  # 0006: where the daily digest goes
    # 0008: a session carries it; a new password moves it on, and every older session ends
    Column("session_epoch", Integer, nullable=False, default=0, server_default="0"),
    Column("title", String(128)),  # 0009: chức vụ ("Phó Chủ tịch"): the signing authority comes from it
    Column("authority", String(8)),  # 0009: TL or TUQ where the title alone does not say
    Column("signature_image", Text),  # 0009: the handwritten signature (PNG), under the data folder
)

# 0008: failed logins per (name as typed, client address): nobody can lock an account out for others.
login_failures = Table(
    "login_failures",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("address", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", DateTime),
    Column("last_at", DateTime, nullable=False),
)

# Reporting requirements (yêu cầu báo cáo) created from documents' deadlines or by a clerk.
requirements = Table(
    "requirements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_document_id", Integer, ForeignKey("documents.id")),
    Column("source_number_symbol", String(128)),
    Column("what", Text, nullable=False),
    Column("to_whom", Text, nullable=False, default=""),
    Column("recurrence", String(16)),  # NULL once; yearly, quarterly, monthly, weekly
    Column("due_date", Date),
    Column("rule_json", Text, nullable=False, default="{}"),
    Column("end_date", Date),
    Column("unit_ids_json", Text, nullable=False, default="[]"),
    Column("proposed", Boolean, nullable=False, default=True),  # found by extraction
    Column("confirmed", Boolean, nullable=False, default=False),
    Column("closed", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False),
)

# A unit's submission (báo cáo đã gửi) for a requirement and period.
submissions = Table(
    "submissions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("requirement_id", Integer, ForeignKey("requirements.id"), nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("period", String(16), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id")),
    Column("so_den", Integer),  # the document's số đến, copied (it never changes): 0003
    Column("received_on", Date, nullable=False),
    Column("number_symbol", String(128)),
    Column("on_paper", Boolean, nullable=False, default=False),
    Column("state", String(16), nullable=False, default="linked"),  # linked, proposed, rejected
    Column("confidence", Float, nullable=False, default=1.0),
    Column("note", Text),
    Column("created_at", DateTime, nullable=False),
)
Index("ix_submissions_req", submissions.c.requirement_id, submissions.c.unit_id, submissions.c.period)
Index(
    "ix_submissions_state_received",
    submissions.c.state,
    submissions.c.received_on,
    submissions.c.requirement_id,
    submissions.c.period,
    submissions.c.unit_id,
)  # 0003
# 0012: a document's reports, by index (the văn thư's queue leaves reports out)
Index("ix_submissions_document", submissions.c.state, submissions.c.document_id)

# Sổ theo dõi giải quyết văn bản đến.
followups = Table(
    "followups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("requirement_id", Integer, ForeignKey("requirements.id")),
    Column("receiving_unit", String(256)),
    Column("deadline", Date),
    Column("progress", Text),
    Column("answer_number_symbol", String(128)),
    Column("answer_outgoing_id", Integer),
    Column("note", Text),
)

drafts = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # reply, reminder, summary, plan
    Column("status", String(16), nullable=False, default="draft"),  # models.DraftStatus
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(128), nullable=False, default="system"),
    Column("requirement_id", Integer, ForeignKey("requirements.id")),
    Column("document_id", Integer, ForeignKey("documents.id")),
    Column("period", String(16)),
    Column("context_json", Text, nullable=False, default="{}"),
    Column("docx_path", Text),  # relative to the data folder
    Column("comment", Text),
    Column("outgoing_id", Integer),
    # 0009: what it was built from, the leader's signature, a summary's table
    Column("basis_json", Text),
    Column("accepted_basis_json", Text),
    Column("xlsx_path", Text),
    Column("signed_at", DateTime),
    Column("signed_by", String(128)),
    Column("signer_name", String(256)),
    Column("signed_pdf", Text),
)

# Sổ đăng ký văn bản đi.
outgoing = Table(
    "outgoing",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("number_symbol", String(128), nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("issued_at", DateTime, nullable=False),
    Column("doc_type", String(64)),
    Column("title_summary", Text),
    Column("signer", String(256)),
    Column("recipients_json", Text, nullable=False, default="[]"),
    Column("copies", Integer, nullable=False, default=1),
    Column("draft_id", Integer, ForeignKey("drafts.id")),
    Column("folder", Text),  # outbox/<year>/<number>-<symbol>/
    Column("docx_sha256", String(64)),
    Column("pdf_sha256", String(64)),
    Column("archived_at", DateTime),
    Column("status", String(16), nullable=False, default="issued"),
    Column("origin", String(16), nullable=False, server_default="issued"),  # 0007: OutgoingOrigin
    UniqueConstraint("year", "number", name="uq_outgoing_year_number"),
)


# 0006: the handling of an incoming document (xử lý văn bản đến), one row per document that entered it:
# its state and what the incoming register's "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận" show.
handlings = Table(
    "handlings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, unique=True),
    Column("state", String(16), nullable=False),  # service.workflow.HandlingState
    Column("presented_to", String(128)),  # a leader's user name; NULL: the office's leaders
    Column("presented_by", String(128)),
    Column("presented_at", DateTime),
    Column("direction", Text),  # ý kiến chỉ đạo
    Column("directed_by", String(128)),
    Column("directed_at", DateTime),
    Column("due_date", Date),  # thời hạn giải quyết
    Column("recipient", Text),  # the lead and supporting units, as the register prints them
    Column("transferred_at", DateTime),  # ngày chuyển
    Column("acknowledged_by", String(256)),  # ký nhận: who of the lead unit took it
    Column("acknowledged_at", DateTime),
    Column("done_at", DateTime),
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_handlings_state", handlings.c.state, handlings.c.presented_to)

# A unit's (or an officer's) part in handling a document: chủ trì (lead) or phối hợp (support).
assignments = Table(
    "assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("role", String(8), nullable=False),  # lead, support
    Column("unit_id", String(64), nullable=False),
    Column("user_name", String(128)),  # an officer of the unit; NULL: the unit as a whole
    Column("due_date", Date),
    Column("direction", Text),
    Column("assigned_by", String(128), nullable=False),
    Column("assigned_at", DateTime, nullable=False),
    Column("state", String(8), nullable=False),  # open, done
    Column("acknowledged_by", String(128)),
    Column("acknowledged_at", DateTime),
    Column("progress", Text),  # the latest progress note
    Column("progress_at", DateTime),
    Column("done_by", String(128)),
    Column("done_at", DateTime),
    Column("answer_number_symbol", String(128)),  # số, ký hiệu văn bản trả lời
    Column("answer_outgoing_id", Integer, ForeignKey("outgoing.id")),
    Column("note", Text),
    Column("answer_file", Text),  # the answer as a file: originals/<sha[:2]>/<sha>.<ext>
    Column("answer_file_name", String(255)),  # its name as the officer uploaded it
)
Index("ix_assignments_unit", assignments.c.unit_id, assignments.c.state, assignments.c.due_date)
Index("ix_assignments_document", assignments.c.document_id)

# Every step of a document's handling, in order (quá trình xử lý); codes: service.workflow.StepCode.
handling_steps = Table(
    "handling_steps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("assignment_id", Integer, ForeignKey("assignments.id")),
    Column("assignment_role", String(8)),
    Column("code", String(16), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("to_user", String(128)),
    Column("text", Text),
    Column("detail_json", Text, nullable=False, default="{}"),
)
Index("ix_handling_steps_document", handling_steps.c.document_id, handling_steps.c.id)

# The daily e-mail digests sent (one a person a day, whatever restarts the service).
email_digests = Table(
    "email_digests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date, nullable=False),
    Column("user_name", String(128), nullable=False),
    Column("address", String(256), nullable=False),
    Column("items", Integer, nullable=False),
    Column("sent_at", DateTime, nullable=False),
    UniqueConstraint("day", "user_name", name="uq_email_digests_day_user"),
)

# 0010: the OCR corrector's syllable counts (mô hình ngôn ngữ), learned from the text of born-digital
# documents as they are registered; one row per unigram ("người") or bigram ("người nghèo").
language_grams = Table(
    "language_grams",
    metadata,
    Column("gram", String(256), primary_key=True),
    Column("count", Integer, nullable=False, default=0),
)

# 0010: a field a clerk corrected on a document whose text OCR read: (what OCR read, what it is).
ocr_corrections = Table(
    "ocr_corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id")),
    Column("field", String(64), nullable=False),
    Column("ocr_value", Text, nullable=False),
    Column("truth", Text, nullable=False),
)

# The exchange's tables (migration 0013) live in their own module; registered last, as they were.
from service.store.schema_exchange import agencies as agencies  # noqa: E402
from service.store.schema_exchange import exchange_documents as exchange_documents  # noqa: E402
from service.store.schema_exchange import exchange_messages as exchange_messages  # noqa: E402
