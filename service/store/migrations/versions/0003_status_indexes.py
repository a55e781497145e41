"""The status of a whole office in one pass over submissions: each submission keeps its document's
số đến (fixed for ever once given), so the status needs no join to the documents table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("so_den", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE submissions SET so_den = (SELECT d.so_den FROM documents d "
        "WHERE d.id = submissions.document_id) WHERE document_id IS NOT NULL"
    )
    op.create_index(
        "ix_submissions_state_received",
        "submissions",
        ["state", "received_on", "requirement_id", "period", "unit_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_submissions_state_received", table_name="submissions")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("so_den")
