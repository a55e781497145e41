"""click's own usage errors (a value of the wrong type, an unknown option or command, a missing
argument) said in Vietnamese, with a code, on one line, the way a VanthuError shows itself.

click words them in English from the exception; the exception also carries what we need to say them
again (the parameter, its type, the option or command name), so the sentence is built from those, not
from a translation of click's text. A message a command wrote itself (in Vietnamese) is kept.
"""

from __future__ import annotations

import re
from typing import IO, Any

import click

from service.errors import VanthuError


class UsageProblem(click.UsageError):
    """A usage error shown as a VanthuError: `Lỗi: <câu> [usage_…] (xem: vanthu … --help)`; exit 2."""

    def __init__(self, error: VanthuError, ctx: click.Context | None = None):
        super().__init__(error.message, ctx)
        self.error = error

    def show(self, file: IO[Any] | None = None) -> None:
        self.error.show(file)  # type: ignore[arg-type]


def vietnamese(exc: click.UsageError) -> click.UsageError:
    """The same error, said in Vietnamese; click's help shown for a group called bare stays as it is."""
    if isinstance(exc, UsageProblem | click.exceptions.NoArgsIsHelpError):
        return exc
    code, sentence = _say(exc)
    detail = f"xem: {exc.ctx.command_path} --help" if exc.ctx is not None else ""
    return UsageProblem(VanthuError(code, detail, sentence), exc.ctx)


def _say(exc: click.UsageError) -> tuple[str, str]:
    if isinstance(exc, click.MissingParameter):
        what = "tham số" if isinstance(exc.param, click.Argument) else "tùy chọn"
        return "usage_missing", f"Thiếu {what} {_name(exc)}."
    if isinstance(exc, click.BadParameter):
        return "usage_invalid_value", _bad_value(exc)
    if isinstance(exc, click.NoSuchOption):
        return "usage_no_such_option", f"Không có tùy chọn {exc.option_name}.{_maybe(exc.possibilities)}"
    if isinstance(exc, click.BadOptionUsage):
        if "does not take" in exc.message:
            return "usage_bad_option", f"Tùy chọn {exc.option_name} không nhận giá trị."
        return "usage_bad_option", f"Tùy chọn {exc.option_name} cần một giá trị."
    if isinstance(exc, click.exceptions.NoSuchCommand):
        return "usage_no_such_command", f"Không có lệnh {exc.command_name!r}.{_maybe(exc.possibilities)}"
    if _is_vietnamese(exc.message):  # a command's own words (click.UsageError("cần …"))
        return "usage", f"{exc.message[:1].upper()}{exc.message[1:]}."
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", exc.message)
    if extra:
        return "usage", f"Thừa tham số: {extra.group(1)}."
    if exc.message.startswith("Missing command"):
        return "usage", "Thiếu tên lệnh."
    return "usage", "Lệnh gõ chưa đúng."


def _bad_value(exc: click.BadParameter) -> str:
    given = _given(exc.message)
    subject = f"Giá trị {given} của {_name(exc)}" if given else f"Giá trị của {_name(exc)}"
    return f"{subject} không hợp lệ: {_expected(exc)}."


def _expected(exc: click.BadParameter) -> str:
    """What the parameter wants, from its type (the most specific first)."""
    kind = exc.param.type if exc.param is not None else None
    if _is_vietnamese(exc.message) or kind is None:
        return exc.message.rstrip(".")
    if isinstance(kind, click.IntRange | click.FloatRange):
        return f"cần một số trong khoảng {kind._describe_range()}"
    if isinstance(kind, click.types.IntParamType):
        return "cần một số nguyên"
    if isinstance(kind, click.types.FloatParamType):
        return "cần một số"
    if isinstance(kind, click.types.BoolParamType):
        return "cần có hoặc không (yes/no)"
    if isinstance(kind, click.Choice):
        return "chọn một trong: " + ", ".join(str(c) for c in kind.choices)
    if isinstance(kind, click.DateTime):
        return "cần dạng " + " hoặc ".join(kind.formats)
    if isinstance(kind, click.Path | click.File):
        return "không có tệp hoặc thư mục này, hoặc không dùng được"
    return "giá trị không dùng được"


def _name(exc: click.BadParameter) -> str:
    """`--year`, `PATH`: how the parameter is typed on the command line."""
    param = exc.param
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    if param is not None:
        return param.human_readable_name.upper()
    hint = exc.param_hint
    text = hint if isinstance(hint, str) else " / ".join(hint or ())
    return text.strip("'\"") or "tham số"


def _given(message: str) -> str:
    """The value the user typed, as click quoted it in its message ('abc'), or as it leads a range
    error (13 is not in the range …); empty for a message of our own."""
    if _is_vietnamese(message):
        return ""
    quoted = re.search(r"'(?:[^'\\]|\\.)*'", message)
    if quoted:
        return quoted.group(0)
    leading = re.match(r"(\S+) is not in the range", message)
    return repr(leading.group(1)) if leading else ""


def _maybe(possibilities: list[str] | None) -> str:
    return f" Có phải: {', '.join(possibilities)}?" if possibilities else ""


def _is_vietnamese(text: str) -> bool:
    """Words of our own: letters beyond ASCII outside what is quoted (the value typed may have them)."""
    return bool(re.search(r"[^\x00-\x7f]", re.sub(r"'(?:[^'\\]|\\.)*'", "", text)))
