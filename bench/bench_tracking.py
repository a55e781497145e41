"""Benchmark: the full status of 200 units × 100 requirements over 4 periods (target < 15 ms, issue 19).

On a real SQLite file with half of the reports received (three in four as registered documents,
so the số đến comes through the join, the rest on paper) and some links waiting for the clerk:

- compute_status: the whole status, every unit × requirement × period given a status code, with
  the submission behind each received one, ready for the caller (the target);
- its parts: reading the submissions, and the pure status computation (build_status);
- compute_status with the decoded packs and unit lists forgotten first (the first status after a
  change of every period: the packs' and requirements' texts are decoded once and kept);
- compute_status and then every one of its 80,000 StatusRow made, as a caller that walks all rows
  (the CLI's JSON, the dashboard) pays.

On SQLite the linked submissions are read from one packed row per requirement and period, kept in
step by triggers (migration 0004); what that costs a writer is printed too: one submission linked
and unlinked in a period that already has a hundred, its period's pack rebuilt each time, against
the same two statements on a copy of the table without the triggers.

Each is timed with time.process_time over several repeats (min and median: the machine may be
busy with other work) and printed as a ratio against a baseline measured in the same run: one plain
tuple per (requirement, unit, period), the least any status computation must build.

    .venv/bin/python bench/bench_tracking.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text

from service.models import Organisation, Requirement, Unit
from service.store import received as received_module
from service.store import requirements as requirements_module
from service.store.db import open_store
from service.store.received import received_index
from service.store.schema import documents, submissions
from service.store.tracking import add_requirement, compute_status
from service.tracking.periods import periods_as_of
from service.tracking.status import build_status

N_UNITS, N_REQS, N_PERIODS = 200, 100, 4
AT = date(2025, 12, 1)  # four yearly periods 2022–2025 are due by then
TARGET_MS = 15.0


def timed(fn, repeat: int) -> dict[str, float]:
    """CPU ms (min, median) and wall ms (min) over `repeat` runs."""
    cpu, wall = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
    return {"cpu_min": min(cpu), "cpu_med": statistics.median(cpu), "wall_min": min(wall)}


def build():
    org = Organisation(
        name="Ủy ban nhân dân huyện Thử",
        short_name="UBND",
        display_name="UBND huyện Thử",
        parent="",
        place="Thử",
        units=tuple(Unit(id=f"u{i:03d}", name=f"UBND xã Số {i}", groups=("xa",)) for i in range(N_UNITS)),
    )
    unit_ids = [u.id for u in org.units]
    reqs = [
        Requirement(
            id=None,
            source_document_id=None,
            source_number_symbol=f"{i + 1}/KH-UBND",
            what=f"Báo cáo số {i}",
            recurrence="yearly",
            due_date=date(2022, 11, 1 + i % 28),
            rule={"day": 1 + i % 28, "month": 11},
            end_date=date(2025, 12, 31),
            unit_ids=unit_ids,
        )
        for i in range(N_REQS)
    ]
    return org, reqs


def fill(store, reqs) -> tuple[int, int]:
    """Half the reports received (some late), three in four as documents; a few links proposed."""
    now = datetime(2022, 7, 1)
    linked = proposed = 0
    with store.write() as conn:
        for r in reqs:
            r.id = add_requirement(conn, r, now=now, proposed=True)
        subs, docs = [], []
        for r in reqs:
            for k, (label, due) in enumerate(periods_as_of(r, AT)):
                for j, unit in enumerate(r.unit_ids):
                    on = due + timedelta(days=(j % 5) - 2)
                    if (j + k + r.id) % 2 == 0:
                        state = "linked"
                        linked += 1
                    elif (j + k) % 50 == 1:
                        state = "proposed"
                        proposed += 1
                    else:
                        continue
                    doc_id = None
                    if j % 4:
                        doc_id = len(docs) + 1
                        docs.append(
                            dict(
                                id=doc_id,
                                year=on.year,
                                so_den=doc_id,
                                arrived_at=now,
                                file_name=f"{doc_id}.docx",
                                source_path=f"{doc_id}.docx",
                                sha256=f"{doc_id:064x}",
                                size=1,
                                format="docx",
                                original_path=f"originals/{doc_id}.docx",
                                number_symbol=f"{j}/BC",
                            )
                        )
                    subs.append(
                        dict(
                            requirement_id=r.id,
                            unit_id=unit,
                            period=label,
                            document_id=doc_id,
                            so_den=doc_id,
                            received_on=on,
                            number_symbol=f"{j}/BC",
                            on_paper=doc_id is None,
                            state=state,
                            confidence=1.0,
                            created_at=now,
                        )
                    )
        conn.execute(insert(documents), docs)
        conn.execute(insert(submissions), subs)
    return linked, proposed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    org, reqs = build()
    n = N_UNITS * N_REQS * N_PERIODS
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/bench.db")
        linked, proposed = fill(store, reqs)
        with store.read() as conn:
            received, waiting = received_index(conn, AT, None)

            def baseline():
                return [(r.id, u, p, d) for r in reqs for p, d in periods_as_of(r, AT) for u in r.unit_ids]

            def cold():
                received_module._unit_ids.cache_clear()
                received_module._days.cache_clear()
                requirements_module._unit_ids.cache_clear()
                return compute_status(conn, org, AT, 7)

            def every_row():
                return compute_status(conn, org, AT, 7).rows()

            full = compute_status(conn, org, AT, 7)
            rows = full.rows()
            # the computation is whole and right before it is timed
            assert len(baseline()) == len(full) == len(rows) == n, len(full)
            counts = full.counts()
            assert counts["on_time"] + counts["late"] == linked, counts
            assert sum(r.status in ("on_time", "late") for r in rows) == linked
            assert sum(r.submission_so_den is not None for r in rows) == sum(
                1 for by_unit in received.values() for s in by_unit.values() if s[1] is not None
            )
            assert sum(r.proposed_links for r in rows) == proposed
            results = [
                ("baseline (one tuple per row)", timed(baseline, repeat)),
                ("read submissions (SQLite)", timed(lambda: received_index(conn, AT, None), repeat)),
                (
                    "build_status (pure)",
                    timed(lambda: build_status(reqs, org, AT, 7, received, waiting), repeat),
                ),
                ("compute_status (the target)", timed(lambda: compute_status(conn, org, AT, 7), repeat)),
                ("compute_status, nothing decoded yet", timed(cold, repeat)),
                ("compute_status + every StatusRow", timed(every_row, repeat)),
            ]
        writes = write_cost(store, reqs[0], repeat)
        store.dispose()
    print(
        f"status rows: {n} ({N_UNITS} units × {N_REQS} requirements × {N_PERIODS} periods), "
        f"{linked} linked submissions, {proposed} proposed; {repeat} runs each"
    )
    base = results[0][1]["cpu_min"]
    print(f"{'':36} {'cpu min':>8} {'cpu med':>8} {'wall min':>9} {'× baseline':>11}")
    for name, t in results:
        print(
            f"{name:36} {t['cpu_min']:8.1f} {t['cpu_med']:8.1f} {t['wall_min']:9.1f} "
            f"{t['cpu_min'] / base:11.2f}"
        )
    target = results[3][1]["cpu_min"]
    print(
        f"target: full status < {TARGET_MS:.0f} ms: {'met' if target < TARGET_MS else 'NOT met'} "
        f"(compute_status, cpu min {target:.1f} ms)"
    )
    print(
        f"writer's cost of the packs: link + unlink one submission {writes['packed']:.2f} ms, "
        f"without triggers {writes['bare']:.2f} ms (cpu min of {repeat * 20})"
    )
    return 0


def write_cost(store, req, repeat: int) -> dict[str, float]:
    """CPU ms to insert and delete one linked submission, with the pack triggers and without them
    (dropped inside a savepoint that is then rolled back)."""
    label = periods_as_of(req, AT)[0][0]
    add = text(
        "INSERT INTO submissions (id, requirement_id, unit_id, period, received_on, on_paper, state, "
        "confidence, created_at) VALUES (999999, :rid, 'u000', :p, '2022-10-01', 1, 'linked', 1, "
        "'2022-10-01 08:00:00')"
    )
    drop = text("DELETE FROM submissions WHERE id = 999999")
    out = {}
    with store.write() as conn:

        def once():
            for _ in range(20):
                conn.execute(add, {"rid": req.id, "p": label})
                conn.execute(drop)

        out["packed"] = timed(once, repeat)["cpu_min"] / 20
        bare = conn.begin_nested()
        for trigger in ("submissions_pack_ai", "submissions_pack_ad", "submissions_pack_au"):
            conn.execute(text(f"DROP TRIGGER {trigger}"))
        out["bare"] = timed(once, repeat)["cpu_min"] / 20
        bare.rollback()
    return out


if __name__ == "__main__":
    sys.exit(main())
