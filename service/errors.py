"""Errors with a stable code for the log and a Vietnamese sentence for the clerk."""

from __future__ import annotations

import sys
from typing import TextIO

from service.labels import MESSAGES

__all__ = ["MESSAGES", "ConfigError", "ReadError", "VanthuError"]


class VanthuError(Exception):
    """An error that knows its stable code and how to say it to a clerk."""

    def __init__(self, code: str, detail: str = "", message: str | None = None):
        self.code = code
        self.detail = detail
        self.message = message or MESSAGES.get(code, MESSAGES["internal"])
        super().__init__(f"{code}: {detail}" if detail else code)

    def show(self, file: TextIO | None = None) -> None:
        """Say it the one way everywhere (click's ClickException.show): the sentence, then the code, and
        the detail for whoever reads further."""
        detail = f" ({self.detail})" if self.detail else ""
        print(f"Lỗi: {self.message} [{self.code}]{detail}", file=file or sys.stderr)


class ReadError(VanthuError):
    """A file could not be read into text."""


class ConfigError(Exception):
    """A refused configuration: names the file, the key and a hint."""

    def __init__(self, path: str, key: str, problem: str, hint: str = ""):
        self.path, self.key, self.problem, self.hint = path, key, problem, hint
        msg = f"{path}: {key}: {problem}"
        if hint:
            msg += f" (hint: {hint})"
        super().__init__(msg)
