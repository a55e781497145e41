"""edXML messages in the batched intake (gói tin liên thông, service/ingest/edxml.py).

A message is opened where its original was kept, in the service's process (its attachments kept as
originals too, the main one read by the reader pool): messages are few next to files, and what they
do (an entry of the exchange, a status to its sender) is the store's. A status, revocation or update
message acts on the entry it names and is not registered; a new document is registered with the
batch's other files, its fields the header's checked against its text.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from pathlib import Path

from service.ingest import edxml
from service.ingest.batch import Item
from service.ingest.names import log_safe
from service.ingest.reading import MessageRead, Reading, extract
from service.models import Fields, ReadResult
from service.runtime import Runtime
from service.store import quarantine as qstore

log = logging.getLogger("vanthu.ingest")


def is_message(original: Path) -> bool:
    return edxml.is_message(original)


def open_kept(rt: Runtime, original: Path) -> Future:
    """The kept original of a message opened (and its main attachment read): a finished future,
    whose exception (a VanthuError, MessageRefused among them) sends the file to the quarantine."""
    done: Future = Future()
    try:
        rel = original.relative_to(rt.config.data).as_posix()
        intake = edxml.open_message(rt, original, original.name.split(".")[0], rel)
        if not intake.registers:
            done.set_result(MessageRead(intake))
        else:
            read, fields = edxml.read_message(rt, intake, lambda r: _fields(rt, r, original.name))
            done.set_result(MessageRead(intake, Reading(read, fields)))
    except BaseException as exc:
        done.set_exception(exc)
    return done


def _fields(rt: Runtime, read: ReadResult, name: str) -> Fields:
    fields, error = extract(read, rt.config.organisation, rt.config.holidays)
    if error:
        log.error("code=extract_failed file=%s detail=%s", name, log_safe(error))
    return fields


def apply(rt: Runtime, item: Item, intake: edxml.MessageIntake) -> None:
    """A status, revocation or update message: it acts on the entry it names (its own transaction)."""
    status, object_id = edxml.apply(rt, intake)
    if item.retry_of is not None:
        with rt.store.write() as conn:
            qstore.set_quarantine_status(conn, item.retry_of, qstore.QuarantineStatus.RETRIED)
    log.info("code=edxml_%s file=%s id=%s", status, item.rel_s, object_id)
    item.status, item.extras["object_id"] = status, object_id


def tell_refused(rt: Runtime, items: list[Item]) -> None:
    """Quarantined messages whose header names their sender: 02 to it, once (not at every retry)."""
    for item in items:
        if item.status == "quarantined" and item.retry_of is None and item.error is not None:
            edxml.tell_refused(rt, item.error)
