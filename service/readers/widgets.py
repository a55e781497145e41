"""Text drawn in form-field appearances (widget annotations) and where on the page it is drawn.

E-office systems stamp the number and the day into signature fields when the document is signed:
the page text reads `Số:      /BNV-TCPCP` and a widget over the gap draws `11902`. `layout` merges
such short texts into their lines; long ones (the signature stamp: signer, organisation, time) are
kept apart so that the document's header still comes first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject
from pypdf.generic import ContentStream, DictionaryObject, NameObject, StreamObject

_INLINE_MAX = 40  # longer appearance texts are stamps, not a number or a day


@dataclass(frozen=True)
class Widget:
    field_name: str
    text: str
    rect: tuple[float, float, float, float]  # x0, y0, x1, y1 in page space
    is_signature: bool
    origin: tuple[float, float] | None = None  # where its first text is drawn, in page space


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix(values: Any) -> Matrix:
    """Six numbers of a PDF matrix operand or entry."""
    a, b, c, d, e, f = (float(v) for v in values)
    return (a, b, c, d, e, f)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF order: a point is transformed by m first)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


_TEXT_OPS = (b"Tj", b"TJ", b"'", b'"')


def _text_forms(form: StreamObject, ctm: Matrix, depth: int = 0) -> list[tuple[StreamObject, Matrix]]:
    """The forms that show the appearance's text, each with the matrix onto the page, in drawing order.

    E-office appearances nest forms (a blank layer, then a layer with the text or only a picture);
    most stamps are only a picture. A form whose own content draws text is taken whole; the others
    are followed into the forms they draw. Only the text-drawing forms are then extracted, each once.
    """
    if depth > 6:
        return []
    try:
        data = form.get_data()
    except Exception:
        return []
    if any(op in data for op in _TEXT_OPS):
        return [(form, ctm)]
    if b"Do" not in data:
        return []
    resources = form.get("/Resources")
    xobjects = resources.get_object().get("/XObject", {}) if resources else {}
    if not xobjects:
        return []
    operations = _plain_operations(data)
    if operations is None:
        try:
            operations = ContentStream(form, None).operations
        except Exception:
            return []
    found: list[tuple[StreamObject, Matrix]] = []
    stack: list[Matrix] = []
    for operands, op in operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q" and stack:
            ctm = stack.pop()
        elif op == b"cm" and len(operands) == 6:
            ctm = _mul(_matrix(operands), ctm)
        elif op == b"Do" and operands:
            sub = xobjects.get(operands[0])
            sub = sub.get_object() if sub is not None else None
            if sub is not None and sub.get("/Subtype") == "/Form":
                matrix = _matrix(sub.get("/Matrix", _IDENTITY))
                found += _text_forms(sub, _mul(matrix, ctm), depth + 1)
    return found


# A stream of numbers, names and operators only (the layers of a signature's appearance: `q 1 0 0 1
# 0 0 cm /FRM Do Q`) is split by one search; anything else (strings, arrays, dictionaries, comments,
# escapes in names, inline images, bytes beyond ASCII, odd tokens) is left to pypdf's parser.
_NOT_PLAIN = re.compile(rb"[^\x21-\x7e\s]|[\[\]()<>{}%#]")
_TOKEN = re.compile(rb"/[^\s/]+|[^\s/]+|/")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_OPERATOR = re.compile(rb"[A-Za-z][\x21-\x7e]{0,15}")


def _plain_operations(data: bytes) -> list[tuple[list[Any], bytes]] | None:
    """The operations of a stream of numbers, names and operators, as pypdf reads them (its number
    and name objects are numbers and text); None for any other stream."""
    if len(data) > 4096 or _NOT_PLAIN.search(data):
        return None
    operations: list[tuple[list[Any], bytes]] = []
    operands: list[Any] = []
    for token in _TOKEN.findall(data):
        if token[:1] == b"/" and len(token) > 1:
            operands.append(token.decode("ascii"))
        elif _NUMBER.fullmatch(token):
            operands.append(float(token) if b"." in token else int(token))  # as pypdf: -0 is 0
        elif _OPERATOR.fullmatch(token) and token not in (b"BI", b"ID", b"EI"):
            operations.append((operands, token))
            operands = []
        else:
            return None
    return operations


def _normal_appearance(annot: DictionaryObject) -> StreamObject | None:
    ap = annot.get("/AP")
    if not ap:
        return None
    normal = ap.get_object().get("/N")
    normal = normal.get_object() if normal is not None else None
    # a dictionary of states (check boxes) draws no text we want
    return normal if isinstance(normal, StreamObject) else None


def _placement(normal: StreamObject, rect: tuple[float, float, float, float]) -> Matrix:
    """The matrix that maps the appearance onto its rectangle (PDF 32000 12.5.5)."""
    bbox = [float(v) for v in normal.get("/BBox", (0, 0, 1, 1))]
    matrix = _matrix(normal.get("/Matrix", _IDENTITY))
    bx0, by0 = min(bbox[0], bbox[2]), min(bbox[1], bbox[3])
    width, height = abs(bbox[2] - bbox[0]) or 1.0, abs(bbox[3] - bbox[1]) or 1.0
    fit: Matrix = (
        (rect[2] - rect[0]) / width,
        0.0,
        0.0,
        (rect[3] - rect[1]) / height,
        rect[0] - bx0 * (rect[2] - rect[0]) / width,
        rect[1] - by0 * (rect[3] - rect[1]) / height,
    )
    return _mul(matrix, fit)


def _form_text(form: StreamObject, ctm: Matrix) -> tuple[str, tuple[float, float] | None]:
    """A form's text (pypdf, as for a page) and where on the page its first text is drawn."""
    page = PageObject.create_blank_page(width=1, height=1)
    if "/Resources" in form:
        page[NameObject("/Resources")] = form["/Resources"]
    content = StreamObject()
    content.set_data(form.get_data())
    page[NameObject("/Contents")] = content
    starts: list[tuple[float, float]] = []

    def visit(text: str, cm: list, tm: list, font: object, size: object) -> None:
        if not starts and text.strip():
            starts.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    try:
        text = page.extract_text(visitor_text=visit).strip()
    except Exception:  # a broken appearance stream draws nothing we can read
        return "", None
    origin = _mul((1.0, 0.0, 0.0, 1.0, *starts[0]), ctm)[4:] if starts else None
    return _undo_utf16(text), origin


