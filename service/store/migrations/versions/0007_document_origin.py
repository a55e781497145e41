"""Where a register entry came from (origin): the inbox as it arrived, the office's archive (its day
of arrival from its incoming stamp or its date), or a register imported from Excel (no file).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("origin", sa.String(16), nullable=False, server_default="inbox"))
    op.add_column("outgoing", sa.Column("origin", sa.String(16), nullable=False, server_default="issued"))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+): a batch copy of `documents` would drop its search triggers.
    op.drop_column("outgoing", "origin")
    op.drop_column("documents", "origin")
