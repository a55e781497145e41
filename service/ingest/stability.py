"""When is a file in the inbox complete? A pure readiness tracker with an injected clock.

Two kinds of evidence:
- an inotify close-after-write or move-in event says the writer is done (if nothing changed since);
- without events (startup, rescans, polling mode on network shares), size and mtime standing still
  for `settle_seconds` say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float  # clock time when (size, mtime) was first seen with these values
    closed: bool = False  # a close/move event arrived for exactly this (size, mtime)
    writing: bool = False  # an open-for-write event arrived and no close yet


@dataclass
class ReadinessTracker:
    """Feed it observations; ask it which paths are ready. It never touches the file system."""

    settle_seconds: float
    # A file with write events but no close (a writer that died, or a chmod) is taken once it has
    # stood still this long.
    stall_seconds: float = 60.0
    _seen: dict[str, _Seen] = field(default_factory=dict)

    def observe(self, path: str, size: int, mtime_ns: int, now: float) -> None:
        """A stat of the file at `now`."""
        prev = self._seen.get(path)
        if prev is None or (prev.size, prev.mtime_ns) != (size, mtime_ns):
            self._seen[path] = _Seen(size, mtime_ns, now, writing=prev.writing if prev else False)

    def modified(self, path: str, size: int, mtime_ns: int, now: float) -> None:
        """A write event (inotify): the writer is at work until its close event."""
        self.observe(path, size, mtime_ns, now)
        seen = self._seen[path]
        seen.writing, seen.closed = True, False

    def closed(self, path: str, size: int, mtime_ns: int, now: float) -> None:
        """A close-after-write or a move into the inbox, with the stat taken right after it."""
        self.observe(path, size, mtime_ns, now)
        seen = self._seen[path]
        seen.closed, seen.writing = True, False

    def forget(self, path: str) -> None:
        self._seen.pop(path, None)

    def is_ready(self, path: str, now: float) -> bool:
        seen = self._seen.get(path)
        if seen is None:
            return False
        if seen.writing:
            return now - seen.since >= max(self.stall_seconds, self.settle_seconds)
        # An empty file may be a placeholder its program is about to fill: let it settle.
        return (seen.closed and seen.size > 0) or now - seen.since >= self.settle_seconds

    def ready(self, now: float) -> list[str]:
        """Ready paths in arrival order (first seen unchanged first), so số đến follow arrival."""
        return sorted(
            (p for p in self._seen if self.is_ready(p, now)), key=lambda p: (self._seen[p].since, p)
        )

    def tracked(self) -> list[str]:
        return sorted(self._seen)
