"""Indexes for the pages a year's register makes slow: a document's reports by state, so that the
văn thư's queue (documents waiting to be presented, reports left out) reads an index instead of
every submission.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_submissions_document", "submissions", ["state", "document_id"])


def downgrade() -> None:
    op.drop_index("ix_submissions_document", table_name="submissions")
