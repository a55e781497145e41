"""The OCR corrector's I/O side (sửa lỗi OCR): where its model comes from and where it is applied.

The base model is read here, once: the valid syllables of Debian's `hunspell-vi`
(/usr/share/hunspell/vi_VN.dic), the decree's fixed phrases, the names of provinces, ministries and
the office's own units, and the office's .docx templates. An office's database adds what it learned:
the text of every born-digital document registered and every field a clerk corrected.
``vanthu extract`` without a database uses the base model only, so it is deterministic.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from service.models import Fields, Organisation, ReadResult, Table, map_block_text
from service.text.correct import Correction, Corrector
from service.text.gazetteer import CENTRAL_BODIES, LOCAL_BODIES, known_places
from service.text.ngrams import SyllableModel, count_grams
from service.text.phrases import base_text, common_counts
from service.text.snap import known_names, rate_fields, snap_fields
from service.text.syllables import canonical
from service.text.teach import learned_readings

if TYPE_CHECKING:  # the store is imported where it is used: `vanthu extract` without an office needs none
    from sqlalchemy import Connection

    from service.config import Config
    from service.runtime import Runtime
    from service.store.language import FieldCorrection

log = logging.getLogger("vanthu.correction")

HUNSPELL_DIC = Path("/usr/share/hunspell/vi_VN.dic")
TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
# Formats whose text was typed, not read from an image: it teaches the model, and is never corrected.
BORN_DIGITAL = frozenset({"docx", "pdf_text", "doc", "odt", "rtf"})
_NAME_WEIGHT = 1
# Text beyond this (about 100 pages) is kept as read and teaches nothing: correcting or counting a
# huge file would hold the pipeline.
CORRECT_MAX_CHARS = 300_000
CLERK_WEIGHT = 5
_JINJA = re.compile(r"\{[{%#].*?[}%#]\}", re.S)  # a clerk's correction outweighs a sighting in a document
_Y_FOR_I = dict(zip("iìíỉĩị", "yỳýỷỹỵ", strict=True))
_CONSONANT_I = re.compile(r"^(?:b|c|d|đ|h|k|l|m|n|p|r|s|t|v|x|ch|kh|nh|ph|th|tr)[iìíỉĩị]$")


def read_syllables(path: Path = HUNSPELL_DIC) -> frozenset[str]:
    """The valid syllables of hunspell-vi, lower case, in the decree's tone placement."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        log.warning("code=hunspell_missing path=%s detail=%s", path, exc)
        return frozenset()
    words = {canonical(w.lower()) for w in (line.split("/", 1)[0].strip() for line in lines[1:])}
    words.discard("")
    # Either i or y ends an open syllable after a consonant ("sĩ"/"sỹ", "lí"/"lý"): both are written.
    words |= {w[:-1] + _Y_FOR_I[w[-1]] for w in words if w[-1] in _Y_FOR_I and _CONSONANT_I.match(w)}
    return frozenset(w for w in words if w.isalpha())


def template_texts(folder: Path = TEMPLATES) -> list[str]:
    """The text of the office's .docx templates."""
    from service.readers.docx import read_docx

    out = []
    for path in sorted(folder.glob("*.docx")):
        try:
            out.append(_JINJA.sub(" ", read_docx(path).text))  # the fields' names are not Vietnamese
        except Exception as exc:  # a broken template must not stop reading
            log.warning("code=template_unreadable path=%s detail=%s", path.name, exc)
    return out


def name_lines(org: Organisation | None) -> list[str]:
    """Lines naming places, bodies and the office's own units, as the lists write them."""
    lines = [f"tỉnh {place}" for place in known_places()]
    lines += list(CENTRAL_BODIES) + list(LOCAL_BODIES)
    lines += known_names(org)
    return lines


def base_counts(org: Organisation | None, templates: Path = TEMPLATES) -> Counter[str]:
    counts: Counter[str] = Counter(common_counts())
    counts.update(count_grams(base_text()))
    for text in template_texts(templates):
        counts.update(count_grams(text))
    for line in name_lines(org):
        for gram, n in count_grams(line).items():
            counts[gram] += n * _NAME_WEIGHT
    return counts


@lru_cache(maxsize=4)
def _syllables_cached() -> frozenset[str]:
    return read_syllables()


def build_corrector(
    org: Organisation | None,
    office_counts: Iterable[tuple[str, int]] = (),
    pairs: Iterable[tuple[str, str]] = (),
) -> Corrector:
    """A corrector on the base model, grown by the office's counts and its clerks' corrections."""
    counts = base_counts(org)
    for gram, n in office_counts:
        counts[gram] += n
    learned = learned_readings(pairs)
    for _, truth in pairs:
        for gram, n in count_grams(truth).items():
            counts[gram] += n * CLERK_WEIGHT
    return Corrector(SyllableModel(counts, _syllables_cached()), learned=learned)


