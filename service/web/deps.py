"""The other areas' modules the pages call (tracking, drafts, ingest), imported on first use.

The web area never reimplements them; a module that is not installed yet leaves its page section
saying so instead of failing the whole page.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def tracking() -> ModuleType | None:
    return _load("service.store.tracking")


def drafts_store() -> ModuleType | None:
    return _load("service.store.drafts")


def drafts_service() -> ModuleType | None:
    return _load("service.drafts.service")


def pipeline() -> ModuleType | None:
    return _load("service.ingest.pipeline")
