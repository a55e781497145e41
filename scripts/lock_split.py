"""Write the runtime lock, and the test lock as what the full lock holds beyond the runtime's."""

from __future__ import annotations

import re
import sys
from pathlib import Path

HEADER = {
    "runtime": "# What `make run` installs: Vanthu's dependencies, pinned with their hashes.\n"
    "# Made by scripts/lock.sh from pyproject.toml; do not edit by hand.\n",
    "test": "# What `make test` installs on top of requirements.lock, pinned with their hashes.\n"
    "# Made by scripts/lock.sh from pyproject.toml's `test` extra; do not edit by hand.\n",
}


def blocks(text: str) -> dict[str, str]:
    """pip-compile's output as {normalised name: its block (pin, hashes, `# via` lines)}."""
    out: dict[str, str] = {}
    name = None
    for line in text.splitlines(keepends=True):
        head = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==", line)
        if head:
            name = re.sub(r"[-_.]+", "-", head.group(1)).lower()
            out[name] = line
        elif name is not None and line.startswith(" "):
            out[name] += line
        else:
            name = None
    return out


def main(runtime_in: str, all_in: str, runtime_out: str, test_out: str) -> None:
    runtime = blocks(Path(runtime_in).read_text(encoding="utf-8"))
    full = blocks(Path(all_in).read_text(encoding="utf-8"))
    for name, block in runtime.items():
        if full.get(name, block).split("\n")[0] != block.split("\n")[0]:
            sys.exit(f"{name}: the test lock would pin another version than the runtime lock")
    test = {n: b for n, b in full.items() if n not in runtime}
    Path(runtime_out).write_text(HEADER["runtime"] + "".join(runtime[n] for n in sorted(runtime)))
    Path(test_out).write_text(HEADER["test"] + "".join(test[n] for n in sorted(test)))


if __name__ == "__main__":
    main(*sys.argv[1:])
