"""Commands of the handling area (xử lý văn bản đến): present, file, assign, assignments, done, digest."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click


def register(main: click.Group) -> None:
    """Add this area's commands to `vanthu`."""
    for cmd in (present, file_cmd, assign, assignments, done, digest):
        main.add_command(cmd)


def _json_line(obj: dict) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def _fail(exc) -> click.ClickException:
    from service.cli import CommandError

    return CommandError(exc)  # shown as every command shows a refusal


def _actor(rt, by: str | None):
    from service.handling.actions import actor_of

    with rt.store.read() as conn:
        return actor_of(conn, by) if by else actor_of(conn, "cli", operator=True)


@click.command()
@click.argument("doc_id", type=int)
@click.option("--to", "to", default=None, help="lãnh đạo được trình (tên đăng nhập); bỏ trống: các lãnh đạo")
@click.pass_obj
def present(state, doc_id: int, to: str | None) -> None:
    """Trình văn bản đến DOC_ID cho lãnh đạo."""
    from service.handling import actions
    from service.workflow import WorkflowError

    rt = state.runtime()
    try:
        actions.present(rt, _actor(rt, None), doc_id, to=to)
    except WorkflowError as exc:
        raise _fail(exc) from exc
    click.echo(f"Đã trình văn bản {doc_id} cho {to or 'các lãnh đạo'}.")


@click.command("file")
@click.argument("doc_id", type=int)
@click.option("--note", default=None, help="ghi chú (vd: văn bản để biết)")
@click.pass_obj
def file_cmd(state, doc_id: int, note: str | None) -> None:
    """Lưu văn bản đến DOC_ID, không trình lãnh đạo (văn bản để biết, không cần ý kiến chỉ đạo)."""
    from service.handling import actions
    from service.workflow import WorkflowError

    rt = state.runtime()
    try:
        actions.file_document(rt, _actor(rt, None), doc_id, note=note)
    except WorkflowError as exc:
        raise _fail(exc) from exc
    click.echo(f"Đã lưu văn bản {doc_id}, không trình.")


@click.command()
@click.argument("doc_id", type=int)
@click.option("--lead", required=True, help="đơn vị (mã trong cấu hình) hoặc chuyên viên chủ trì")
@click.option("--support", multiple=True, help="đơn vị hoặc chuyên viên phối hợp (lặp lại được)")
@click.option("--due", type=click.DateTime(["%Y-%m-%d"]), default=None, help="hạn xử lý YYYY-MM-DD")
@click.option("--no-due", is_flag=True, help="không đặt hạn xử lý")
@click.option("--direction", default=None, help="ý kiến chỉ đạo")
@click.option("--by", default=None, help="lãnh đạo cho ý kiến (tên đăng nhập)")
@click.pass_obj
def assign(state, doc_id, lead, support, due, no_due, direction, by) -> None:
    """Giao xử lý văn bản DOC_ID: chủ trì, phối hợp, hạn (mặc định: hạn của văn bản trừ số ngày dự phòng)."""
    from service.handling import actions
    from service.store import handling as hstore
    from service.workflow import HandlingState, WorkflowError

    rt = state.runtime()
    try:
        leader = _actor(rt, by)
        with rt.store.read() as conn:
            h = hstore.get_handling(conn, doc_id)
            unit = rt.config.organisation.unit(lead)
        if h is None or h.state in (HandlingState.REGISTERED, HandlingState.RETURNED, HandlingState.FILED):
            # directed on paper or in person: the register still says it was presented, and to whom
            actions.present(rt, _actor(rt, None), doc_id, to=by)
        text = direction or f"Giao {unit.name if unit else lead} chủ trì giải quyết."
        when = None if no_due else (due.date() if due else actions.DEFAULT_DUE)
        order = actions.Direction(text, lead=lead, support=tuple(support), due=when)
        steps = actions.direct(rt, leader, doc_id, order)
    except WorkflowError as exc:
        raise _fail(exc) from exc
    with rt.store.read() as conn:
        parts = hstore.assignments_of(conn, doc_id)
    due_day = parts[0].due_date if parts else None
    click.echo(
        f"Đã giao văn bản {doc_id}: phần việc {', '.join(str(a.id) for a in parts)}"
        f"{'; hạn ' + due_day.strftime('%d/%m/%Y') if due_day else '; không đặt hạn'} (bước {steps[-1].id})."
    )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="một dòng JSON mỗi phần việc")
