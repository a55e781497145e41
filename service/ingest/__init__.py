"""Ingest: decide when an inbox file is ready, then register or quarantine it."""
