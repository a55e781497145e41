"""The one place other areas hear of handling steps, after they are committed.

A listener is `fn(rt, steps)`: `rt` the Runtime, `steps` the HandlingSteps (service.store.handling)
that one action committed, oldest first. It runs in the process that took the step (the service for
the pages, the command for `vanthu assign`…), after the commit: a listener that fails is logged
(code=handling_listener_failed) and never undoes or blocks the step.

To hook in, list your module in LISTENER_MODULES; it must define `on_handling_steps(rt, steps)`. It
is imported on the first step. For the edXML status messages (issue 17): service.workflow's
`edxml_status(step.code, step.assignment_role)` gives 04, 05 or 06 for a step; a sender that must
not miss one across crashes also keeps the id of the last step it sent and reads
`store.handling.steps_after(conn, last_id)` when it starts.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence

log = logging.getLogger("vanthu.handling")

LISTENER_MODULES: tuple[str, ...] = ("service.exchange.handling",)  # edXML statuses 04, 05, 06
Listener = Callable[[object, Sequence[object]], None]
_added: list[Listener] = []
_loaded: list[Listener] | None = None


def add_listener(fn: Listener) -> Listener:
    """Register a listener in this process (tests, or a module that registers itself)."""
    _added.append(fn)
    return fn


def remove_listener(fn: Listener) -> None:
    if fn in _added:
        _added.remove(fn)


def _listeners() -> list[Listener]:
    global _loaded
    if _loaded is None:
        _loaded = [importlib.import_module(name).on_handling_steps for name in LISTENER_MODULES]
    return _loaded + _added


def notify(rt, steps: Sequence[object]) -> None:
    if not steps:
        return
    for fn in _listeners():
        try:
            fn(rt, steps)
        except Exception:  # a listener's failure must not undo or hide a step already taken
            log.exception(
                "code=handling_listener_failed listener=%s steps=%s",
                getattr(fn, "__qualname__", fn),
                [getattr(s, "id", None) for s in steps],
            )
