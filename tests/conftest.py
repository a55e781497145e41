"""Shared fixtures: a whole office (config, folders, SQLite file) in a temporary folder."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from hypothesis import settings

if TYPE_CHECKING:
    from service.store.documents import Document

# CI runs the property tests on a fixed seed, so that a run's verdict is the code's, never the draw's;
# a developer's runs keep drawing new cases (and replay the ones that failed, from .hypothesis/).
settings.register_profile("ci", derandomize=True)
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
if IN_CI:
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "files"


def require_tool(name: str) -> str:
    """The path of a tool the tests need; its absence fails the test."""
    path = shutil.which(name)
    if path:
        return path
    _missing(name)


def require_path(path: Path, what: str) -> Path:
    """A file the tests need (a font, Debian's python3, ../shared/…); its absence fails the test."""
    if path.exists():
        return path
    _missing(f"{what} ({path})")


def require_shared(path: Path, what: str, *, module: bool = False) -> Path:
    """A file of ../shared (the corpus, its answer key, nd30check.py, the sample plans).

    ../shared lies beside the project on the team's machines and in CI, not in a clone someone tries
    on their own: there the tests that need it are skipped, with the reason. Under CI=true its absence
    fails. `module=True` skips (or fails) the whole module, when called at its top.
    """
    if path.exists():
        return path
    reason = f"{what} ({path}) is absent: ../shared lies beside the project only on the team's machines"
    if IN_CI:
        pytest.fail(f"{reason}; under CI=true it must be there", pytrace=False)
    pytest.skip(reason, allow_module_level=module)


def require_corpus() -> Path:
    """The development corpus beside the project (../shared/corpus/files): see require_shared."""
    return require_shared(CORPUS, "the development corpus")


def _missing(what: str):
    # Never a skip: `make test` installs every tool, and a test that does not run proves nothing.
    pytest.fail(f"{what} is required (run `make install` as root)")


class FakeClock:
    """A wall clock the test moves by hand."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 8, 30)):
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **kw) -> None:
        self.current += timedelta(**kw)


def write_office_config(folder: Path, **overrides) -> Path:
    """A copy of the shipped config.yaml whose folders live in `folder`."""
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["folders"] = {"inbox": "inbox", "outbox": "outbox", "data": "data"}
    for key, value in overrides.items():
        section, _, sub = key.partition("__")
        if sub:
            data.setdefault(section, {})[sub] = value
        else:
            data[section] = value
    for sub in ("inbox", "outbox"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class MonoClock:
    """A monotonic clock the test moves by hand (for the watcher's readiness tracker)."""

    def __init__(self):
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def register_rows(rt) -> list[Document]:
    from service.store import documents as docs

    with rt.store.read() as conn:
        return docs.list_register(conn)


def quarantine_rows(rt) -> list[dict]:
    """The open quarantine entries, as plain dicts for the tests' comparisons."""
    from service.store import quarantine as qstore

    with rt.store.read() as conn:
        return [q.to_json() for q in qstore.list_quarantine(conn)]


@pytest.fixture
def scanner(office):
    """A Scanner over the office's inbox, and the fake monotonic clock it reads."""
    from service.ingest.watcher import Scanner

    mono = MonoClock()
    return Scanner(office, clock=mono), mono


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server of the test run's own (tests/postgres.py); started on first need."""
    from service.store.backup import pg_binary
    from tests.postgres import PostgresServer

    for tool in ("initdb", "pg_ctl"):
        if not pg_binary(tool):
            _missing(f"PostgreSQL's {tool} (Debian postgresql)")
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def database_url(request) -> str:
    """The office's database: SQLite in its data folder (""), or, for the tests parametrized over
    both databases (`on_both_databases`), a new PostgreSQL database."""
    kind = getattr(request, "param", os.environ.get("VANTHU_TEST_DATABASE", "sqlite"))
    if kind == "postgresql":
        return request.getfixturevalue("postgres_server").new_database()
    return ""


def pytest_generate_tests(metafunc):
    """A test marked `both_databases` (or in a module so marked) runs on SQLite and on PostgreSQL,
    unless it is also marked `sqlite_only` (it reads SQLite's own structures)."""
    if (
        "database_url" in metafunc.fixturenames
        and metafunc.definition.get_closest_marker("both_databases")
        and not metafunc.definition.get_closest_marker("sqlite_only")
    ):
        metafunc.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def office(tmp_path: Path, clock: FakeClock, database_url: str):
    """A Runtime on a fresh office in tmp_path, with a fake wall clock."""
    from service.runtime import open_runtime

    cfg_path = write_office_config(tmp_path, watcher__settle_seconds=2.0, database__url=database_url)
    rt = open_runtime(cfg_path, clock=clock)
    yield rt
    rt.store.dispose()


def make_docx(path: Path, paragraphs: list[str]) -> Path:
    """A real .docx with the given paragraphs (python-docx)."""
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(path)
    return path


SAMPLE_REPORT = [
    "UBND HUYỆN TAM ĐƯỜNG",
    "PHÒNG NỘI VỤ",
    "Số: 45/BC-PNV",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Tam Đường, ngày 05 tháng 11 năm 2022",
    "BÁO CÁO",
    "Kết quả thực hiện phong trào thi đua năm 2022",
    "Thực hiện Kế hoạch số 904/KH-UBND ngày 21/7/2022 của UBND huyện Tam Đường, Phòng Nội vụ báo cáo như sau:",
    "Nơi nhận:",
    "- UBND huyện;",
    "- Lưu: VT.",
    "TRƯỞNG PHÒNG",
    "Nguyễn Văn An",
]
