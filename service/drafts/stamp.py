"""Where the decree's signatures and the issuing marks go in a PDF, and what they look like.

The leader signs a PDF whose number and day are still blank; the văn thư then fills them in and
applies the office's signature. So that the leader's signature stays valid, the blanks are form
fields made before the leader signs (filling a field is a change PDF signatures permit), and the
office's signature is a second signature over the whole file (Nghị định 30, Điều 13, 32; Phụ lục I).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

MM = 72 / 25.4  # PDF points per millimetre
NUMBER_FIELD, DAY_FIELD, MONTH_FIELD = "SoVanBan", "NgayBanHanh", "ThangBanHanh"
LEADER_FIELD, OFFICE_FIELD = "ChuKyLanhDao", "ChuKyCoQuan"

Box = tuple[float, float, float, float]
BASELINE = 3.0  # a blank's box reaches this far under the line's baseline  # PDF coordinates: x1, y1 (bottom), x2, y2 (top)


@dataclass(frozen=True)
class Layout:
    """Where things stand on the rendered document (page index and box of each)."""

    blanks: dict[str, tuple[int, Box]]  # field name -> its blank (Số: ____/…, ngày __ tháng __)
    signature: tuple[int, Box]  # between the signing authority's lines and the signer's name


def _lines(page, right: bool) -> dict[int, list[dict]]:
    half = page.width / 2
    lines: dict[int, list[dict]] = {}
    for w in page.extract_words(keep_blank_chars=False):
        if (w["x0"] > half) == right:
            lines.setdefault(round(w["top"]), []).append(w)
    return {top: sorted(ws, key=lambda w: w["x0"]) for top, ws in lines.items()}


def _between(page, left: dict, right: dict, pad: float = 1.0) -> Box:
    """The blank between two words of a line, in PDF coordinates (pdfplumber's word bottom is the
    line's baseline for these fonts)."""
    top, bottom = min(left["top"], right["top"]), max(left["bottom"], right["bottom"])
    return (left["x1"] + pad, page.height - bottom - BASELINE, right["x0"] - pad, page.height - top + 2)


def _number_blank(page) -> Box | None:
    for ws in _lines(page, right=False).values():
        for a, b in pairwise(ws):
            if a["text"] == "Số:" and b["text"].startswith("/"):
                return _between(page, a, b)
    return None


def _date_blanks(page) -> tuple[Box, Box] | None:
    for ws in _lines(page, right=True).values():
        texts = [w["text"] for w in ws]
        if "ngày" in texts and "tháng" in texts and "năm" in texts:
            d, m, y = texts.index("ngày"), texts.index("tháng"), texts.index("năm")
            if d < m < y:
                return _between(page, ws[d], ws[m]), _between(page, ws[m], ws[y])
    return None


def _signature_box(doc, anchor: str, name: str) -> tuple[int, Box]:
    """Under the signing authority's last line and above the signer's name, in the right column."""
    for index in range(len(doc.pages) - 1, -1, -1):
        page = doc.pages[index]
        lines = _lines(page, right=True)
        for top in sorted(lines, reverse=True):
            if " ".join(w["text"] for w in lines[top]).strip() != anchor.strip():
                continue
            ws = lines[top]
            mid = (min(w["x0"] for w in ws) + max(w["x1"] for w in ws)) / 2
            below = max(w["bottom"] for w in ws)
            names = [
                t for t in lines if t > top and " ".join(w["text"] for w in lines[t]).strip() == name.strip()
            ]
            name_top = min((lines[t][0]["top"] for t in names), default=below + 80)
            height = max(40.0, name_top - below - 6)
            width = min(150.0, page.width / 2 - 30)
            x1 = max(page.width / 2, min(mid - width / 2, page.width - width - 20))
            y2 = page.height - below - 3
            return index, (x1, y2 - height, x1 + width, y2)
    last = doc.pages[-1]
    return len(doc.pages) - 1, (last.width - 260, 80, last.width - 110, 146)


def find_layout(pdf: Path, *, anchor: str, signer_name: str) -> Layout:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        first = doc.pages[0]
        blanks: dict[str, tuple[int, Box]] = {}
        number = _number_blank(first)
        if number:
            blanks[NUMBER_FIELD] = (0, number)
        dates = _date_blanks(first)
        if dates:
            blanks[DAY_FIELD], blanks[MONTH_FIELD] = (0, dates[0]), (0, dates[1])
        return Layout(blanks, _signature_box(doc, anchor, signer_name))


def office_box(leader: Box, seal_mm: float, text_band: float = 24.0) -> Box:
    """The seal at its true size, overlapping about a third of the leader's signature on its left
    (centred a little above the signature's middle, clear of the name under it), with a band under it
    for the office's name and the signing time."""
    side = seal_mm * MM
    x1, y1, x2, y2 = leader
    right = x1 + (x2 - x1) / 3
    mid = (y1 + y2) / 2 + side * 0.12
    return (right - side, mid - side / 2 - text_band, right, mid + side / 2)


# --- the blanks as form fields ---------------------------------------------------------------------

_FONTS = {"/TiRo": "/Times-Roman", "/TiIt": "/Times-Italic"}
_FIELD_STYLE = {NUMBER_FIELD: ("/TiRo", 13), DAY_FIELD: ("/TiIt", 14), MONTH_FIELD: ("/TiIt", 14)}


def _appearance(writer, box: Box, font: str, size: float, text: str, font_ref):
    """The field's look: its text centred (Times digits are half an em wide), on the line's baseline
    (BASELINE points above the box's bottom, as `_between` makes the box)."""
    from pyhanko.pdf_utils import generic

    w, h = box[2] - box[0], box[3] - box[1]
    width = len(text) * size * 0.5
    x, y = max(0.0, (w - width) / 2), BASELINE
    body = (
        f"/Tx BMC q BT {font} {size:g} Tf 0 g {x:.2f} {y:.2f} Td ({text}) Tj ET Q EMC"
        if text
        else "/Tx BMC EMC"
    )
    stream = generic.StreamObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Form"),
            generic.pdf_name("/BBox"): generic.ArrayObject([generic.FloatObject(v) for v in (0, 0, w, h)]),
            generic.pdf_name("/Resources"): generic.DictionaryObject(
                {generic.pdf_name("/Font"): generic.DictionaryObject({generic.pdf_name(font): font_ref})}
            ),
        },
        stream_data=body.encode("latin-1"),
    )
    return writer.add_object(stream)


