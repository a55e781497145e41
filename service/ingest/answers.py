"""Taking in an officer's answer file (tệp trả lời): the file that answered a document they handled
(a report their unit sent, a reply signed elsewhere). Kept as originals are: content-addressed,
read-only, flushed and verified before it is recorded; never rewritten."""

from __future__ import annotations

import logging
from pathlib import Path

from service.ingest.files import durable_copy, original_relpath, sha256_file
from service.runtime import Runtime
from service.store.handling import AnswerFile
from service.text import nfc
from service.workflow import WorkflowError

log = logging.getLogger("vanthu.handling")
NAME_MAX = 255


def keep_answer_file(rt: Runtime, src: Path, name: str) -> AnswerFile:
    """Copy `src` among the originals under its hash; `name` is the name the person gave it."""
    shown = nfc(Path(name.replace("\\", "/")).name).strip()
    if not shown or shown in (".", ".."):
        raise WorkflowError("answer_file_missing", "Chọn tệp văn bản trả lời.")
    if len(shown) > NAME_MAX:
        stem, suffix = Path(shown).stem, Path(shown).suffix[:16]
        shown = stem[: NAME_MAX - len(suffix)] + suffix
    sha, size = sha256_file(src)
    if size == 0:
        raise WorkflowError("answer_file_empty", f"Tệp {shown} rỗng.")
    limit = rt.config.limits.max_bytes
    if size > limit:
        raise WorkflowError("answer_file_too_large", f"Tệp {shown} quá lớn (tối đa {limit // 2**20} MB).")
    relative = original_relpath(sha, Path(shown).suffix)
    try:
        durable_copy(src, rt.data_path(relative), sha)
    except OSError as exc:
        log.error("code=answer_file_unsaved file=%s error=%s", shown, exc)
        raise WorkflowError("answer_file_unsaved", "Không lưu được tệp trả lời; hãy thử lại.") from exc
    return AnswerFile(path=relative, name=shown)
