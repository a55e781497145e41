"""Read queries behind the status pages: the register with filters and search, the dashboard counts.

Search ignores accents and case: the query is folded like documents.search_text and matched through
the SQLite FTS5 index (migration 0002), or with LIKE on databases without it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, column, func, inspect, literal_column, select, table, update

from service.models import LinkState
from service.store.documents import RegisterLine
from service.store.schema import audit_log, documents, requirements, submissions
from service.text import fold

# The register's columns (no full text: it is large and stored before the short columns).
REGISTER_COLUMNS = RegisterLine.columns()
_WORD = re.compile(r"\w+")
_fts = table("documents_fts", column("rowid"))
_fts_known: dict[int, bool] = {}
SEARCH_COUNT_CAP = 1000


@dataclass(frozen=True)
class RegisterFilter:
    """What the clerk asked the incoming register (sổ đến) for; None means any."""

    year: int | None = None
    doc_type: str | None = None
    issuer: str | None = None
    status: str | None = None
    query: str = ""

    def is_empty(self) -> bool:
        return not (self.year or self.doc_type or self.issuer or self.status or self.query.strip())


_QUOTED = re.compile(r'["“”]([^"“”]*)["“”]?')


def search_terms(query: str) -> list[list[str]]:
    """Folded words of each term: whitespace separates terms, quotes make a phrase of several words
    ("904/KH báo cáo" → [[904, kh], [bao], [cao]]; '"Bản Bo" báo cáo' → [[ban, bo], [bao], [cao]]).
    A document matches when it holds every term; a term's words stand next to each other."""
    terms = []
    folded = fold(query)
    for phrase in _QUOTED.findall(folded):
        words = _WORD.findall(phrase)
        if words:
            terms.append(words)
    for raw in _QUOTED.sub(" ", folded).split():
        words = _WORD.findall(raw)
        if words:
            terms.append(words)
    return terms


def has_fts(conn: Connection) -> bool:
    key = id(conn.engine)
    if key not in _fts_known:
        _fts_known[key] = conn.dialect.name == "sqlite" and inspect(conn).has_table("documents_fts")
    return _fts_known[key]


def _fts_match(terms: list[list[str]]):
    # Each term is a quoted phrase of its words: no FTS syntax from the user gets through.
    match = " ".join('"' + " ".join(words) + '"' for words in terms)
    return literal_column("documents_fts").op("MATCH")(match)


def _search_clause(conn: Connection, query: str):
    terms = search_terms(query)
    if not terms:
        return None
    if has_fts(conn):
        return documents.c.id.in_(select(_fts.c.rowid).where(_fts_match(terms)))
    return and_(*(_term_clause(conn, words) for words in terms))


def _term_clause(conn: Connection, words: list[str]):
    """Without SQLite's FTS index: the words in order (LIKE, cheap); on PostgreSQL also as whole
    words one after another (a regular expression), as the index matches a phrase."""
    pattern = (
        "%" + "%".join(w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words) + "%"
    )
    like = documents.c.search_text.like(pattern, escape="\\")
    if conn.dialect.name != "postgresql":
        return like
    phrase = r"\y" + r"\W+".join(re.escape(w) for w in words) + r"\y"  # \y: PostgreSQL's word boundary
    return and_(like, documents.c.search_text.regexp_match(phrase))


def _filters(flt: RegisterFilter) -> list:
    clauses = []
    if flt.year:
        clauses.append(documents.c.year == flt.year)
    if flt.doc_type:
        clauses.append(documents.c.doc_type == flt.doc_type)
    if flt.issuer:
        clauses.append(documents.c.issuer == flt.issuer)
    if flt.status:
        clauses.append(documents.c.status == flt.status)
    return clauses


def _where(conn: Connection, flt: RegisterFilter) -> list:
    clauses = _filters(flt)
    found = _search_clause(conn, flt.query)
    if found is not None:
        clauses.append(found)
    return clauses


