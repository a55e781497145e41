"""The `vanthu` command (click): serve, ingest, extract, register, check, retry, …"""

from __future__ import annotations

from dataclasses import dataclass, field

import click

from service.errors import ConfigError


@dataclass
class CliState:
    """Carried in click's context: loads the config and the store once, on first use."""

    config_path: str | None
    _runtime: object | None = field(default=None, repr=False)

    def config(self):
        from service.config import load_config

        try:
            return load_config(self.config_path)
        except ConfigError as exc:
            raise click.ClickException(f"Cấu hình không hợp lệ / invalid configuration: {exc}") from exc

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
    ctx.obj = CliState(config_path)


# One module per area; each adds its commands to `main`. A new area is one more name here.
AREAS = ("core", "tracking", "drafts", "users", "workflow", "exchange")


def _register_areas() -> None:
    for name in AREAS:
        module = __import__(f"service.cli.{name}", fromlist=["register"])
        module.register(main)


_register_areas()
