"""Packaging: every library the code imports is declared, pinned and locked with its hashes."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Debian's python3-uno (scripts/install-system.sh): LibreOffice's own Python bridge, not on PyPI.
FROM_DEBIAN = {"uno", "com"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement(spec: str) -> tuple[str, str]:
    m = re.fullmatch(r"([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)", spec)
    assert m, f"{spec}: pin it with == (and nothing else)"
    return _canonical(m.group(1)), m.group(2)


def _declared(*groups: str) -> dict[str, str]:
    specs = list(PYPROJECT["project"]["dependencies"])
    for group in groups:
        specs += PYPROJECT["project"]["optional-dependencies"][group]
    return dict(map(_requirement, specs))


def _third_party_imports(folder: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    local = {"service", "tests", "bench", "scripts"}
    return {n for n in names if n not in sys.stdlib_module_names and n not in local | FROM_DEBIAN}


def _check_declared(folder: str, declared: dict[str, str]) -> None:
    dists = importlib.metadata.packages_distributions()
    for name in sorted(_third_party_imports(folder)):
        owners = {_canonical(d) for d in dists.get(name, [])}
        assert owners & set(declared), f"{folder}/ imports {name} ({owners or 'not installed'}): declare it"


def test_every_library_the_service_imports_is_declared():
    _check_declared("service", _declared("postgresql"))


def test_every_library_the_tests_import_is_declared():
    _check_declared("tests", _declared("postgresql", "test"))


def _locked(path: str) -> dict[str, tuple[str, int]]:
    """{name: (version, number of hashes)} of a lock file."""
    out: dict[str, tuple[str, int]] = {}
    name = None
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        m = re.match(r"([A-Za-z0-9._-]+)==(\S+)", line)
        if m:
            name = _canonical(m.group(1))
            out[name] = (m.group(2), 0)
        elif name and "--hash=sha256:" in line:
            out[name] = (out[name][0], out[name][1] + 1)
    return out


def test_the_locks_pin_what_pyproject_declares_with_hashes():
    runtime, test = _locked("requirements.lock"), _locked("requirements-test.lock")
    assert not set(runtime) & set(test), "a package in both locks"
    for name, (_version, hashes) in {**runtime, **test}.items():
        assert hashes, f"{name} is locked without its hashes"
    for name, version in _declared("postgresql").items():
        assert runtime.get(name, (None,))[0] == version, f"{name}=={version} is not in requirements.lock"
    for name, version in _declared("test").items():
        assert {**runtime, **test}.get(name, (None,))[0] == version, f"{name}=={version} is not locked"
