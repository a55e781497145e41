"""The status table against a plain cell-by-cell reference, pure and through a real SQLite store."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from service.models import Organisation, Requirement, Unit
from service.store.tracking import NewSubmission, add_requirement, compute_status, insert_submission
from service.tracking.periods import periods_as_of
from service.tracking.status import Received, StatusTable, build_status, status_for, summarise

pytestmark = pytest.mark.both_databases  # tests/conftest.py: on SQLite and on PostgreSQL

AT = date(2024, 11, 8)
SOON = 7


def make_org(n: int = 12) -> Organisation:
    return Organisation(
        name="Ủy ban nhân dân huyện Thử",
        short_name="UBND",
        display_name="UBND huyện Thử",
        parent="",
        place="Thử",
        units=tuple(Unit(id=f"u{i}", name=f"UBND xã {i}", groups=("xa",)) for i in range(n)),
    )


def make_requirements(org: Organisation) -> list[Requirement]:
    ids = [u.id for u in org.units]
    return [
        Requirement(
            id=1,
            source_document_id=None,
            source_number_symbol="904/KH-UBND",
            what="Báo cáo năm",
            recurrence="yearly",
            due_date=date(2022, 11, 10),
            rule={"day": 10, "month": 11},
            end_date=date(2025, 12, 31),
            unit_ids=ids,
        ),
        # due in a few days on AT: due soon for those who have not sent it
        Requirement(
            id=2,
            source_document_id=None,
            source_number_symbol="12/CV-UBND",
            what="Báo cáo quý",
            recurrence="quarterly",
            due_date=date(2024, 3, 15),
            rule={"day": 15, "month_of_quarter": 3},
            unit_ids=ids[:7],
        ),
        # a unit that is no longer configured still shows, by its id; a repeated id counts once
        Requirement(
            id=3,
            source_document_id=None,
            source_number_symbol=None,
            what="Báo cáo một lần",
            due_date=date(2025, 1, 20),
            unit_ids=["u1", "gone", "u3", "u1"],
        ),
        Requirement(
            id=4,
            source_document_id=None,
            source_number_symbol="7/KH-UBND",
            what="Báo cáo tháng",
            recurrence="monthly",
            due_date=date(2024, 6, 5),
            rule={"day": 5},
            unit_ids=ids[5:],
        ),
    ]


def random_submissions(reqs: list[Requirement], seed: int) -> list[dict]:
    """Linked and proposed links, on time, late, twice for one period, after `AT`, from non-owing units."""
    rnd = random.Random(seed)
    out = []
    for req in reqs:
        for label, due in periods_as_of(req, AT + timedelta(days=120)):
            for unit in [*req.unit_ids, "stranger"]:
                for _ in range(rnd.choice((0, 0, 1, 1, 2))):
                    day = due + timedelta(days=rnd.randint(-40, 30))
                    out.append(
                        dict(
                            requirement_id=req.id,
                            unit_id=unit,
                            period=label,
                            received_on=day,
                            number_symbol=f"{len(out) + 1}/BC",
                            so_den=rnd.choice((None, len(out) + 1)),
                            state=rnd.choice(("linked", "linked", "linked", "proposed", "rejected")),
                        )
                    )
    # the earliest report counts: make days distinct per cell so that "earliest" is one report
    seen: set = set()
    unique = []
    for s in out:
        key = (s["requirement_id"], s["period"], s["unit_id"], s["received_on"])
        if key not in seen:
            seen.add(key)
            unique.append(s)
    return unique


def reference(reqs: list[Requirement], org: Organisation, at: date, subs: list[dict]) -> list[tuple]:
    """Cell by cell, the plain way: the earliest linked report on or before `at` counts."""
    names = {u.id: u.name for u in org.units}
    out = []
    for req in reqs:
        for label, due in periods_as_of(req, at):
            for unit in dict.fromkeys(req.unit_ids):
                mine = [
                    s
                    for s in subs
                    if (s["requirement_id"], s["period"], s["unit_id"]) == (req.id, label, unit)
                    and s["received_on"] <= at
                ]
                linked = sorted((s for s in mine if s["state"] == "linked"), key=lambda s: s["received_on"])
                first = linked[0] if linked else None
                out.append(
                    (
                        req.id,
                        label,
                        due,
                        unit,
                        names.get(unit, unit),
                        status_for(due, first["received_on"] if first else None, at, SOON),
                        first["so_den"] if first else None,
                        first["number_symbol"] if first else None,
                        first["received_on"] if first else None,
                        None if not first else first.get("document_id"),
                        sum(s["state"] == "proposed" for s in mine),
                    )
                )
    return out


def as_tuples(rows) -> list[tuple]:
    return [
        (
            r.requirement_id,
            r.period,
            r.due_date,
            r.unit_id,
            r.unit_name,
            r.status,
            r.submission_so_den,
            r.submission_number_symbol,
            r.submission_date,
            r.submission_document_id,
            r.proposed_links,
        )
        for r in rows
    ]


def pure_indexes(subs: list[dict], at: date, iso: bool):
    received: dict = {}
    proposed: dict = {}
    for s in subs:
        if s["received_on"] > at:
            continue
        key = (s["requirement_id"], s["period"])
        if s["state"] == "linked":
            day = s["received_on"].isoformat() if iso else s["received_on"]
            best = received.setdefault(key, {}).get(s["unit_id"])
            if best is None or day < best[0]:
                received[key][s["unit_id"]] = Received(day, s["so_den"], s["number_symbol"], None)
        elif s["state"] == "proposed":
            waiting = proposed.setdefault(key, {})
            waiting[s["unit_id"]] = waiting.get(s["unit_id"], 0) + 1
    return received, proposed


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("iso", [True, False])
def test_build_status_matches_the_cell_by_cell_reference(seed, iso):
    org = make_org()
    reqs = make_requirements(org)
    subs = random_submissions(reqs, seed)
    received, proposed = pure_indexes(subs, AT, iso)
    table = build_status(reqs, org, AT, SOON, received, proposed)
    expected = reference(reqs, org, AT, subs)
    assert as_tuples(table) == expected
    assert len(table) == len(expected)
    assert table.counts() == {s: sum(1 for e in expected if e[5] == s) for s in table.counts()}
    statuses = Counter(e[5] for e in expected)
    assert set(statuses) == {"not_due", "due_soon", "on_time", "late", "overdue"}  # the data covers them all
    assert summarise(table) == dict(statuses) == summarise(list(table))


def test_a_submission_after_the_day_does_not_count_yet():
    org = make_org(2)
    req = make_requirements(org)[0]
    received = {(1, "2023"): {"u0": Received("2024-11-20", 5, "5/BC", 9)}}  # after AT
    table = build_status([req], org, AT, SOON, received)
    cell = next(r for r in table if r.period == "2023" and r.unit_id == "u0")
    assert cell.status == "overdue" and cell.submission_so_den is None


def test_status_table_is_a_sequence_of_rows():
    org = make_org()
    reqs = make_requirements(org)
    subs = random_submissions(reqs, 7)
    table = build_status(reqs, org, AT, SOON, *pure_indexes(subs, AT, True))
    rows = list(table)
    assert isinstance(table, StatusTable) and len(rows) == len(table) > 0
    assert [table[i] for i in range(len(table))] == rows
    assert table[-1] == rows[-1] and table[3:9] == rows[3:9] and table.rows() == rows
    assert table[5] is table[5]  # rows are made once, then kept
    with pytest.raises(IndexError):
        table[len(table)]
    one = table.for_requirement(3)
    assert [r.unit_id for r in one] == ["u1", "gone", "u3"]
    assert [r.unit_name for r in one] == ["UBND xã 1", "gone", "UBND xã 3"]
    block = table.block(1, "2023")
    assert block is not None and [r.status for r in block.rows()] == [
        block.status_of(i) for i in range(len(block))
    ]
    assert block.counts() == {s: sum(r.status == s for r in block.rows()) for s in block.counts()}
    assert table.block(1, "1999") is None
    assert len(StatusTable([])) == 0 and list(StatusTable([])) == [] and StatusTable([]).counts()["late"] == 0


def test_compute_status_on_the_database_matches_the_reference(store):
    org = make_org()
    reqs = make_requirements(org)
    now = datetime(2022, 7, 1)
    subs = random_submissions(reqs, 11)
    with store.write() as conn:
        for req in reqs:
            req.id = add_requirement(conn, req, now=now)
        for s in subs:
            s["document_id"] = None
            insert_submission(
                conn,
                NewSubmission(
                    requirement_id=s["requirement_id"],
                    unit_id=s["unit_id"],
                    period=s["period"],
                    received_on=s["received_on"],
                    number_symbol=s["number_symbol"],
                    state=s["state"],
                ),
                now=now,
            )
            s["so_den"] = None  # on paper: no số đến
    with store.read() as conn:
        whole = compute_status(conn, org, AT, SOON)
        one = compute_status(conn, org, AT, SOON, requirement_id=2)
    assert as_tuples(whole) == reference(reqs, org, AT, subs)
    assert as_tuples(one) == reference([reqs[1]], org, AT, subs)


def _fill(store, reqs, seed: int) -> list[dict]:
    now = datetime(2022, 7, 1)
    subs = random_submissions(reqs, seed)
    with store.write() as conn:
        for req in reqs:
            req.id = add_requirement(conn, req, now=now)
        for s in subs:
            s["id"] = insert_submission(
                conn,
                NewSubmission(
                    requirement_id=s["requirement_id"],
                    unit_id=s["unit_id"],
                    period=s["period"],
                    received_on=s["received_on"],
                    number_symbol=s["number_symbol"],
                    state=s["state"],
                ),
                now=now,
            )
    return subs


def _plain(index):
    """Any received index as plain dicts of plain tuples, to compare."""
    received, proposed = index
    return {k: {u: tuple(s) for u, s in v.items()} for k, v in received.items()}, proposed


def _read_three_ways(conn, at, requirement_id=None):
    from service.store import received as st

    cursor = conn.connection.driver_connection.cursor()
    rows = st._received_index_rows(cursor, at, requirement_id)
    portable_received, portable_proposed = st._received_index_portable(conn, at, requirement_id)
    portable = (
        {k: {u: (s[0].isoformat(), *s[1:]) for u, s in v.items()} for k, v in portable_received.items()},
        portable_proposed,
    )
    return _plain(st.received_index(conn, at, requirement_id)), _plain(rows), _plain(portable)


@pytest.mark.sqlite_only  # the packs are SQLite triggers
@pytest.mark.parametrize("at", [AT, date(2023, 11, 12), date(2026, 1, 1)])
def test_the_three_ways_of_reading_submissions_agree(store, at):
    """The packed periods (SQLite), the submissions row by row (an SQLite without JSON), the portable query;
    on a day after every submission and on days in the past, when some had not arrived yet."""
    _fill(store, make_requirements(make_org()), 3)
    with store.read() as conn:
        packed, rows, portable = _read_three_ways(conn, at)
        assert packed == rows == portable and packed[0] and packed[1]
        assert (
            _read_three_ways(conn, at, 2)[0]
            == _read_three_ways(conn, at, 2)[1]
            == (
                {k: v for k, v in rows[0].items() if k[0] == 2},
                {k: v for k, v in rows[1].items() if k[0] == 2},
            )
        )


@pytest.mark.sqlite_only  # the packs are SQLite triggers
def test_packed_periods_follow_every_change_to_the_submissions(store):
    """Links confirmed, rejected, moved to another period or unit, redated, deleted: by any writer."""
    from sqlalchemy import text

    reqs = make_requirements(make_org())
    subs = _fill(store, reqs, 5)
    rnd = random.Random(9)
    for step in range(60):
        s = rnd.choice(subs)
        change = rnd.choice(("state", "state", "day", "period", "unit", "delete", "so_den"))
        with store.write() as conn:
            if change == "state":
                conn.execute(
                    text("UPDATE submissions SET state = :v WHERE id = :id"),
                    {"v": rnd.choice(("linked", "proposed", "rejected")), "id": s["id"]},
                )
            elif change == "day":
                conn.execute(
                    text("UPDATE submissions SET received_on = :v WHERE id = :id"),
                    {"v": s["received_on"] - timedelta(days=rnd.randint(1, 60)), "id": s["id"]},
                )
            elif change == "period":
                conn.execute(
                    text("UPDATE submissions SET period = :v WHERE id = :id"),
                    {"v": rnd.choice(("2022", "2023", "2024")), "id": s["id"]},
                )
            elif change == "unit":
                conn.execute(
                    text("UPDATE submissions SET unit_id = :v WHERE id = :id"),
                    {"v": rnd.choice(("u0", "u4", "stranger")), "id": s["id"]},
                )
            elif change == "so_den":
                conn.execute(
                    text("UPDATE submissions SET so_den = :v, number_symbol = :n WHERE id = :id"),
                    {"v": step + 500, "n": f"{step}/BC-sua", "id": s["id"]},
                )
            else:
                conn.execute(text("DELETE FROM submissions WHERE id = :id"), {"id": s["id"]})
        if step % 10 == 9:
            with store.read() as conn:
                for at in (AT, date(2023, 6, 1), date(2030, 1, 1)):
                    packed, rows, _portable = _read_three_ways(conn, at)
                    assert packed == rows, (step, at)
    with store.write() as conn:
        conn.execute(text("DELETE FROM submissions"))
    with store.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM received_packs")).scalar() == 0


@pytest.mark.sqlite_only  # the packs are SQLite triggers
def test_without_packed_periods_the_status_reads_the_submissions(store):
    """An SQLite built without JSON functions gets no packs (migration 0004): same statuses, row by row."""
    from importlib import import_module

    from sqlalchemy import text

    pack_migration = import_module("service.store.migrations.versions.0004_received_packs")
    org = make_org()
    reqs = make_requirements(org)
    _fill(store, reqs, 4)
    with store.read() as conn:
        with_packs = as_tuples(compute_status(conn, org, AT, SOON))
    with store.write() as conn:
        for sql in pack_migration.DROP_SQLITE:
            conn.execute(text(sql))
    with store.read() as conn:
        assert as_tuples(compute_status(conn, org, AT, SOON)) == with_packs


def test_a_received_group_decodes_the_details_only_when_a_row_is_read():
    from service.tracking.status import ReceivedGroup

    org = make_org(3)
    req = make_requirements(org)[2]  # due 2025-01-20, owed by u1, gone, u3
    calls = []

    def details():
        calls.append(1)
        return [(7, "7/BC", 70), (8, "8/BC", None)]

    group = ReceivedGroup(["u1", "u3"], ["2025-01-10", "2025-01-25"], details)
    table = build_status([req], org, date(2025, 2, 1), SOON, {(3, "once"): group})
    assert table.counts()["on_time"] == 1 and table.counts()["late"] == 1 and table.counts()["overdue"] == 1
    assert calls == []  # the statuses need only the days
    rows = list(table)
    assert [
        (r.unit_id, r.status, r.submission_so_den, r.submission_number_symbol, r.submission_document_id)
        for r in rows
    ] == [
        ("u1", "on_time", 7, "7/BC", 70),
        ("gone", "overdue", None, None, None),
        ("u3", "late", 8, "8/BC", None),
    ]
    assert calls == [1] and dict(group) == {
        "u1": ("2025-01-10", 7, "7/BC", 70),
        "u3": ("2025-01-25", 8, "8/BC", None),
    }
    with pytest.raises(ValueError):
        dict(ReceivedGroup(["u1"], ["2025-01-10"], list))  # details out of step with the days
    with pytest.raises(ValueError):
        ReceivedGroup(["u1", "u2"], ["2025-01-10"], list)
    assert "u3" in group and "u2" not in group and len(group) == 2


def test_status_json_lines_are_the_rows_own_json():
    from service.cli.tracking import _status_json_lines

    org = make_org()
    reqs = make_requirements(org)
    table = build_status(reqs, org, AT, SOON, *pure_indexes(random_submissions(reqs, 5), AT, True))
    assert list(_status_json_lines(table)) == [json.dumps(r.to_json(), ensure_ascii=False) for r in table]
