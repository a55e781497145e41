"""The exchange's rounds: what the service does every `exchange.poll_seconds` (and `vanthu exchange
send` once): journal what a crash left unjournaled, fetch what arrived, send what is due."""

from __future__ import annotations

import logging
import threading

from service.exchange import handling, issued
from service.exchange.deliver import SendResult, fetch_arrivals, make_transport, send_due
from service.exchange.transport import Transport, TransportError
from service.runtime import Runtime

log = logging.getLogger("vanthu.exchange")


def run_round(rt: Runtime, transport: Transport | None = None) -> tuple[list[str], list[SendResult]]:
    """One round: the handling statuses and issued documents a crash left unjournaled first, then
    fetch, then send."""
    transport = transport or make_transport(rt.config)
    if transport is None:
        return [], []
    handling.catch_up(rt)
    issued.catch_up(rt)
    fetched = fetch_arrivals(rt, transport)
    return fetched, send_due(rt, transport)


def run_loop(rt: Runtime, stop: threading.Event) -> None:
    """The service's exchange thread: a round every `exchange.poll_seconds` until stopped. An office
    without an agency code exchanges nothing (an .edxml put in its inbox is still read)."""
    if not rt.config.organisation.agency_code:
        return
    transport = make_transport(rt.config)
    if transport is None:
        return
    while not stop.is_set():
        try:
            run_round(rt, transport)
        except (TransportError, OSError) as exc:  # the platform away: the next round tries again
            log.warning("code=exchange_round_failed detail=%s", exc)
        except Exception:
            log.exception("code=exchange_round_failed")
        stop.wait(rt.config.exchange.poll_seconds)
