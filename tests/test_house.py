"""House rules that a test can hold: how tests reach ../shared, how long a function may grow."""

from __future__ import annotations

import ast
import re

from service import labels
from service.errors import MESSAGES, VanthuError
from tests.conftest import ROOT

MACHINE_PATH = "/" + "work/"  # spelt so that this file does not name it
SHARED_NAMES = re.compile(r"\b(SHARED|CORPUS|CORPUS_FILES|ND30CHECK|SAMPLE)\b")


def test_tests_reach_shared_only_through_require_shared():
    """A clone without ../shared skips what needs it (and CI fails): only require_shared does that."""
    for path in sorted((ROOT / "tests").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert MACHINE_PATH not in text, (
            f"{path.relative_to(ROOT)}: a path of this machine; use tests.conftest.SHARED"
        )
        if SHARED_NAMES.search(text) and path != ROOT / "tests" / "conftest.py":
            reaches = ("require_shared", "require_corpus", "sample_text", "corpus_text")
            assert any(r in text for r in reaches), (
                f"{path.relative_to(ROOT)} reads ../shared without require_shared"
            )


def test_no_path_of_this_machine_in_the_code():
    for folder in ("service", "bench", "scripts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            assert MACHINE_PATH not in path.read_text(encoding="utf-8"), path.relative_to(ROOT)


def _error_classes() -> set[str]:
    """VanthuError and every subclass the service defines (ReadError, TrackingError, WorkflowError, …)."""
    names = {"VanthuError"}
    for path in (ROOT / "service").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id.endswith("Error") for b in node.bases
            ):
                names.add(node.name)
    return names - {"ConfigError"}  # names a key and a line, not a code


def test_every_error_code_has_its_sentence():
    """A code raised anywhere in the service has its Vietnamese sentence in service.labels.MESSAGES."""
    classes = _error_classes()
    missing = []
    for path in sorted((ROOT / "service").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            code = node.args[0] if name in classes and node.args else None
            if isinstance(code, ast.Constant) and isinstance(code.value, str) and code.value not in MESSAGES:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {code.value}")
    assert missing == [], "\n".join(missing)
    assert all(re.search(r"[^\x00-\x7f]", m) for m in MESSAGES.values()), "every sentence is Vietnamese"
    assert VanthuError("no_such_code").message == MESSAGES["internal"]


def test_every_state_has_its_label():
    """Each StrEnum of the service's states, and the tracking statuses, is named in service.labels."""
    from service.tracking.status import CODES
    from service.workflow import states

    tables = {
        states.HandlingState: labels.HANDLING_STATE,
        states.AssignmentStatus: labels.HANDLING_STATE,
        states.StepCode: labels.HANDLING_STEP,
        states.AssignmentRole: labels.ASSIGNMENT_ROLE,
        states.Role: labels.ROLE,
    }
    for enum, table in tables.items():
        assert {m.value for m in enum} <= set(table), enum.__name__
    assert set(CODES) == set(labels.TRACKING_STATUS)


MAX_FUNCTION_LINES = 60
# Functions being split by the engineer who owns their area; each leaves this list when it lands.
PENDING_SPLITS: dict[str, str] = {}


def test_no_function_over_60_lines_without_a_reason():
    """A long function says why in its docstring (`Long because …`); most are better split."""
    long = []
    for path in sorted((ROOT / "service").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            lines = node.end_lineno - node.lineno + 1
            reason = "Long because" in (ast.get_docstring(node) or "")
            if lines > MAX_FUNCTION_LINES and not reason and f"{rel}:{node.name}" not in PENDING_SPLITS:
                long.append(f"{rel}:{node.lineno} {node.name}: {lines} lines")
    assert long == [], "\n".join(long)


MAX_PARAMETERS = 6
# Functions another engineer is changing; each leaves this list when its type lands.
PENDING_PARAMETERS: dict[str, str] = {}


def _is_click_command(rel: str, node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """click passes a command's options as its parameters: a decorated function of service/cli."""
    return rel.startswith("service/cli/") and bool(node.decorator_list)


def test_no_function_takes_more_than_six_parameters():
    """Values that travel together are a type (a frozen dataclass, a NamedTuple): `insert_draft` takes a
    NewDraft, `add_audit` a NewAuditEntry. self and cls do not count; click commands are exempt."""
    wide = []
    for path in sorted((ROOT / "service").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or _is_click_command(rel, node):
                continue
            a = node.args
            names = [x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)]
            if names[:1] in (["self"], ["cls"]):
                names = names[1:]
            if len(names) > MAX_PARAMETERS and f"{rel}:{node.name}" not in PENDING_PARAMETERS:
                wide.append(f"{rel}:{node.lineno} {node.name}: {len(names)} parameters")
    assert wide == [], "\n".join(wide)