def _undo_utf16(text: str) -> str:
    """A stamp whose font has no Unicode map reads back as UTF-16BE bytes taken one by one
    ("N\x00g\x00u…", pyHanko's default stamp among them): decode those again; never keep a NUL
    (PostgreSQL refuses one in text)."""
    if "\x00" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        raw = line.encode("latin-1", "replace")
        if b"\x00" in raw:
            raw = raw.removeprefix(b"\xfe\xff")  # the byte-order mark of a PDF text string
            line = raw[: len(raw) // 2 * 2].decode("utf-16-be", "replace")
        lines.append("".join(ch for ch in line if ch >= " " or ch == "\t"))
    return "\n".join(lines)


def read_widgets(page: PageObject) -> list[Widget]:
    """The widget annotations of a page that draw some text."""
    widgets = []
    for ref in page.get("/Annots") or []:
        try:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            rect = tuple(float(v) for v in annot.get("/Rect", (0, 0, 0, 0)))
            x0, y0, x1, y1 = (
                min(rect[0], rect[2]),
                min(rect[1], rect[3]),
                max(rect[0], rect[2]),
                max(rect[1], rect[3]),
            )
            normal = _normal_appearance(annot)
            if normal is None:
                continue
            texts, origin = [], None
            for form, ctm in _text_forms(normal, _placement(normal, (x0, y0, x1, y1))):
                text, start = _form_text(form, ctm)
                if text:
                    texts.append(text)
                    origin = origin or start
            text = "\n".join(texts)
        except Exception:
            continue
        if not text:
            continue
        field = annot.get("/Parent").get_object() if "/Parent" in annot and "/T" not in annot else annot
        name = str(field.get("/T", ""))
        kind = field.get("/FT", annot.get("/FT"))
        widgets.append(Widget(name, text, (x0, y0, x1, y1), kind == "/Sig", origin))
    return widgets


def is_inline(widget: Widget) -> bool:
    return len(widget.text) <= _INLINE_MAX and "\n" not in widget.text
