"""Electronic exchange (edXML): the agency directory, the message journal, received entries.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(35), nullable=False, unique=True),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("folded_name", sa.String(512), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_agencies_folded_name", "agencies", ["folded_name"])
    op.create_table(
        "exchange_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("message_id", sa.String(128), nullable=False, unique=True),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("peer_code", sa.String(35)),
        sa.Column("peer_name", sa.String(512)),
        sa.Column("outgoing_id", sa.Integer, sa.ForeignKey("outgoing.id")),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id")),
        sa.Column("status_code", sa.String(2)),
        sa.Column("business_type", sa.String(1)),
        sa.Column("edxml_document_id", sa.Text),
        sa.Column("description", sa.Text),
        sa.Column("file_path", sa.Text),
        sa.Column("sha256", sa.String(64)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("event_at", sa.DateTime),
        sa.Column("sent_at", sa.DateTime),
        sa.Column("remote_id", sa.String(128)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_try_at", sa.DateTime),
        sa.Column("last_error", sa.Text),
        sa.Column("handling_step_id", sa.Integer),
    )
    op.create_index("ix_exchange_messages_state", "exchange_messages", ["direction", "state"])
    op.create_index("ix_exchange_messages_outgoing", "exchange_messages", ["outgoing_id"])
    op.create_index("ix_exchange_messages_document", "exchange_messages", ["document_id"])
    op.create_table(
        "exchange_documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, unique=True),
        sa.Column("edxml_document_id", sa.Text, nullable=False),
        sa.Column("sender_code", sa.String(35)),
        sa.Column("sender_name", sa.String(512)),
        sa.Column("receiver_code", sa.String(35)),
        sa.Column("message_sha256", sa.String(64), nullable=False),
        sa.Column("due_date", sa.Date),
        sa.Column("priority", sa.String(2)),
        sa.Column("response_for_json", sa.Text, nullable=False, server_default="[]"),
        sa.Column("answers_outgoing_id", sa.Integer, sa.ForeignKey("outgoing.id")),
        sa.Column("answers_document_id", sa.Integer, sa.ForeignKey("documents.id")),
        sa.Column("attachments_json", sa.Text, nullable=False, server_default="[]"),
        sa.Column("state", sa.String(16), nullable=False, server_default="active"),
        sa.Column("replaced_by", sa.Integer, sa.ForeignKey("documents.id")),
    )
    op.create_index("ix_exchange_documents_edxml_id", "exchange_documents", ["edxml_document_id"])
    op.create_index("ix_exchange_documents_answers", "exchange_documents", ["answers_outgoing_id"])


def downgrade() -> None:
    op.drop_table("exchange_documents")
    op.drop_table("exchange_messages")
    op.drop_table("agencies")