@click.option("--unit", default=None, help="chỉ phần việc của đơn vị này")
@click.option("--open", "open_only", is_flag=True, help="chỉ phần việc chưa hoàn thành")
@click.pass_obj
def assignments(state, as_json: bool, unit: str | None, open_only: bool) -> None:
    """Các phần việc được giao (chủ trì, phối hợp): hạn, ý kiến chỉ đạo, tình trạng."""
    from service.models import iso
    from service.store import handling_views as hviews

    rt = state.runtime()
    today = rt.now().date()
    with rt.store.read() as conn:
        lines = hviews.list_assignment_lines(conn, unit_id=unit, open_only=open_only)
        every = hviews.list_assignment_lines(conn)
    by_doc: dict[int, list] = {}
    for a in every:
        by_doc.setdefault(a.document_id, []).append(a)
    for a in lines:
        parts = by_doc.get(a.document_id, [])
        entry = {
            "id": a.id,
            "document_id": a.document_id,
            "so_den": a.so_den,
            "year": a.year,
            "role": str(a.role),
            "unit": a.unit_id,
            "user": a.user_name,
            "lead": next((_who(p) for p in parts if p.role == "lead"), None),
            "support": [_who(p) for p in parts if p.role == "support"],
            "due_date": a.due_date.isoformat() if a.due_date else None,
            "direction": a.direction,
            "status": str(a.status(today)),
            "progress": a.progress,
            "answer": a.answer_number_symbol,
            "answer_file": a.answer_file_name,
            "assigned_at": iso(a.assigned_at, rt.zone),  # moments with the office's offset
            "acknowledged_at": iso(a.acknowledged_at, rt.zone),
            "done_at": iso(a.done_at, rt.zone),
        }
        if as_json:
            _json_line(entry)
        else:
            click.echo(
                f"{a.id:>5}  số đến {a.so_den}/{a.year}  {entry['role']:<7} {_who(a):<28} "
                f"{a.due_date.strftime('%d/%m/%Y') if a.due_date else '—':<10}  {entry['status']}"
            )


def _who(a) -> str:
    return f"{a.unit_id}/{a.user_name}" if a.user_name else a.unit_id


@click.command()
@click.argument("assignment_id", type=int)
@click.option("--answer", default=None, help="số, ký hiệu văn bản trả lời (trong sổ văn bản đi)")
@click.option(
    "--answer-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="tệp văn bản trả lời (lưu cùng bản gốc)",
)
@click.option("--note", default=None, help="ghi chú")
@click.pass_obj
def done(state, assignment_id: int, answer: str | None, answer_file: Path | None, note: str | None) -> None:
    """Đánh dấu hoàn thành phần việc ASSIGNMENT_ID."""
    from service.handling import actions
    from service.ingest.answers import keep_answer_file
    from service.workflow import WorkflowError

    rt = state.runtime()
    try:
        kept = keep_answer_file(rt, answer_file, answer_file.name) if answer_file else None
        actions.mark_done(rt, _actor(rt, None), assignment_id, answer=answer, note=note, answer_file=kept)
    except WorkflowError as exc:
        raise _fail(exc) from exc
    said = [f"trả lời: {answer}"] if answer else []
    said += [f"tệp trả lời: {kept.name}"] if kept else []
    click.echo(f"Đã hoàn thành phần việc {assignment_id}{' (' + '; '.join(said) + ')' if said else ''}.")


@click.command()
@click.option("--send", is_flag=True, help="gửi ngay (mặc định: chỉ in ra)")
@click.option("--force", is_flag=True, help="gửi cả khi hôm nay đã gửi, hoặc email.enabled tắt")
@click.pass_obj
def digest(state, send: bool, force: bool) -> None:
    """Thư nhắc việc hằng ngày cho từng lãnh đạo và chuyên viên (in ra, hoặc gửi bằng --send)."""
    from service.handling import digest as dg

    rt = state.runtime()
    if not send:
        with rt.store.read() as conn:
            for message in dg.build_digests(rt, conn):
                click.echo(f"== {message.to} ({message.user_name}): {message.subject}\n{message.body}\n")
        return
    try:
        sent = dg.send_due_digests(rt, force=force)
    except dg.DigestError as exc:
        raise _fail(exc) from exc
    click.echo(f"Đã gửi {len(sent)} thư nhắc việc.")
