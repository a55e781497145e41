"""Commands of the web area: `vanthu user add` (người dùng của trang theo dõi)."""

from __future__ import annotations

import sys

import click

from service.errors import VanthuError

ROLE_HELP = "clerk (văn thư), leader (lãnh đạo), officer (chuyên viên, kèm --unit) hoặc viewer (người xem)"
MIN_PASSWORD = 8


def register(main: click.Group) -> None:
    """Add this area's commands to `vanthu`."""
    main.add_command(user)


@click.group()
def user() -> None:
    """Người dùng trang web."""


@user.command("add")
@click.argument("name")
@click.option(
    "--role", type=click.Choice(["clerk", "leader", "officer", "viewer"]), required=True, help=ROLE_HELP
)
@click.option("--password-stdin", is_flag=True, help="đọc mật khẩu từ đầu vào chuẩn (stdin)")
@click.option("--update", is_flag=True, help="đổi mật khẩu (và vai trò) của người dùng đã có")
@click.option("--full-name", default=None, help='họ và tên, ví dụ "Nguyễn Văn An" (điền sẵn khi ký)')
@click.option("--unit", "unit_id", default=None, help="đơn vị của chuyên viên (mã trong config.yaml)")
@click.option("--unit-head", is_flag=True, help="trưởng đơn vị đó (được giao lại việc trong đơn vị)")
@click.option("--email", default=None, help="địa chỉ thư nhận bản tin hằng ngày")
@click.pass_obj
def user_add(state, name, role, password_stdin, update, full_name, unit_id, unit_head, email) -> None:
    """Tạo người dùng NAME với một vai trò; mật khẩu được hỏi (hoặc đọc với --password-stdin)."""
    from werkzeug.security import generate_password_hash

    from service.store import users as ustore
    from service.text import nfc

    name = nfc(name).strip()
    if not name or len(name) > 128:
        raise click.BadParameter("từ 1 đến 128 ký tự", param_hint="NAME")
    _check_unit(state, role, unit_id, unit_head)
    if email is not None and email and ("@" not in email or len(email) > 256):
        raise click.BadParameter("một địa chỉ thư, ví dụ ten@coquan.gov.vn", param_hint="--email")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
    if len(password) < MIN_PASSWORD:
        raise VanthuError(
            "password_too_short", message=f"Mật khẩu quá ngắn: cần ít nhất {MIN_PASSWORD} ký tự."
        )
    rt = state.runtime()
    hashed = generate_password_hash(password)
    with rt.store.write() as conn:
        existing = ustore.get_user_by_name(conn, name)
        if existing and not update:
            raise VanthuError("user_exists", name)
        if existing:
            ustore.set_password(conn, name, hashed, role)
        else:
            ustore.add_user(conn, name, hashed, role, now=rt.now())
        if full_name is not None:
            ustore.set_full_name(conn, name, nfc(full_name).strip() or None)
        from service.store import people

        person = people.get_person(conn, name)
        people.set_profile(
            conn,
            name,
            unit_id=unit_id if role == "officer" else None,
            unit_head=unit_head and role == "officer",
            email=(email.strip() or None) if email is not None else (person.email if person else None),
        )
        from service.store.audit import NewAuditEntry, add_audit

        detail = {"name": name, "role": role, "full_name": full_name, "unit_id": unit_id, "email": email}
        action = "user_updated" if existing else "user_added"
        entry = NewAuditEntry(rt.now(), "cli", action, "user", existing.id if existing else None, detail)
        add_audit(conn, entry)
    click.echo(f"{'Đã cập nhật' if existing else 'Đã tạo'} người dùng {name} ({role}).")


def _check_unit(state, role: str, unit_id: str | None, unit_head: bool) -> None:
    """An officer (chuyên viên) belongs to a unit of the config; nobody else has one."""
    if role != "officer":
        if unit_id or unit_head:
            raise click.BadParameter(
                "chỉ chuyên viên (--role officer) mới thuộc một đơn vị", param_hint="--unit"
            )
        return
    if not unit_id:
        raise click.BadParameter("chuyên viên phải thuộc một đơn vị (--unit MÃ_ĐƠN_VỊ)", param_hint="--unit")
    if state.config().organisation.unit(unit_id) is None:
        raise click.BadParameter(f"không có đơn vị {unit_id!r} trong cấu hình", param_hint="--unit")
