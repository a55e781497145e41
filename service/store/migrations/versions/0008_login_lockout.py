"""Failed logins counted per account name and address, and a session counter per user.

A lock on the account itself let anyone lock the leader out from outside by typing wrong passwords
under the leader's name: the failures now count for the pair (name as typed, client address), known
account or not, so a name that does not exist is locked like one that does. A session held the end of
the password hash; it now holds `session_epoch`, which a new password moves on.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime),
        sa.Column("last_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("name", "address"),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_epoch", sa.Integer, nullable=False, server_default="0"))
        batch.drop_column("failed_logins")
        batch.drop_column("locked_until")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("locked_until", sa.DateTime))
        batch.add_column(sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"))
        batch.drop_column("session_epoch")
    op.drop_table("login_failures")
