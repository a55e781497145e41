"""The OCR corrector's memory: the raw OCR text beside a document's corrected text, the syllable
counts learned from born-digital documents, and the fields clerks corrected (what OCR read, truth).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("ocr_text", sa.Text(), nullable=True))
    op.create_table(
        "language_grams",
        sa.Column("gram", sa.String(256), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "ocr_corrections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id")),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("ocr_value", sa.Text(), nullable=False),
        sa.Column("truth", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ocr_corrections")
    op.drop_table("language_grams")
    # A plain DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy of `documents` would trip the
    # foreign keys that point at it, and lose its full-text triggers.
    op.execute("ALTER TABLE documents DROP COLUMN ocr_text")
