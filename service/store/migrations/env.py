"""Alembic environment: runs on the connection Vanthu hands it (see service/store/db.py)."""

from alembic import context

from service.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` command line: build an engine from the URL
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit(
            "alembic: set sqlalchemy.url, or run the migrations through Vanthu (it hands them its connection)"
        )
    connection = create_engine(url).connect()

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