def add_blank_fields(src: Path, dst: Path, layout: Layout) -> Path:
    """The number and the day as empty read-only text fields over their blanks (before any signature)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    n = generic.pdf_name
    with src.open("rb") as inf:
        w = IncrementalPdfFileWriter(inf)
        fonts = {
            key: w.add_object(
                generic.DictionaryObject(
                    {n("/Type"): n("/Font"), n("/Subtype"): n("/Type1"), n("/BaseFont"): n(base)}
                )
            )
            for key, base in _FONTS.items()
        }
        fields = generic.ArrayObject()
        form = generic.DictionaryObject(
            {
                n("/Fields"): fields,
                n("/DR"): generic.DictionaryObject(
                    {n("/Font"): generic.DictionaryObject({n(k): v for k, v in fonts.items()})}
                ),
                n("/DA"): generic.pdf_string("/TiRo 13 Tf 0 g"),
            }
        )
        w.root[n("/AcroForm")] = w.add_object(form)
        w.update_root()
        for name, (page_ix, box) in layout.blanks.items():
            font, size = _FIELD_STYLE[name]
            page_ref = w.find_page_for_modification(page_ix)[0]
            field = generic.DictionaryObject(
                {
                    n("/FT"): n("/Tx"),
                    n("/T"): generic.pdf_string(name),
                    n("/Ff"): generic.NumberObject(1),  # read-only: filled by the văn thư's issuance
                    n("/DA"): generic.pdf_string(f"{font} {size:g} Tf 0 g"),
                    n("/Q"): generic.NumberObject(1),
                    n("/Type"): n("/Annot"),
                    n("/Subtype"): n("/Widget"),
                    n("/F"): generic.NumberObject(4),
                    n("/P"): page_ref,
                    n("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in box]),
                    n("/AP"): generic.DictionaryObject(
                        {n("/N"): _appearance(w, box, font, size, "", fonts[font])}
                    ),
                }
            )
            ref = w.add_object(field)
            fields.append(ref)
            w.register_annotation(page_ref, ref)
        tmp = dst.with_name(f".{dst.name}.fields")
        with tmp.open("wb") as out:
            w.write(out)
    tmp.replace(dst)
    return dst


def fill_blank_fields(writer, values: dict[str, str]) -> list[str]:
    """Fill the blanks in an incremental update (the văn thư's, after the leader's signature); the
    names of the fields filled."""
    from pyhanko.pdf_utils import generic

    n = generic.pdf_name
    form = writer.root.get("/AcroForm")
    if form is None:
        return []
    form = form.get_object()
    fonts = form["/DR"]["/Font"]
    filled = []
    for ref in form["/Fields"]:
        field = ref.get_object()
        name = str(field.get("/T", ""))
        if name not in values or field.get("/FT") != "/Tx":
            continue
        font, size = _FIELD_STYLE.get(name, ("/TiRo", 13))
        x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
        box = (x1, y1, x2, y2)
        field[n("/V")] = generic.pdf_string(values[name])
        field[n("/AP")] = generic.DictionaryObject(
            {n("/N"): _appearance(writer, box, font, size, values[name], fonts.raw_get(font))}
        )
        writer.update_container(field)
        filled.append(name)
    return filled
