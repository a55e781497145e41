"""The handling of incoming documents (xử lý văn bản đến): presenting, directions, assignments, the
steps' history, officers (chuyên viên) in units, e-mail addresses and the daily digests sent.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Long because a migration is one list of steps, read top to bottom; it is never changed."""
    op.add_column("users", sa.Column("unit_id", sa.String(64), nullable=True))
    op.add_column("users", sa.Column("unit_head", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("users", sa.Column("email", sa.String(256), nullable=True))
    op.create_table(
        "handlings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, unique=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("presented_to", sa.String(128)),
        sa.Column("presented_by", sa.String(128)),
        sa.Column("presented_at", sa.DateTime),
        sa.Column("direction", sa.Text),
        sa.Column("directed_by", sa.String(128)),
        sa.Column("directed_at", sa.DateTime),
        sa.Column("due_date", sa.Date),
        sa.Column("recipient", sa.Text),
        sa.Column("transferred_at", sa.DateTime),
        sa.Column("acknowledged_by", sa.String(256)),
        sa.Column("acknowledged_at", sa.DateTime),
        sa.Column("done_at", sa.DateTime),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_handlings_state", "handlings", ["state", "presented_to"])
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("user_name", sa.String(128)),
        sa.Column("due_date", sa.Date),
        sa.Column("direction", sa.Text),
        sa.Column("assigned_by", sa.String(128), nullable=False),
        sa.Column("assigned_at", sa.DateTime, nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("acknowledged_by", sa.String(128)),
        sa.Column("acknowledged_at", sa.DateTime),
        sa.Column("progress", sa.Text),
        sa.Column("progress_at", sa.DateTime),
        sa.Column("done_by", sa.String(128)),
        sa.Column("done_at", sa.DateTime),
        sa.Column("answer_number_symbol", sa.String(128)),
        sa.Column("answer_outgoing_id", sa.Integer, sa.ForeignKey("outgoing.id")),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_assignments_unit", "assignments", ["unit_id", "state", "due_date"])
    op.create_index("ix_assignments_document", "assignments", ["document_id"])
    op.create_table(
        "handling_steps",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id")),
        sa.Column("assignment_role", sa.String(8)),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("to_user", sa.String(128)),
        sa.Column("text", sa.Text),
        sa.Column("detail_json", sa.Text, nullable=False, server_default="{}"),
    )
    op.create_index("ix_handling_steps_document", "handling_steps", ["document_id", "id"])
    op.create_table(
        "email_digests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("user_name", sa.String(128), nullable=False),
        sa.Column("address", sa.String(256), nullable=False),
        sa.Column("items", sa.Integer, nullable=False),
        sa.Column("sent_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("day", "user_name", name="uq_email_digests_day_user"),
    )


def downgrade() -> None:
    op.drop_table("email_digests")
    op.drop_index("ix_handling_steps_document", "handling_steps")
    op.drop_table("handling_steps")
    op.drop_index("ix_assignments_document", "assignments")
    op.drop_index("ix_assignments_unit", "assignments")
    op.drop_table("assignments")
    op.drop_index("ix_handlings_state", "handlings")
    op.drop_table("handlings")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email")
        batch.drop_column("unit_head")
        batch.drop_column("unit_id")
