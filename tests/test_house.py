"""House rules that a test can hold: how tests reach ../shared, how long a function may grow."""

from __future__ import annotations

import re

from tests.conftest import ROOT

MACHINE_PATH = "/" + "work/"  # spelt so that this file does not name it
SHARED_NAMES = re.compile(r"\b(SHARED|CORPUS|CORPUS_FILES|ND30CHECK|SAMPLE)\b")


def test_tests_reach_shared_only_through_require_shared():
    """A clone without ../shared skips what needs it (and CI fails): only require_shared does that."""
    for path in sorted((ROOT / "tests").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert MACHINE_PATH not in text, (
            f"{path.relative_to(ROOT)}: a path of this machine; use tests.conftest.SHARED"
        )
        if SHARED_NAMES.search(text) and path != ROOT / "tests" / "conftest.py":
            reaches = ("require_shared", "require_corpus", "sample_text", "corpus_text")
            assert any(r in text for r in reaches), (
                f"{path.relative_to(ROOT)} reads ../shared without require_shared"
            )


def test_no_path_of_this_machine_in_the_code():
    for folder in ("service", "bench", "scripts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            assert MACHINE_PATH not in path.read_text(encoding="utf-8"), path.relative_to(ROOT)
