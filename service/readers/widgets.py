"""Text drawn in form-field appearances (widget annotations) and where on the page it is drawn.

E-office systems stamp the number and the day into signature fields when the document is signed:
the page text reads `Số:      /BNV-TCPCP` and a widget over the gap draws `11902`. `layout` merges
such short texts into their lines; long ones (the signature stamp: signer, organisation, time) are
kept apart so that the document's header still comes first.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF order: a point is transformed by m first)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _text_origin(form: StreamObject, ctm: Matrix, depth: int = 0) -> tuple[float, float] | None:
    """Page position of the first text drawn by a form XObject (follows nested forms)."""
    if depth > 6:
        return None
    resources = form.get("/Resources")
    xobjects = resources.get_object().get("/XObject", {}) if resources else {}
    stack: list[Matrix] = []
    tm: Matrix = _IDENTITY
    line: Matrix = _IDENTITY
    leading = 0.0
    try:
        operations = ContentStream(form, None).operations
    except Exception:
        return None
    for operands, op in operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q" and stack:
            ctm = stack.pop()
        elif op == b"cm" and len(operands) == 6:
            ctm = _mul(tuple(float(v) for v in operands), ctm)
        elif op == b"Do" and operands:
            sub = xobjects.get(operands[0])
            sub = sub.get_object() if sub is not None else None
            if sub is not None and sub.get("/Subtype") == "/Form":
                matrix = tuple(float(v) for v in sub.get("/Matrix", _IDENTITY))
                found = _text_origin(sub, _mul(matrix, ctm), depth + 1)
                if found:
                    return found
        elif op == b"BT":
            tm = line = _IDENTITY
        elif op == b"Tm" and len(operands) == 6:
            tm = line = tuple(float(v) for v in operands)
        elif op in (b"Td", b"TD") and len(operands) == 2:
            if op == b"TD":
                leading = -float(operands[1])
            tm = line = _mul((1, 0, 0, 1, float(operands[0]), float(operands[1])), line)
        elif op == b"TL" and operands:
            leading = float(operands[0])
        elif op == b"T*":
            tm = line = _mul((1, 0, 0, 1, 0, -leading), line)
        elif op in (b"Tj", b"TJ", b"'", b'"'):
            x, y = _mul(tm, ctm)[4:]
            return (x, y)
    return None


def _normal_appearance(annot: DictionaryObject) -> StreamObject | None:
    ap = annot.get("/AP")
    if not ap:
        return None
    normal = ap.get_object().get("/N")
    normal = normal.get_object() if normal is not None else None
    # a dictionary of states (check boxes) draws no text we want
    return normal if isinstance(normal, StreamObject) else None


def _draws_text(form: StreamObject, depth: int = 0) -> bool:
    """Whether a form or the forms it draws show any text (most stamps are only a picture)."""
    if depth > 6:
        return False
    try:
        data = form.get_data()
    except Exception:
        return False
    if b"Tj" in data or b"TJ" in data or b"'" in data or b'"' in data:
        return True
    resources = form.get("/Resources")
    xobjects = resources.get_object().get("/XObject", {}) if resources else {}
    for ref in xobjects.values():
        sub = ref.get_object()
        if sub.get("/Subtype") == "/Form" and _draws_text(sub, depth + 1):
            return True
    return False


def _appearance_origin(normal: StreamObject, rect: tuple[float, float, float, float]
                       ) -> tuple[float, float] | None:
    """Map the appearance onto its rectangle (PDF 32000 12.5.5) and find its first text."""
    bbox = [float(v) for v in normal.get("/BBox", (0, 0, 1, 1))]
    matrix = tuple(float(v) for v in normal.get("/Matrix", _IDENTITY))
    bx0, by0 = min(bbox[0], bbox[2]), min(bbox[1], bbox[3])
    width, height = abs(bbox[2] - bbox[0]) or 1.0, abs(bbox[3] - bbox[1]) or 1.0
    fit: Matrix = ((rect[2] - rect[0]) / width, 0.0, 0.0, (rect[3] - rect[1]) / height,
                   rect[0] - bx0 * (rect[2] - rect[0]) / width,
                   rect[1] - by0 * (rect[3] - rect[1]) / height)
    return _text_origin(normal, _mul(matrix, fit))


def _appearance_text(normal: StreamObject, rect: tuple[float, float, float, float]) -> str:
    page = PageObject.create_blank_page(width=max(rect[2], 1), height=max(rect[3], 1))
    if "/Resources" in normal:
        page[NameObject("/Resources")] = normal["/Resources"]
    content = StreamObject()
    content.set_data(normal.get_data())
    page[NameObject("/Contents")] = content
    try:
        return page.extract_text().strip()
    except Exception:  # a broken appearance stream draws nothing we can read
        return ""


def read_widgets(page: PageObject) -> list[Widget]:
    """The widget annotations of a page that draw some text."""
    widgets = []
    for ref in page.get("/Annots") or []:
        try:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            rect = tuple(float(v) for v in annot.get("/Rect", (0, 0, 0, 0)))
            x0, y0, x1, y1 = min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(
                rect[1], rect[3])
            normal = _normal_appearance(annot)
            if normal is None or not _draws_text(normal):
                continue
            text = _appearance_text(normal, (x0, y0, x1, y1))
            origin = _appearance_origin(normal, (x0, y0, x1, y1)) if text else None
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


