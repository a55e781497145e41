"""The `vanthu` command (click): serve, ingest, extract, register, check, retry, …"""

from __future__ import annotations

from dataclasses import dataclass, field

import click

from service.errors import ConfigError


@dataclass
class CliState:
    """Carried in click's context: loads the config and the store once, on first use."""

    config_path: str | None
    command: str | None = None
    _runtime: object | None = field(default=None, repr=False)
    _logging: bool = field(default=False, repr=False)

    def config(self):
        from service.config import load_config

        try:
            cfg = load_config(self.config_path)
        except ConfigError as exc:
            raise click.ClickException(f"Cấu hình không hợp lệ / invalid configuration: {exc}") from exc
        if not self._logging:
            self._start_log(cfg)
        return cfg

    def _start_log(self, cfg) -> None:
        """Every command writes to the office's log (the file only: its output is its answer)."""
        import logging

        from service.logs import setup_logging

        setup_logging(cfg.logs, zone=cfg.zone, stderr=False)
        self._logging = True
        logging.getLogger("vanthu.cli").info("code=command command=%s", self.command)

    def runtime(self):
        if self._runtime is None:
            from service.runtime import open_runtime

            self._runtime = open_runtime(config=self.config())
        return self._runtime


@click.group()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="config.yaml to use (else $VANTHU_CONFIG, else ./config.yaml)",
)
@click.version_option(package_name="vanthu")
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """Vanthu: sổ văn bản đến, theo dõi báo cáo và dự thảo văn bản."""
    ctx.obj = CliState(config_path, ctx.invoked_subcommand)


# One module per area; each adds its commands to `main`. A new area is one more name here.
AREAS = ("core", "tracking", "drafts", "users", "workflow", "archive")


def _register_areas() -> None:
    for name in AREAS:
        module = __import__(f"service.cli.{name}", fromlist=["register"])
        module.register(main)


_register_areas()
