"""The readiness tracker, driven by a fake clock: no sleeping."""

from service.ingest.stability import ReadinessTracker


def test_settles_when_size_and_mtime_stand_still():
    t = ReadinessTracker(settle_seconds=2.0)
    t.observe("a.pdf", 100, 1, now=0.0)
    assert not t.is_ready("a.pdf", 1.9)
    t.observe("a.pdf", 200, 2, now=1.9)  # still growing: the clock starts again
    assert not t.is_ready("a.pdf", 3.8)
    t.observe("a.pdf", 200, 2, now=3.8)
    assert t.is_ready("a.pdf", 3.9) and t.ready(3.9) == ["a.pdf"]


def test_close_event_makes_ready_at_once():
    t = ReadinessTracker(settle_seconds=30.0)
    t.modified("a.docx", 10, 1, now=0.0)
    assert not t.is_ready("a.docx", 20.0)
    t.closed("a.docx", 5000, 2, now=20.0)
    assert t.is_ready("a.docx", 20.0)


def test_a_write_after_close_waits_for_the_next_close():
    t = ReadinessTracker(settle_seconds=2.0, stall_seconds=60.0)
    t.closed("a.pdf", 10, 1, now=0.0)
    t.modified("a.pdf", 20, 2, now=0.5)
    assert not t.is_ready("a.pdf", 10.0)  # a writer at work is not interrupted by the settle rule
    assert t.is_ready("a.pdf", 61.0)  # ... unless it stalls far longer (a writer that died)


def test_an_empty_closed_file_must_settle():
    t = ReadinessTracker(settle_seconds=2.0)
    t.closed("new.docx", 0, 1, now=0.0)
    assert not t.is_ready("new.docx", 1.0)
    assert t.is_ready("new.docx", 2.0)


def test_forget_and_unknown_paths():
    t = ReadinessTracker(settle_seconds=1.0)
    assert not t.is_ready("x", 100.0)
    t.observe("x", 1, 1, now=0.0)
    t.forget("x")
    assert t.ready(100.0) == [] and t.tracked() == []
