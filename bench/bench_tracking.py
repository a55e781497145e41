"""Benchmark: the full status of 200 units × 100 requirements over 4 periods (target < 50 ms).

Measures the pure computation (service.tracking.build_status) and the whole query
(service.store.tracking.compute_status on a real SQLite file, half of the reports received), and
prints each as a ratio against a baseline measured in the same run: building one plain tuple per
(requirement, unit, period), the least any status computation must do.

    .venv/bin/python bench/bench_tracking.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from service.models import Organisation, Requirement, Unit  # noqa: E402
from service.store.db import open_store  # noqa: E402
from service.store.schema import submissions  # noqa: E402
from service.store.tracking import _received_index, add_requirement, compute_status  # noqa: E402
from service.tracking.periods import periods_as_of  # noqa: E402
from service.tracking.status import build_status  # noqa: E402

N_UNITS, N_REQS, N_PERIODS = 200, 100, 4
AT = date(2025, 12, 1)  # four yearly periods 2022–2025 are due by then
TARGET_MS = 50.0
REPEAT = 15


def best_ms(fn, repeat: int = REPEAT) -> tuple[float, float]:
    """Best wall and best CPU time in ms (the CPU time is less disturbed by a busy machine)."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = min(wall, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
    return wall * 1000, cpu * 1000


def build():
    org = Organisation(name="Ủy ban nhân dân huyện Thử", short_name="UBND", display_name="UBND huyện Thử",
                       parent="", place="Thử",
                       units=tuple(Unit(id=f"u{i:03d}", name=f"UBND xã Số {i}", groups=("xa",))
                                   for i in range(N_UNITS)))
    unit_ids = [u.id for u in org.units]
    reqs = [Requirement(id=None, source_document_id=None, source_number_symbol=f"{i + 1}/KH-UBND",
                        what=f"Báo cáo số {i}", recurrence="yearly", due_date=date(2022, 11, 1 + i % 28),
                        rule={"day": 1 + i % 28, "month": 11}, end_date=date(2025, 12, 31), unit_ids=unit_ids)
            for i in range(N_REQS)]
    return org, reqs


def main() -> int:
    org, reqs = build()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/bench.db")
        now = datetime(2022, 7, 1)
        with store.write() as conn:
            for r in reqs:
                r.id = add_requirement(conn, r, now=now, proposed=True)
            rows = []
            for r in reqs:
                for k, (label, due) in enumerate(periods_as_of(r, AT)):
                    for j, unit in enumerate(r.unit_ids):
                        if (j + k + r.id) % 2 == 0:  # half the reports received, some late
                            rows.append(dict(requirement_id=r.id, unit_id=unit, period=label, document_id=None,
                                             received_on=due + timedelta(days=(j % 5) - 2),
                                             number_symbol=f"{j}/BC", on_paper=True, state="linked",
                                             confidence=1.0, created_at=now))
            conn.execute(insert(submissions), rows)
        with store.read() as conn:
            received, proposed = _received_index(conn, AT, None)

            def baseline():
                return [(r.id, u, p, d) for r in reqs for p, d in periods_as_of(r, AT) for u in r.unit_ids]

            base = baseline()
            pure = build_status(reqs, org, AT, 7, received, proposed)
            full = compute_status(conn, org, AT, 7)
            assert len(base) == len(pure) == len(full) == N_UNITS * N_REQS * N_PERIODS, len(full)
            assert sum(r.status in ("on_time", "late") for r in full) == len(rows)
            t_base = best_ms(baseline)
            t_read = best_ms(lambda: _received_index(conn, AT, None))
            t_pure = best_ms(lambda: build_status(reqs, org, AT, 7, received, proposed))
            t_full = best_ms(lambda: compute_status(conn, org, AT, 7))
        store.dispose()
    n = N_UNITS * N_REQS * N_PERIODS
    print(f"status rows: {n} ({N_UNITS} units × {N_REQS} requirements × {N_PERIODS} periods), "
          f"{len(rows)} submissions")
    print(f"{'':40} {'wall ms':>8} {'cpu ms':>8} {'× baseline':>11}")
    for name, (wall, cpu) in [("baseline (one tuple per row)", t_base), ("read submissions (SQLite)", t_read),
                              ("build_status (pure)", t_pure), ("compute_status (SQLite + pure)", t_full)]:
        print(f"{name:40} {wall:8.1f} {cpu:8.1f} {wall / t_base[0]:11.2f}")
    print(f"target: full status < {TARGET_MS:.0f} ms: {'met' if t_full[0] < TARGET_MS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
