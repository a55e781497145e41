"""The architecture, kept by a test (click's test_imports style): pure layers import no I/O."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICE = ROOT / "service"

# Pure folders: text in, data out. They may import only these (plus the standard library's pure
# modules) and each other.
PURE = ("text", "extract", "tracking", "workflow")
PURE_ALLOWED = {
    "service.models",
    "service.errors",
    "service.text",
    "service.extract",
    "service.tracking",
    "service.workflow",
}
IO_MODULES = {
    "os",
    "io",
    "shutil",
    "subprocess",
    "socket",
    "sqlite3",
    "sqlalchemy",
    "flask",
    "pathlib",
    "requests",
    "urllib",
    "http",
    "tempfile",
    "watchdog",
    "docx",
    "pypdf",
    "pdfplumber",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_pure_layers_do_no_io():
    for folder in PURE:
        for f in (SERVICE / folder).rglob("*.py"):
            for name in _imports(f):
                top = name.split(".")[0]
                assert top not in IO_MODULES, f"{f.relative_to(ROOT)} imports {name}: pure code does no I/O"
                if top == "service":
                    assert any(name == a or name.startswith(a + ".") for a in PURE_ALLOWED), (
                        f"{f.relative_to(ROOT)} imports {name}"
                    )


def test_nothing_imports_cli_web_or_ingest_from_below():
    lower = ("text", "extract", "tracking", "workflow", "store", "readers", "drafts", "handling")
    for folder in lower:
        for f in (SERVICE / folder).rglob("*.py"):
            for name in _imports(f):
                for banned in ("service.cli", "service.web", "service.ingest"):
                    assert not name.startswith(banned), f"{f.relative_to(ROOT)} imports {name}"


def test_store_knows_only_models_and_pure_code():
    allowed = (
        "service.models",
        "service.errors",
        "service.config",
        "service.runtime",
        "service.text",
        "service.tracking",
        "service.workflow",
    )  # pure folders may be used to shape rows
    for f in (SERVICE / "store").rglob("*.py"):
        for name in _imports(f):
            if name.startswith("service.") and not name.startswith("service.store"):
                assert any(name == a or name.startswith(a + ".") for a in allowed), (
                    f"{f.relative_to(ROOT)} imports {name}"
                )


def test_importing_extraction_pulls_in_no_io_library():
    code = (
        "import sys, json; import service.extract, service.text;"
        "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert not loaded & {"sqlalchemy", "flask", "docx", "pypdf", "pdfplumber", "watchdog", "pyhanko"}


def test_importing_the_cli_stays_light():
    # Every reader child process imports the program's main module (multiprocessing's forkserver
    # does): the database, web and PDF libraries are imported by the commands that use them.
    code = (
        "import sys, json; import service.cli;print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert not loaded & {"sqlalchemy", "flask", "pypdf", "pyhanko", "docx", "waitress", "watchdog"}
