"""The status of a whole office without reading every submission: one packed row per requirement and
period, kept in step with the submissions by triggers (SQLite).

`received_packs` holds, for each (requirement, period) with a linked submission, the earliest linked
submission of each unit: the unit ids (a JSON array), their days (ISO, comma-separated: an ISO day
has no comma), the submissions' số đến, number and document id (a JSON array of triples, decoded only
when a row is shown) and the latest of the days. A status then reads a few hundred rows instead of
tens of thousands (service/store/received.py). Any change to a linked submission, by any writer,
rebuilds its period's row in the same transaction, so the packs cannot drift from the submissions.

Other databases, and an SQLite built without its JSON functions, get no packs: the status reads the
submissions themselves there.

A later migration that rebuilds the submissions table (batch_alter_table on SQLite copies it to a
new table) drops these triggers with it and must create them again (create_packs).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from alembic import op
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# min() makes SQLite take the row's other (bare) columns from the row with the earliest day, so the
# triple is that submission's; every aggregate of the outer query sees the rows in one order, so the
# arrays align.
_PACK = (
    "SELECT {rid}, {period}, json_group_array(unit_id), group_concat(day, ','), "
    "json_group_array(json_array(so_den, number_symbol, document_id)), max(day) "
    "FROM (SELECT unit_id, min(received_on) AS day, so_den, number_symbol, document_id FROM submissions "
    "WHERE requirement_id = {rid} AND period = {period} AND state = 'linked' GROUP BY unit_id) "
    "HAVING count(*) > 0"
)


def _refresh(row: str) -> str:
    key = {"rid": f"{row}.requirement_id", "period": f"{row}.period"}
    return (
        f"DELETE FROM received_packs WHERE requirement_id = {key['rid']} AND period = {key['period']}; "
        f"INSERT INTO received_packs (requirement_id, period, units, days, details, last_day) "
        + _PACK.format(**key)
        + ";"
    )


PACKS_SQLITE = (
    "CREATE TABLE received_packs (requirement_id INTEGER NOT NULL, period TEXT NOT NULL, "
    "units TEXT NOT NULL, days TEXT NOT NULL, details TEXT NOT NULL, last_day TEXT NOT NULL, "
    "PRIMARY KEY (requirement_id, period))",
    # the rebuild reads one period's submissions, unit by unit, in day order
    "CREATE INDEX ix_submissions_pack ON submissions (requirement_id, period, state, unit_id, received_on)",
    "CREATE TRIGGER submissions_pack_ai AFTER INSERT ON submissions WHEN new.state = 'linked' BEGIN "
    + _refresh("new")
    + " END",
    "CREATE TRIGGER submissions_pack_ad AFTER DELETE ON submissions WHEN old.state = 'linked' BEGIN "
    + _refresh("old")
    + " END",
    "CREATE TRIGGER submissions_pack_au AFTER UPDATE ON submissions "
    "WHEN old.state = 'linked' OR new.state = 'linked' BEGIN "
    + _refresh("old")
    + " "
    + _refresh("new")
    + " END",
    "INSERT INTO received_packs (requirement_id, period, units, days, details, last_day) "
    "SELECT requirement_id, period, json_group_array(unit_id), group_concat(day, ','), "
    "json_group_array(json_array(so_den, number_symbol, document_id)), max(day) "
    "FROM (SELECT requirement_id, period, unit_id, min(received_on) AS day, so_den, number_symbol, document_id "
    "FROM submissions WHERE state = 'linked' GROUP BY requirement_id, period, unit_id) "
    "GROUP BY requirement_id, period",
)
DROP_SQLITE = (
    "DROP TRIGGER IF EXISTS submissions_pack_ai",
    "DROP TRIGGER IF EXISTS submissions_pack_ad",
    "DROP TRIGGER IF EXISTS submissions_pack_au",
    "DROP INDEX IF EXISTS ix_submissions_pack",
    "DROP TABLE IF EXISTS received_packs",
)


def create_packs() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    try:
        bind.execute(text("SELECT json_group_array(1)"))
    except OperationalError:  # an SQLite without JSON functions: the status reads the submissions
        return
    for sql in PACKS_SQLITE:
        op.execute(sql)


def upgrade() -> None:
    create_packs()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for sql in DROP_SQLITE:
            op.execute(sql)
