"""Drafts that remember what they were built from, the two signatures of the decree, withdrawal; and
what a user signs with: a title (chức vụ), a signing authority, a signature image.

- drafts.basis_json: the units' statuses (or the incoming document's fields) a draft was built from;
  accepted_basis_json: the newer ones a leader confirmed the old content against.
- drafts.signed_at/signed_by/signer_name/signed_pdf: the leader's signature, before the văn thư issues.
- drafts.xlsx_path: a summary's compiled table beside its .docx.
- users.title, users.authority, users.signature_image.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

DRAFT_COLUMNS = (
    ("basis_json", sa.Text()),
    ("accepted_basis_json", sa.Text()),
    ("xlsx_path", sa.Text()),
    ("signed_at", sa.DateTime()),
    ("signed_by", sa.String(128)),
    ("signer_name", sa.String(256)),
    ("signed_pdf", sa.Text()),
)
USER_COLUMNS = (
    ("title", sa.String(128)),
    ("authority", sa.String(8)),
    ("signature_image", sa.Text()),
)


def upgrade() -> None:
    for name, kind in DRAFT_COLUMNS:
        op.add_column("drafts", sa.Column(name, kind, nullable=True))
    for name, kind in USER_COLUMNS:
        op.add_column("users", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        for name, _ in USER_COLUMNS:
            batch.drop_column(name)
    with op.batch_alter_table("drafts") as batch:
        for name, _ in DRAFT_COLUMNS:
            batch.drop_column(name)
