"""The architecture, kept by a test (click's test_imports style).

One table says which part of the service may import which; every import counts, those inside
functions too, and no two modules may import each other, however indirectly.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICE = ROOT / "service"

BASE = {"errors", "models"}
PURE_PARTS = {"text", "extract", "tracking", "workflow"}
# Who may import whom. A part is a package under service/ or a module beside them; a new one takes its
# row here. Lower layers return codes and data; the edges (web, cli) choose the words.
LAYERS: dict[str, set[str]] = {
    "service": set(),  # service/__init__.py
    "errors": {"labels"},
    "models": {"errors"},
    "logs": set(),
    "labels": set(),  # the words shown to people, looked up by the edges
    # pure: text in, data out (no I/O, see PURE_MODULES)
    "text": BASE,
    "extract": BASE | {"text"},
    "tracking": BASE | {"text"},
    "workflow": BASE | {"text"},
    # the world, one concern each
    "readers": BASE | {"text"},
    "workdays": BASE,  # Vietnam's calendar of working days (the holidays library)
    "config": BASE | {"text", "readers", "workdays"},
    "store": BASE | {"text", "tracking", "workflow"},  # rows are shaped by the pure rules
    "runtime": BASE | {"config", "store"},
    # orchestration
    # electronic exchange (edXML): messages parsed and built, journaled, moved (service/exchange/);
    # its hooks into handling and drafts are named by string or registered by the edges, not imported
    "exchange": BASE | PURE_PARTS | {"labels", "config", "store", "runtime", "readers"},
    # drafts read the units' reports again (readers) to compile a summary
    "drafts": BASE | PURE_PARTS | {"labels", "config", "store", "runtime", "readers"},
    "handling": BASE | PURE_PARTS | {"config", "store", "runtime"},
    "ingest": BASE | PURE_PARTS | {"config", "readers", "store", "runtime", "handling", "exchange"},
    "checks": BASE | {"config", "store", "drafts", "readers", "workdays"},
    # the edges: nothing imports them
    # The pages that take files (quarantine retry, an archive upload, an earlier register) run the
    # intake chain, as `vanthu` does: the edges, and only they, may call ingest.
    "web": BASE
    | PURE_PARTS
    | {"labels", "config", "store", "runtime", "drafts", "handling", "ingest", "readers", "logs", "exchange"},
    "cli": set(),  # filled below: the command line may use every other part
}
LAYERS["cli"] = set(LAYERS) - {"cli", "service"}
# Modules that do no I/O: they import only each other and `errors`, `models`, and no I/O library.
# The drafts' context: the template context, the body as text, what a draft was built from, the
# units' reports compiled, the plan and the summary, what a request for a report asks.
DRAFTS_PURE = (
    "context",
    "wording",
    "common",
    "plan",
    "summary",
    "compile",
    "quotes",
    "basis",
    "body",
    "asked",
)
PURE_MODULES = {f"service.{p}" for p in PURE_PARTS} | {f"service.drafts.{m}" for m in DRAFTS_PURE}
PURE_ALLOWED = PURE_MODULES | {"service.errors", "service.models", "service.labels"}
IO_LIBRARIES = {
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
    "docxtpl",
    "pypdf",
    "pdfplumber",
    "pyhanko",
    "smtplib",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in SERVICE.rglob("*.py") if "migrations" not in p.parts}


def _resolve(name: str) -> str | None:
    """The service module that `name` (a module, or a name inside one) is, or lies in."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> tuple[set[str], set[str]]:
    """(service modules, other top-level packages) that `module` imports, anywhere in its body."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    ours: set[str] = set()
    others: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            names = [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] != "service":
                others.add(name.split(".")[0])
                continue
            target = _resolve(name)
            # a module's own package (its __init__) is where it lives, not something it depends on
            if target and target != module and not module.startswith(target + "."):
                ours.add(target)
    return ours, others


GRAPH = {m: _imports(m) for m in MODULES}


def _part(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def test_every_part_of_the_service_has_its_row():
    parts = {_part(m) for m in MODULES}
    assert parts == set(LAYERS), f"give each part a row in LAYERS: {sorted(parts ^ set(LAYERS))}"


def test_the_table_itself_is_layered():
    """No two parts may import each other, even through others."""
    _assert_acyclic({p: {q for q in allowed if q != p} for p, allowed in LAYERS.items()}, "LAYERS")


def test_each_part_imports_only_what_its_row_allows():
    wrong = [
        f"{MODULES[m].relative_to(ROOT)} imports {t}"
        for m, (ours, _) in GRAPH.items()
        for t in sorted(ours)
        if _part(t) != _part(m) and _part(t) not in LAYERS[_part(m)]
    ]
    assert wrong == [], "\n".join(wrong)


def test_pure_modules_do_no_io():
    wrong = []
    for m, (ours, others) in GRAPH.items():
        if m in PURE_MODULES or any(m.startswith(p + ".") for p in PURE_MODULES):
            wrong += [f"{m} imports {o}: pure code does no I/O" for o in sorted(others & IO_LIBRARIES)]
            wrong += [
                f"{m} imports {t}"
                for t in sorted(ours)
                if not any(t == a or t.startswith(a + ".") for a in PURE_ALLOWED)
            ]
    assert wrong == [], "\n".join(wrong)


def test_no_import_cycles_between_modules():
    _assert_acyclic({m: ours for m, (ours, _) in GRAPH.items()}, "modules")


def _assert_acyclic(graph: dict[str, set[str]], what: str) -> None:
    """Tarjan's strongly connected components: any with two members or more is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == [], f"import cycles among {what}: {cycles}"


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_importing_extraction_pulls_in_no_io_library():
    loaded = _loaded_after("import service.extract, service.text, service.drafts.context")
    assert not loaded & {"sqlalchemy", "flask", "docx", "pypdf", "pdfplumber", "watchdog", "pyhanko"}


def test_importing_the_cli_stays_light():
    # Every reader child process imports the program's main module (multiprocessing's forkserver
    # does): the database, web and PDF libraries are imported by the commands that use them.
    loaded = _loaded_after("import service.cli")
    assert not loaded & {"sqlalchemy", "flask", "pypdf", "pyhanko", "docx", "waitress", "watchdog"}
