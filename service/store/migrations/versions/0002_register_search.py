"""register search and filter indexes

Full-text index over documents.search_text (SQLite FTS5, kept in step by triggers) and covering
indexes for the register's filters. Other databases keep the LIKE search and get only the indexes.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# search_text is already folded and lower case; unicode61 only splits it into words.
FTS_SQLITE = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5(search_text, content='documents', "
    "content_rowid='id', tokenize=\"unicode61 remove_diacritics 2\")",
    "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER documents_fts_au AFTER UPDATE OF search_text ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
)
INDEXES = {
    "ix_documents_issuer": ["issuer", "year", "so_den"],
    "ix_documents_status": ["status", "year", "so_den"],
    "ix_documents_doc_type": ["doc_type", "year", "so_den"],
}


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        for name, cols in INDEXES.items():
            batch_op.create_index(name, cols, unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for sql in FTS_SQLITE:
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trig in ("documents_fts_ai", "documents_fts_ad", "documents_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trig}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
