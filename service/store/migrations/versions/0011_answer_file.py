"""An officer's answer as a file (tệp trả lời): the officer reports a part done with the file that
answered it, kept read-only among the originals (content-addressed), and its name as uploaded.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = (("answer_file", sa.Text()), ("answer_file_name", sa.String(255)))


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("assignments", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assignments") as batch:
        for name, _ in COLUMNS:
            batch.drop_column(name)