def _rows_by_ids(conn: Connection, ids: list[int]) -> list[RegisterLine]:
    if not ids:
        return []
    rows = {
        r["id"]: RegisterLine.of(r)
        for r in conn.execute(select(*REGISTER_COLUMNS).where(documents.c.id.in_(ids))).mappings()
    }
    return [rows[i] for i in ids if i in rows]


def register_page(
    conn: Connection, flt: RegisterFilter, *, page: int = 1, per_page: int = 50, newest_first: bool = True
) -> tuple[list[RegisterLine], int]:
    """One page of register lines and the number of lines that match.

    A search counts at most SEARCH_COUNT_CAP + 1 matches: "báo cáo" is in nearly every document,
    and counting them all would cost more than showing the first page.
    """
    terms = search_terms(flt.query)
    if terms and has_fts(conn):
        return _search_page(conn, flt, terms, page=page, per_page=per_page)
    where = _where(conn, flt)
    order = (
        (documents.c.year.desc(), documents.c.so_den.desc())
        if newest_first
        else (documents.c.year, documents.c.so_den)
    )
    total = conn.execute(select(func.count()).select_from(documents).where(*where)).scalar() or 0
    if terms:
        total = min(total, SEARCH_COUNT_CAP + 1)
    # Ids first (the indexes cover them), then the few rows: deep pages stay cheap.
    ids = [
        r[0]
        for r in conn.execute(
            select(documents.c.id)
            .where(*where)
            .order_by(*order)
            .limit(per_page)
            .offset(max(page - 1, 0) * per_page)
        )
    ]
    return _rows_by_ids(conn, ids), total


def _search_page(
    conn: Connection, flt: RegisterFilter, terms: list[list[str]], *, page: int, per_page: int
) -> tuple[list[RegisterLine], int]:
    """The FTS index drives, newest registration first (ids grow with số đến), stopping early."""
    match = _fts_match(terms)
    filters = _filters(flt)
    if filters:
        q = (
            select(_fts.c.rowid)
            .select_from(_fts.join(documents, documents.c.id == _fts.c.rowid))
            .where(match, *filters)
        )
    else:
        q = select(_fts.c.rowid).where(match)
    total = (
        conn.execute(select(func.count()).select_from(q.limit(SEARCH_COUNT_CAP + 1).subquery())).scalar() or 0
    )
    ids = [
        r[0]
        for r in conn.execute(
            q.order_by(_fts.c.rowid.desc()).limit(per_page).offset(max(page - 1, 0) * per_page)
        )
    ]
    return _rows_by_ids(conn, ids), total


def iter_register(
    conn: Connection, flt: RegisterFilter, *, limit: int | None = None, offset: int = 0
) -> Iterator[RegisterLine]:
    """Every matching line in register order (oldest first), for exports and the print view."""
    q = select(*REGISTER_COLUMNS).where(*_where(conn, flt)).order_by(documents.c.year, documents.c.so_den)
    if limit:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    for row in conn.execute(q).mappings():
        yield RegisterLine.of(row)


def count_register(conn: Connection, flt: RegisterFilter) -> int:
    """How many lines match (a filter without a search: its indexes count them)."""
    return conn.execute(select(func.count()).select_from(documents).where(*_where(conn, flt))).scalar() or 0


@dataclass(frozen=True)
class RegisterChoices:
    """The values the register's filters offer: years (newest first), types, the most frequent issuers
    (sorted), statuses."""

    years: list[int]
    doc_types: list[str]
    issuers: list[str]
    statuses: list[str]


