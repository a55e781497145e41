"""Commands of the drafts area: draft …, drafts, sign, issue, signer, outgoing, archive.

Each command is defined at module level and added to `vanthu` by `register`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from service.cli.common import DAY, actor, json_line


def _echo(data, as_json: bool) -> None:
    if as_json:
        json_line(data)
    else:
        for key, value in data.items():
            click.echo(f"{key}: {value}")


def _draft_json(rt, draft, changes=None) -> dict:
    """What the commands print of a draft: its files as absolute paths, whether it is stale and why."""
    if changes is None:
        from service.drafts.lifecycle import draft_changes

        with rt.store.read() as conn:
            changes = draft_changes(rt, conn, draft)
    out = draft.to_json(rt.zone)
    out.update(
        docx=str(rt.data_path(draft.docx_path)) if draft.docx_path else None,
        xlsx=str(rt.data_path(draft.xlsx_path)) if draft.xlsx_path else None,
        stale=bool(changes),
        changes=[c.text for c in changes],
    )
    return out


@click.group("draft")
def draft_group() -> None:
    """Tạo và sửa dự thảo văn bản (reminder, summary, reply, plan; rebuild, edit, withdraw, sign)."""


def _create(state, kind: str, as_json: bool, **kw) -> None:
    from service.drafts.service import create_draft

    rt = state.runtime()
    draft = create_draft(rt, kind, actor=actor(), **kw)
    _echo(_draft_json(rt, draft, []), as_json)


_REQ = click.option("--requirement", "requirement_id", type=int, required=True, help="mã yêu cầu báo cáo")
_PERIOD = click.option("--period", default=None, help="kỳ báo cáo, ví dụ 2023, 2023-Q1, 2023-05")
_DOC = click.option("--document", "document_id", type=int, required=True, help="mã văn bản đến")
_JSON = click.option("--json", "as_json", is_flag=True, help="in kết quả dạng JSON")


@draft_group.command("reminder")
@_REQ
@_PERIOD
@_JSON
@click.pass_obj
def reminder_cmd(state, requirement_id: int, period: str | None, as_json: bool) -> None:
    """Công văn đôn đốc các đơn vị quá hạn hoặc sắp đến hạn báo cáo (chỉ những đơn vị còn nợ)."""
    _create(state, "reminder", as_json, requirement_id=requirement_id, period=period)


@draft_group.command("summary")
@_REQ
@_PERIOD
@_JSON
@click.pass_obj
def summary_cmd(state, requirement_id: int, period: str | None, as_json: bool) -> None:
    """Báo cáo tổng hợp một kỳ: tình hình gửi báo cáo và số liệu tổng hợp từ báo cáo của các đơn vị
    (bảng tổng hợp cả trong tệp .xlsx)."""
    _create(state, "summary", as_json, requirement_id=requirement_id, period=period)


@draft_group.command("reply")
@_DOC
@_JSON
@click.pass_obj
def reply_cmd(state, document_id: int, as_json: bool) -> None:
    """Công văn phúc đáp một văn bản đến (trả lời yêu cầu báo cáo theo đúng các mục được hỏi)."""
    _create(state, "reply", as_json, document_id=document_id)


@draft_group.command("plan")
@_DOC
@_JSON
@click.pass_obj
def plan_cmd(state, document_id: int, as_json: bool) -> None:
    """Kế hoạch triển khai kế hoạch của cấp trên."""
    _create(state, "plan", as_json, document_id=document_id)


@draft_group.command("rebuild")
@click.argument("draft_id", type=int)
@_JSON
@click.pass_obj
def rebuild_cmd(state, draft_id: int, as_json: bool) -> None:
    """Tạo lại dự thảo từ số liệu hiện tại (nội dung cũ giữ trong nhật ký)."""
    from service.drafts.lifecycle import rebuild_draft

    rt = state.runtime()
    _echo(_draft_json(rt, rebuild_draft(rt, draft_id, actor=actor()), []), as_json)


@draft_group.command("withdraw")
@click.argument("draft_id", type=int)
@click.option("--reason", default="", help="lý do rút dự thảo")
@_JSON
@click.pass_obj
def withdraw_cmd(state, draft_id: int, reason: str, as_json: bool) -> None:
    """Rút một dự thảo chưa ban hành (vẫn giữ trong danh sách và nhật ký)."""
    from service.drafts.lifecycle import withdraw_draft

    rt = state.runtime()
    _echo(_draft_json(rt, withdraw_draft(rt, draft_id, reason=reason, actor=actor()), []), as_json)


@draft_group.command("edit")
@click.argument("draft_id", type=int)
@click.option(
    "--text", default=None, help="toàn bộ nội dung: mỗi dòng một đoạn, «- …» một ý, [BẢNG 1] chỗ đặt bảng"
)
@click.option(
    "--text-file", type=click.Path(exists=True, dir_okay=False), default=None, help="nội dung từ tệp UTF-8"
)
@click.option("--title", default=None, help="trích yếu mới")
@_JSON
@click.pass_obj
def edit_cmd(state, draft_id: int, text: str | None, text_file: str | None, title: str | None, as_json: bool):
    """Viết lại nội dung dự thảo như trên trang dự thảo; dự thảo chờ ký lại."""
    from service.drafts.service import edit_draft

    if (text is None) == (text_file is None) and title is None:
        raise click.UsageError("cần --text hoặc --text-file (một trong hai), hoặc --title")
    if text_file is not None:
        text = Path(text_file).read_text(encoding="utf-8")
    rt = state.runtime()
    _echo(_draft_json(rt, edit_draft(rt, draft_id, text=text, title_summary=title, actor=actor())), as_json)


@draft_group.command("sign")
@click.argument("draft_id", type=int)
@click.option("--user", "login", required=True, help="tên đăng nhập của lãnh đạo ký")
@click.option("--keep-stale", is_flag=True, help="xác nhận giữ nội dung cũ dù số liệu đã thay đổi")
@_JSON
@click.pass_obj
def sign_cmd(state, draft_id: int, login: str, keep_stale: bool, as_json: bool) -> None:
    """Lãnh đạo ký số dự thảo bằng chứng thư cá nhân (văn thư ban hành sau bằng `vanthu issue`)."""
    from service.drafts.issuance import sign_draft
    from service.errors import VanthuError
    from service.store.users import signer_profile

    rt = state.runtime()
    with rt.store.read() as conn:
        profile = signer_profile(conn, login)
    if profile is None:
        raise VanthuError("user_not_found", login)
    draft = sign_draft(rt, draft_id, signer=profile, actor=actor(), keep_stale=keep_stale)
    _echo(_draft_json(rt, draft, []), as_json)


@click.command("drafts")
@click.option(
    "--status",
    default=None,
    help="chỉ các dự thảo ở trạng thái này: draft, returned, signed, issued, withdrawn",
)
@_JSON
@click.pass_obj
def drafts_cmd(state, status: str | None, as_json: bool) -> None:
    """Các dự thảo, và dự thảo nào có số liệu đã thay đổi từ khi tạo (một dòng JSON mỗi dự thảo)."""
    from service.drafts.lifecycle import changes_of
    from service.models import DraftStatus
    from service.store.drafts import list_drafts

    if status is not None and status not in set(DraftStatus):
        raise click.BadParameter(f"một trong: {', '.join(DraftStatus)}", param_hint="--status")
    rt = state.runtime()
    with rt.store.read() as conn:
        rows = list_drafts(conn, DraftStatus(status) if status is not None else None)
        changes = changes_of(rt, conn, rows)
    for d in rows:
        out = _draft_json(rt, d, changes[d.id])
        if as_json:
            json_line(out)
        else:
            mark = " (số liệu đã thay đổi)" if out["stale"] else ""
            click.echo(f"{d.id:>5} {d.kind:<9} {d.status:<10} {d.title_summary}{mark}")


@click.command("issue")
@click.argument("draft_id", type=int)
@click.option("--signer", default=None, help="họ và tên người ký, khi dự thảo chưa được ký")
@click.option("--keep-stale", is_flag=True, help="xác nhận giữ nội dung cũ dù số liệu đã thay đổi")
@_JSON
@click.pass_obj
def issue_cmd(state, draft_id: int, signer: str | None, keep_stale: bool, as_json: bool) -> None:
    """Văn thư ban hành: cấp số, ngày, ký số của cơ quan (đóng dấu), vào sổ văn bản đi. Dự thảo chưa
    được ký thì cần --signer (ký và ban hành một lần)."""
    from service.drafts.issuance import issue_draft, issue_signed

    rt = state.runtime()
    if signer is None:
        issued = issue_signed(rt, draft_id, actor=actor())
    else:
        issued = issue_draft(rt, draft_id, signer=signer, actor=actor(), keep_stale=keep_stale)
    _echo(issued.to_json(rt.zone), as_json)


@click.command("signer")
@click.argument("login")
@click.option("--full-name", default=None, help="họ và tên in dưới chữ ký")
@click.option("--title", default=None, help="chức vụ, ví dụ: Chủ tịch, Phó Chủ tịch, Chánh Văn phòng")
@click.option(
    "--authority", type=click.Choice(["", "TL", "TUQ"]), default=None, help="ký thừa lệnh, thừa ủy quyền"
)
@click.option(
    "--image", type=click.Path(exists=True, dir_okay=False), default=None, help="ảnh chữ ký (PNG, JPEG)"
)
@click.pass_obj
def signer_cmd(state, login: str, full_name, title, authority, image) -> None:
    """Chức vụ, thẩm quyền ký và ảnh chữ ký của một người ký (tải ảnh một lần)."""
    from service.drafts.profile import ProfileChange, save_signer_profile

    rt = state.runtime()
    data = Path(image).read_bytes() if image else None
    change = ProfileChange(full_name=full_name, title=title, authority=authority, image=data)
    profile = save_signer_profile(rt, login, change, actor=actor())
    from service.drafts.wording import signing_authority

    click.echo(
        f"{profile.full_name or login}: {' / '.join(signing_authority(rt.config.organisation, profile.title, profile.authority))}"
    )
    if profile.signature_image:
        click.echo(f"ảnh chữ ký: {rt.data_path(profile.signature_image)}")


@click.command("outgoing")
@click.option("--year", type=int, default=None, help="năm của sổ (mặc định: mọi năm)")
@click.option("--json", "as_json", is_flag=True, help="một dòng JSON mỗi văn bản")
@click.pass_obj
def outgoing_cmd(state, year: int | None, as_json: bool) -> None:
    """Sổ đăng ký văn bản đi."""
    from service.exchange.summary import outgoing_exchange
    from service.store.drafts import list_outgoing

    rt = state.runtime()
    with rt.store.read() as conn:
        rows = [r.to_json(rt.zone) for r in list_outgoing(conn, year)]
        exchanged = outgoing_exchange(conn, [r["id"] for r in rows])  # edXML recipients' statuses
    for r in rows:
        r["exchange"] = exchanged[r["id"]].to_json()
        if as_json:
            json_line(r)
        else:
            click.echo(
                f"{r['number_symbol']:<16} {r['date']}  {r['doc_type'] or '':<10} "
                f"{r['signer'] or '':<20} {r['title_summary'] or ''}"
            )


@click.command("archive")
@click.option(
    "--before", type=DAY, required=True, help="lưu trữ văn bản ban hành trước ngày này (YYYY-MM-DD)"
)
@_JSON
@click.pass_obj
def archive_cmd(state, before: date, as_json: bool) -> None:
    """Chuyển văn bản đi đã ban hành vào lưu trữ, kiểm tra mã băm."""
    from service.drafts.issuance import archive_issued

    moved = archive_issued(state.runtime(), before, actor=actor())
    if as_json:
        json_line({"archived": [str(p) for p in moved]})
    else:
        for p in moved:
            click.echo(str(p))
        click.echo(f"{len(moved)} thư mục đã chuyển vào lưu trữ")


COMMANDS = (draft_group, drafts_cmd, issue_cmd, signer_cmd, outgoing_cmd, archive_cmd)


def register(main: click.Group) -> None:
    """Add this area's commands to `vanthu`."""
    for command in COMMANDS:
        main.add_command(command)
