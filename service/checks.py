"""`vanthu check`: what the machine and the config lack, in plain words."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from service.config import Config

Check = tuple[bool, str, str]  # (ok, what, hint)


def _writable(folder: Path) -> bool:
    try:
        with tempfile.NamedTemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def check_folders(cfg: Config) -> list[Check]:
    out = []
    for label, folder in (("inbox", cfg.inbox), ("outbox", cfg.outbox), ("data", cfg.data)):
        ok = folder.is_dir() and _writable(folder)
        out.append((ok, f"thư mục {label} ({folder}) ghi được", f"mkdir -p {folder} && chmod u+w {folder}"))
    return out


def check_tesseract() -> list[Check]:
    exe = shutil.which("tesseract")
    if not exe:
        return [(False, "tesseract (đọc bản quét)", "apt-get install tesseract-ocr tesseract-ocr-vie")]
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    return [
        (True, f"tesseract ({exe})", ""),
        (
            "vie" in langs.split(),
            "dữ liệu tiếng Việt cho tesseract (vie)",
            "apt-get install tesseract-ocr-vie",
        ),
        (
            Path("/usr/share/hunspell/vi_VN.dic").is_file(),
            "từ điển âm tiết tiếng Việt để sửa lỗi chữ OCR (hunspell-vi)",
            "apt-get install hunspell-vi",
        ),
    ]


def check_libreoffice() -> list[Check]:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    return [(bool(exe), f"LibreOffice ({exe or 'không có'})", "apt-get install libreoffice-writer-nogui")]


def check_database(cfg: Config) -> list[Check]:
    from sqlalchemy.engine import make_url

    from service.store.db import Store

    shown = make_url(cfg.database_url).render_as_string(hide_password=True)  # a server's password stays out
    try:
        store = Store(cfg.database_url)
        current, head = store.schema_revision(), Store.head_revision()
        store.dispose()
    except Exception as exc:  # any driver error is a finding here, not a crash
        return [(False, f"cơ sở dữ liệu ({shown})", str(exc))]
    return [
        (True, f"cơ sở dữ liệu ({shown})", ""),
        (
            current == head or current is None,
            f"lược đồ dữ liệu ở phiên bản {current or 'mới'} / {head}",
            "vanthu serve nâng cấp lược đồ khi khởi động",
        ),
    ]


def check_postgresql_tools(cfg: Config) -> list[Check]:
    """pg_dump and pg_restore, which back up and restore a PostgreSQL database (none for SQLite)."""
    from service.store.backup import pg_binary

    if not cfg.database_url.startswith("postgresql"):
        return []
    return [
        (
            bool(path),
            f"{name} (sao lưu cơ sở dữ liệu PostgreSQL: {path or 'không có'})",
            "apt-get install postgresql-client",
        )
        for name, path in ((name, pg_binary(name)) for name in ("pg_dump", "pg_restore"))
    ]


def check_templates() -> list[Check]:
    try:
        from service.drafts.check import render_all_templates
    except ImportError as exc:
        return [(False, "mẫu văn bản (templates/)", f"drafts unavailable: {exc}")]
    with tempfile.TemporaryDirectory() as tmp:
        problems = render_all_templates(Path(tmp))
    return [(not problems, "mẫu văn bản (templates/) dựng được", "; ".join(problems))]


def check_signing(cfg: Config) -> list[Check]:
    if cfg.pkcs12 is None:
        return [(True, "chữ ký số: chưa cấu hình chứng thư — dùng chứng thư THỬ NGHIỆM (demo)", "")]
    ok = cfg.pkcs12.is_file() and bool(os.environ.get(cfg.pkcs12_password_env))
    return [
        (ok, f"chứng thư số {cfg.pkcs12}", f"đặt tệp PKCS#12 và biến môi trường {cfg.pkcs12_password_env}")
    ]


def calendar_warnings(cfg: Config, today: date) -> list[str]:
    """Next year's swapped days, when nobody has announced them yet (a warning, not a failure)."""
    from service.workdays import next_year_warnings

    return next_year_warnings(today, cfg.holidays, cfg.working_days)


def check_exchange(cfg: Config) -> list[Check]:
    """Electronic exchange (edXML): the office's code, and the transport's folders or credentials."""
    ex = cfg.exchange
    if ex.transport == "off":
        return [(True, "liên thông văn bản điện tử: tắt (exchange.transport: off)", "")]
    if not cfg.organisation.agency_code:  # an office may not exchange electronically at all
        return [(True, "liên thông văn bản điện tử: chưa khai mã định danh (organisation.agency_code)", "")]
    out: list[Check] = [(True, f"mã định danh của cơ quan: {cfg.organisation.agency_code}", "")]
    if ex.transport == "folder" and ex.folder is not None:
        for sub in ("out", "in"):
            folder = ex.folder / sub
            folder.mkdir(parents=True, exist_ok=True)
            out.append((_writable(folder), f"thư mục liên thông {folder} ghi được", f"chmod u+w {folder}"))
    if ex.transport == "http":
        out.append(
            (
                bool(ex.client_id and os.environ.get(ex.secret_env)),
                f"tài khoản trục liên thông ({ex.url})",
                f"khai exchange.client_id và biến môi trường {ex.secret_env}",
            )
        )
    return out


def run_checks(cfg: Config) -> list[Check]:
    return (
        check_folders(cfg)
        + check_tesseract()
        + check_libreoffice()
        + check_database(cfg)
        + check_postgresql_tools(cfg)
        + check_templates()
        + check_signing(cfg)
        + check_exchange(cfg)
    )
