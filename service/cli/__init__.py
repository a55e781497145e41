"""The `vanthu` command (click): serve, ingest, extract, register, check, retry, …

Each area's commands are defined at module level in a module of this package (Flask's cli.py style)
and added to `main` by its `register(main)`; a new area is one more name in AREAS. A command says an
expected failure by raising VanthuError: `main` shows it the one way (its Vietnamese sentence and its
code, `VanthuError.show`) and exits with status 1, never with a traceback; click's own usage errors
(a wrong value, an unknown option) are said the same way in Vietnamese (service/cli/usage.py), status 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

import click

from service.cli.usage import vietnamese
from service.errors import ConfigError, VanthuError

if TYPE_CHECKING:
    from service.config import Config
    from service.runtime import Runtime


class CommandError(click.ClickException):
    """A VanthuError met by a command, shown as the error shows itself."""

    def __init__(self, error: VanthuError):
        super().__init__(error.message)
        self.error = error

    def show(self, file: IO[Any] | None = None) -> None:
        self.error.show(file)  # type: ignore[arg-type]


class VanthuGroup(click.Group):
    """The root group: turns a VanthuError raised anywhere below into a CommandError, and click's own
    usage errors (parsing the root's options, then a command's) into their Vietnamese sentence."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise vietnamese(exc) from exc

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VanthuError as exc:
            raise CommandError(exc) from exc
        except click.UsageError as exc:
            raise vietnamese(exc) from exc


@dataclass
class CliState:
    """Carried in click's context: loads the config and the store once, on first use."""

    config_path: str | None
    command: str | None = None
    _runtime: Runtime | None = field(default=None, repr=False)
    _logging: bool = field(default=False, repr=False)

    def config(self) -> Config:
        from service.config import load_config

        try:
            cfg = load_config(self.config_path)
        except ConfigError as exc:
            raise VanthuError("config_invalid", str(exc)) from exc
        if not self._logging:
            self._start_log(cfg)
        return cfg

    def _start_log(self, cfg: Config) -> None:
        """Every command writes to the office's log (the file only: its output is its answer)."""
        import logging

        from service.logs import setup_logging

        setup_logging(cfg.logs, zone=cfg.zone, stderr=False)
        self._logging = True
        logging.getLogger("vanthu.cli").info("code=command command=%s", self.command)

    def runtime(self) -> Runtime:
        if self._runtime is None:
            from service.runtime import open_runtime

            self._runtime = open_runtime(config=self.config())
        return self._runtime


@click.group(cls=VanthuGroup)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="tệp cấu hình (mặc định: $VANTHU_CONFIG, nếu không có thì ./config.yaml)",
)
@click.version_option(package_name="vanthu", message="%(prog)s, phiên bản %(version)s")
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """Vanthu: sổ văn bản đến, theo dõi báo cáo và dự thảo văn bản."""
    ctx.obj = CliState(config_path, ctx.invoked_subcommand)


# One module per area; each adds its commands to `main`. A new area is one more name here.
AREAS = ("core", "tracking", "requirements", "drafts", "users", "workflow", "archive", "exchange")


def _register_areas() -> None:
    for name in AREAS:
        module = __import__(f"service.cli.{name}", fromlist=["register"])
        module.register(main)


_register_areas()
