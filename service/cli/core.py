"""Core commands: serve, ingest, extract, register, check, retry, quarantine, backup, restore."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path

import click

from service.cli.common import json_line as _json_line


@click.command()
@click.pass_obj
def serve(state) -> None:
    """Theo dõi hộp thư đến và phục vụ các trang web (chạy dịch vụ)."""
    from waitress import create_server

    from service.drafts.pdf import lend_to_readers
    from service.ingest.watcher import Watcher
    from service.logs import setup_logging
    from service.web import create_app

    cfg = state.config()
    setup_logging(cfg.logs, zone=cfg.zone)
    rt = state.runtime()
    lend_to_readers()  # .doc, .odt, .rtf converted by the drafts' warm LibreOffice
    log = logging.getLogger("vanthu.serve")
    _say_if_no_users(rt, log)
    watcher = Watcher(rt)
    thread = threading.Thread(target=_run_watcher, args=(watcher, log), name="watcher", daemon=True)
    thread.start()
    if cfg.email.enabled:  # the daily digest to leaders and officers
        from service.handling.digest import run_digest_loop

        mail = threading.Thread(
            target=run_digest_loop, args=(rt, watcher.stop_event), name="digest", daemon=True
        )
        mail.start()
    from service.exchange.rounds import run_loop  # edXML: send what is pending, fetch into the inbox

    threading.Thread(target=run_loop, args=(rt, watcher.stop_event), name="exchange", daemon=True).start()
    try:
        app = create_app(rt)
        server = create_server(app, host=cfg.web_host, port=cfg.web_port, threads=8)
    except Exception:  # the pages failing must not stop the intake of documents
        log.exception("code=web_failed; the inbox is still watched")
        signal.signal(signal.SIGTERM, lambda *_: watcher.stop())
        try:
            while thread.is_alive():
                thread.join(1)
        except KeyboardInterrupt:
            watcher.stop()
        return
    log.info("code=serving url=http://%s:%s/ inbox=%s", cfg.web_host, cfg.web_port, cfg.inbox)
    click.echo(f"Vanthu: http://{cfg.web_host}:{cfg.web_port}/  (hộp thư đến: {cfg.inbox})", err=True)

    def _stop(*_):
        watcher.stop()
        server.close()

    signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()
    except (KeyboardInterrupt, OSError):
        pass
    finally:
        watcher.stop()
        thread.join(timeout=10)


def _say_if_no_users(rt, log) -> None:
    from service.store.users import list_users

    with rt.store.read() as conn:
        if list_users(conn):
            return
    log.warning("code=no_users")
    click.echo(
        "Chưa có tài khoản nào để đăng nhập. Tạo một tài khoản:\n"
        f"  .venv/bin/vanthu --config {rt.config.path} user add van.thu --role clerk\n"
        f"  .venv/bin/vanthu --config {rt.config.path} user add lanh.dao --role leader",
        err=True,
    )


def _run_watcher(watcher, log) -> None:
    while not watcher.stop_event.is_set():
        try:
            watcher.run()
        except Exception:  # keep watching: one bad moment must not stop the office's intake
            log.exception("code=watcher_crashed; restarting in 5 s")
            watcher.stop_event.wait(5)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--archive",
    is_flag=True,
    help="văn bản đã nhận trước đây: ngày đến theo dấu CV đến, nếu không theo ngày văn bản; "
    "vào sổ của năm đó",
)
@click.option(
    "--arrived",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="với --archive: ngày đến của tệp không đọc được dấu đến và ngày văn bản (YYYY-MM-DD)",
)
@click.pass_obj
def ingest(state, paths: tuple[Path, ...], archive: bool, arrived) -> None:
    """Đăng ký một lần các tệp hoặc thư mục PATHS (tệp vẫn để nguyên chỗ cũ)."""
    from service.drafts.pdf import lend_to_readers
    from service.ingest.archive import Archive
    from service.ingest.pipeline import process_external_many
    from service.ingest.watcher import is_ignored

    if arrived and not archive:
        raise click.UsageError("--arrived chỉ dùng cùng --archive")
    choice = Archive(arrived.date() if arrived else None) if archive else None
    rt = state.runtime()
    lend_to_readers()
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and not is_ignored(f.name)))
        else:
            files.append(p)
    failed = 0
    results = []
    with click.progressbar(length=len(files), label="Đăng ký văn bản", file=sys.stderr) as bar:
        for start in range(0, len(files), 32):  # in batches: read in parallel, one commit each
            chunk = files[start : start + 32]
            results += process_external_many(rt, chunk, choice)
            bar.update(len(chunk))
    for r in results:
        if r.status == "registered":
            click.echo(f"✔ {r.path}: số đến {r.so_den}/{r.year}")
        else:
            failed += 1
            click.echo(f"✘ {r.path}: {r.message} [{r.code}]")
    click.echo(f"{len(results) - failed} tệp đã đăng ký, {failed} tệp không đăng ký được", err=True)
    if failed:
        sys.exit(1)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="mỗi tệp một dòng JSON (theo lược đồ của bộ mẫu)")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.pass_obj
def extract(state, as_json: bool, files: tuple[Path, ...]) -> None:
    """Đọc tệp và trích các trường thông tin, không đăng ký gì."""
    from service.config import load_config
    from service.errors import ConfigError, VanthuError
    from service.extract import extract_document
    from service.ingest.correction import correct_read, extraction_corrector, finish_fields
    from service.ingest.edxml import describe_message, is_message
    from service.readers import read_document_guarded
    from service.readers.limits import Limits

    try:
        cfg = load_config(state.config_path)
        org, holidays, limits = cfg.organisation, cfg.holidays, cfg.limits
    except ConfigError:
        cfg, org, holidays, limits = None, None, (), Limits()
    corrector = extraction_corrector(cfg)
    failed = 0
    for f in files:
        out: dict = {"file": f.name}
        try:
            if is_message(f):  # an edXML message: its header's fields, checked against its document
                out.update(describe_message(f, org=org, limits=limits, holidays=holidays))
            else:
                read, correction = correct_read(corrector, read_document_guarded(f, limits))
                fields = extract_document(read, org=org, holidays=holidays)
                finish_fields(fields, correction, org)
                out.update(fields.to_json())
                out["format"] = read.format
                out["tables"] = [{"page": t.page, "source": t.source, "rows": t.rows} for t in read.tables]
                out["signatures"] = [s.to_json() for s in read.signatures]
                out["warnings"] = read.warnings + out.get("warnings", [])
        except VanthuError as exc:
            failed += 1
            out.update(error=exc.code, warnings=[exc.message])
        if as_json:
            _json_line(out)
        else:
            click.echo(
                f"{f.name}: {out.get('doc_type')} {out.get('number_symbol')} "
                f"{out.get('issue_date')} {out.get('title_summary')}"
            )
    if failed:
        sys.exit(1)


@click.command(name="register")
@click.option("--json", "as_json", is_flag=True, help="mỗi văn bản một dòng JSON")
@click.option("--year", type=int, default=None, help="chỉ văn bản đến trong năm này")
@click.pass_obj
def register_cmd(state, as_json: bool, year: int | None) -> None:
    """In sổ đăng ký văn bản đến."""
    from service.models import iso
    from service.store import documents as docs
    from service.store.handling_views import register_handling
    from service.workflow import handling_status

    rt = state.runtime()
    today = rt.now().date()
    with rt.store.read() as conn:
        rows = docs.list_register(conn, year)
        handled = register_handling(conn)
    for row in rows:
        entry = row.to_json(rt.zone)
        h = handled.get(row.id)  # the handling's columns: recipient, ngày chuyển, deadline, status
        entry["recipient"] = (h.recipient if h else None) or row.recipient_unit
        entry["transferred_at"] = iso(h.transferred_at, rt.zone) if h else None
        entry["handling_due"] = h.due_date.isoformat() if h and h.due_date else None
        entry["handling_status"] = handling_status(
            h.state if h else None,
            h.due_date if h else None,
            h.done_at.date() if h and h.done_at else None,
            today,
        )
        if as_json:
            _json_line(entry)
        else:
            click.echo(
                f"{entry['so_den']:>5}  {entry['arrived_at'][:16]}  {entry['number_symbol'] or '—':<20} "
                f"{(entry['title_summary'] or entry['file_name'])[:70]}"
            )


@click.command()
@click.pass_obj
def check(state) -> None:
    """Kiểm tra máy và cấu hình: thư mục, tesseract tiếng Việt, LibreOffice, cơ sở dữ liệu, mẫu văn bản."""
    from service.checks import calendar_warnings, run_checks
    from service.runtime import office_clock

    cfg = state.config()
    problems = 0
    for ok, what, hint in run_checks(cfg):
        click.echo(f"{'✔' if ok else '✘'} {what}" + ("" if ok else f"  → {hint}"))
        problems += not ok
    for warning in calendar_warnings(cfg, office_clock(cfg.utc_offset_hours)().date()):
        click.echo(f"⚠ {warning}")
    if problems:
        click.echo(f"{problems} vấn đề cần xử lý", err=True)
        sys.exit(1)


@click.command()
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "all_", is_flag=True, help="mọi tệp đang cách ly (trừ bản trùng)")
@click.pass_obj
def retry(state, ids: tuple[int, ...], all_: bool) -> None:
    """Xử lý lại các tệp cách ly IDS (sau khi đã khắc phục nguyên nhân)."""
    from service.ingest.pipeline import retry_quarantined
    from service.store import quarantine as qstore

    if not ids and not all_:
        raise click.UsageError("cần số của tệp cách ly (IDS) hoặc --all")
    rt = state.runtime()
    if all_:
        with rt.store.read() as conn:
            ids = tuple(r.id for r in qstore.list_quarantine(conn) if r.code != "duplicate")
    for qid in ids:
        out = retry_quarantined(rt, qid, actor="cli")
        if out.so_den:
            click.echo(f"{qid}: đã đăng ký, số đến {out.so_den}")
        else:
            click.echo(f"{qid}: vẫn chưa đăng ký được — {out.message} [{out.code}]")


@click.command(name="quarantine")
@click.option("--json", "as_json", is_flag=True, help="mỗi tệp một dòng JSON")
@click.pass_obj
def quarantine_cmd(state, as_json: bool) -> None:
    """Danh sách tệp bị cách ly và lý do."""
    from service.models import iso
    from service.store import quarantine as qstore

    rt = state.runtime()
    with rt.store.read() as conn:
        rows = qstore.list_quarantine(conn, status=None)
    for r in rows:
        if as_json:
            _json_line(
                {
                    k: iso(r.created_at, rt.zone) if k == "created_at" else getattr(r, k)
                    for k in (
                        "id",
                        "created_at",
                        "file_name",
                        "code",
                        "message",
                        "status",
                        "stored_path",
                        "sha256",
                        "duplicate_of",
                    )
                }
            )
        else:
            click.echo(f"{r.id:>4} {r.status:<9} {r.file_name}: {r.message} [{r.code}]")


@click.command()
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup(state, dest: Path) -> None:
    """Sao lưu cơ sở dữ liệu và các tệp của thư mục dữ liệu vào một tệp DEST."""
    from service.store.backup import make_backup

    rt = state.runtime()
    info = make_backup(rt.config.database_url, rt.config.data, dest)
    click.echo(f"{dest}: {info['files']} tệp, cơ sở dữ liệu {info['database_bytes']} byte")


@click.command()
@click.argument("src", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="thay cả cơ sở dữ liệu đã có văn bản")
@click.pass_obj
def restore(state, src: Path, force: bool) -> None:
    """Khôi phục bản sao lưu SRC (do `vanthu backup` tạo) vào thư mục dữ liệu của văn phòng này."""
    from service.store.backup import restore_backup

    cfg = state.config()
    info = restore_backup(cfg.database_url, cfg.data, src, force=force)
    click.echo(f"Đã khôi phục {info['files']} tệp và cơ sở dữ liệu.")


def register(main: click.Group) -> None:
    """Add the core commands to `vanthu`."""
    for cmd in (serve, ingest, extract, register_cmd, check, retry, quarantine_cmd, backup, restore):
        main.add_command(cmd)