def register_choices(conn: Connection, *, limit: int = 300) -> RegisterChoices:
    """Values offered by the register's filters: years, types, the most frequent issuers, statuses."""
    years = [
        r[0] for r in conn.execute(select(documents.c.year).distinct().order_by(documents.c.year.desc()))
    ]
    types = [
        r[0]
        for r in conn.execute(
            select(documents.c.doc_type)
            .where(documents.c.doc_type.is_not(None))
            .distinct()
            .order_by(documents.c.doc_type)
        )
    ]
    issuers = [
        r[0]
        for r in conn.execute(
            select(documents.c.issuer)
            .where(documents.c.issuer.is_not(None))
            .group_by(documents.c.issuer)
            .order_by(func.count().desc(), documents.c.issuer)
            .limit(limit)
        )
    ]
    statuses = [
        r[0] for r in conn.execute(select(documents.c.status).distinct().order_by(documents.c.status))
    ]
    return RegisterChoices(years, types, sorted(issuers), statuses)


def arrivals_since(
    conn: Connection, since: datetime, *, after_id: int = 0, limit: int = 50
) -> tuple[list[RegisterLine], int]:
    """Documents registered since a time (newest first, at most `limit`) and how many there are."""
    where = [documents.c.arrived_at >= since, documents.c.id > after_id]
    total = conn.execute(select(func.count()).select_from(documents).where(*where)).scalar() or 0
    rows = conn.execute(
        select(*REGISTER_COLUMNS)
        .where(*where)
        .order_by(documents.c.arrived_at.desc(), documents.c.id.desc())
        .limit(limit)
    )
    return [RegisterLine.of(r) for r in rows.mappings()], total


def latest_document_id(conn: Connection) -> int:
    return conn.execute(select(func.max(documents.c.id))).scalar() or 0


@dataclass(frozen=True)
class RaisedRequirement:
    """A reporting requirement a document gave rise to, as its page lists it."""

    id: int
    what: str
    due_date: date | None
    recurrence: str | None
    confirmed: bool
    closed: bool


@dataclass(frozen=True)
class LinkedReport:
    """A submission a document was linked to (as a unit's report), with what its requirement asks."""

    id: int
    requirement_id: int
    unit_id: str
    period: str
    state: LinkState
    confidence: float
    received_on: date
    what: str


@dataclass(frozen=True)
class DocumentLinks:
    """The requirements a document created and the submissions it was linked to."""

    requirements: list[RaisedRequirement]
    submissions: list[LinkedReport]


def document_links(conn: Connection, doc_id: int) -> DocumentLinks:
    """The requirements a document created and the submissions it was linked to."""
    reqs = conn.execute(
        select(*(requirements.c[f.name] for f in dataclasses.fields(RaisedRequirement)))
        .where(requirements.c.source_document_id == doc_id)
        .order_by(requirements.c.id)
    )
    subs = conn.execute(
        select(
            submissions.c.id,
            submissions.c.requirement_id,
            submissions.c.unit_id,
            submissions.c.period,
            submissions.c.state,
            submissions.c.confidence,
            submissions.c.received_on,
            requirements.c.what,
        )
        .join(requirements, requirements.c.id == submissions.c.requirement_id)
        .where(submissions.c.document_id == doc_id)
        .order_by(submissions.c.id)
    )
    return DocumentLinks(
        [RaisedRequirement(*r) for r in reqs],
        [LinkedReport(*s[:4], LinkState(s.state), *s[5:]) for s in subs],
    )


def update_register_columns(
    conn: Connection, doc_id: int, *, recipient_unit: str | None, note: str | None
) -> None:
    """The clerk's own columns of the register: Đơn vị hoặc người nhận, Ghi chú."""
    conn.execute(
        update(documents).where(documents.c.id == doc_id).values(recipient_unit=recipient_unit, note=note)
    )


def tracking_fingerprint(conn: Connection) -> tuple:
    """Changes whenever a requirement or submission does: every change adds a row to one of these
    tables or to the audit trail (tracking writes one for each). Cheap: three primary-key maxima."""
    return tuple(
        conn.execute(select(func.max(t.c.id))).scalar() or 0 for t in (audit_log, requirements, submissions)
    )