def needs_correction(read: ReadResult) -> bool:
    """Text read from an image (a scan, a photo, OCR text saved as .txt), not typed."""
    if read.format in BORN_DIGITAL:
        return any(p.source == "ocr" for p in read.pages)
    return True


def correct_read(corrector: Corrector, read: ReadResult) -> tuple[ReadResult, Correction | None]:
    """The read with its OCR text corrected (the raw text kept in ``ocr_text``); clean text as is."""
    if not needs_correction(read) or not read.text.strip():
        return read, None
    head, tail = read.text[:CORRECT_MAX_CHARS], read.text[CORRECT_MAX_CHARS:]
    correction = corrector.correct(head)  # a 9 MB text file must not hold the watcher for minutes
    # A table's cells are read by extraction too (a task table's deadlines): corrected cell by cell.
    blocks = [
        map_block_text(b, lambda cell: corrector.correct(cell).text) if isinstance(b, Table) else b
        for b in read.blocks
    ]
    return replace(
        read, text=correction.text + tail, ocr_text=correction.raw + tail, blocks=blocks
    ), correction


def finish_fields(fields: Fields, correction: Correction | None, org: Organisation | None) -> Fields:
    """Names snapped to the known lists; fields holding corrected words carry their confidence."""
    snap_fields(fields, org)
    if correction is not None:
        rate_fields(fields, correction)
    return fields


class LanguageState:
    """One office's corrector, grown in place as documents and corrections arrive (thread-safe)."""

    def __init__(self, corrector: Corrector) -> None:
        self.corrector = corrector
        self.lock = threading.Lock()

    def correct(self, read: ReadResult) -> tuple[ReadResult, Correction | None]:
        with self.lock:
            return correct_read(self.corrector, read)

    def learn(self, counts: Counter[str], pairs: Iterable[tuple[str, str]] = ()) -> None:
        pairs = list(pairs)
        for _, truth in pairs:
            for gram, n in count_grams(truth).items():
                counts[gram] += n * CLERK_WEIGHT
        with self.lock:
            self.corrector.learn(counts, learned_readings(pairs))


_BUILD_LOCK = threading.Lock()


def office_language(rt: Runtime) -> LanguageState:
    """The office's corrector: the base model, its documents' counts and its clerks' corrections
    (read from the store once per process, then grown in place)."""
    from service.store import language

    with _BUILD_LOCK:
        state = rt.caches.get("language")
        if state is None:
            with rt.store.read() as conn:
                counts = language.gram_counts(conn)
                pairs = [(c.ocr_value, c.truth) for c in language.list_ocr_corrections(conn)]
            state = LanguageState(build_corrector(rt.config.organisation, counts, pairs))
            rt.caches["language"] = state
        return state  # type: ignore[return-value]


def correct_ocr(rt: Runtime, read: ReadResult) -> tuple[ReadResult, Correction | None]:
    """The pipeline's step: text read from an image corrected, the raw OCR kept beside it."""
    return office_language(rt).correct(read)


def learn_document(rt: Runtime, conn: Connection, read: ReadResult) -> None:
    """A born-digital document's text teaches the office's model (inside its register transaction)."""
    from service.store import language

    if needs_correction(read) or not read.text.strip():
        return
    counts = count_grams(read.text[:CORRECT_MAX_CHARS])
    language.add_gram_counts(conn, counts)
    office_language(rt).learn(counts)


def learn_correction(rt: Runtime, conn: Connection, correction: FieldCorrection) -> None:
    """A field the clerk corrected on a document whose text OCR read: the pair is kept, and the
    corrector prefers the clerk's reading of that misreading from now on."""
    from service.store import language

    language.add_ocr_correction(conn, rt.now(), correction)
    office_language(rt).learn(Counter(), [(correction.ocr_value, correction.truth)])


def extraction_corrector(cfg: Config | None) -> Corrector:
    """The corrector ``vanthu extract`` uses: the office's if its database exists, else the base
    model only (so that the command is deterministic where there is no office)."""
    org = cfg.organisation if cfg else None
    if cfg is None or not _database_exists(cfg.database_url):
        return build_corrector(org)
    try:
        from service.store import language
        from service.store.db import open_store

        store = open_store(cfg.database_url, migrate=False)
        with store.read() as conn:
            counts = language.gram_counts(conn)
            pairs = [(c.ocr_value, c.truth) for c in language.list_ocr_corrections(conn)]
        return build_corrector(org, counts, pairs)
    except Exception as exc:  # an office database too old or unreachable: the base model
        log.warning("code=language_model_base_only detail=%s", exc)
        return build_corrector(org)


def _database_exists(url: str) -> bool:
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).is_file()
    return not url.startswith("sqlite")
