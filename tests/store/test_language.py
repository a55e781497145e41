"""The OCR corrector's memory in the store: counts add up, corrections are kept (both databases)."""

from __future__ import annotations

import pytest

from service.store import language


@pytest.mark.both_databases
def test_gram_counts_add_up_and_corrections_are_kept(database_url, office, clock):
    with office.store.write() as conn:
        language.add_gram_counts(conn, {"người": 2, "người nghèo": 1})
        language.add_gram_counts(conn, {"người": 3, "nghèo": 1})
        language.add_ocr_correction(
            conn, clock(), language.FieldCorrection("van.thu", None, "issuer", ocr_value="a", truth="b")
        )
    with office.store.read() as conn:
        assert dict(language.gram_counts(conn)) == {"người": 5, "người nghèo": 1, "nghèo": 1}
        assert [(c.actor, c.ocr_value, c.truth) for c in language.list_ocr_corrections(conn)] == [
            ("van.thu", "a", "b")
        ]
