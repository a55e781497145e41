"""Units' reports as an office keeps them in its archive: the clerk's incoming stamp ("CV ĐẾN Số: …
Ngày: …") typed at the top of a .docx, in a text PDF made from it by LibreOffice, or stamped on a
paper that was scanned (a page image drawn with Liberation fonts, saved as a PDF with no text)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from tests.conftest import make_docx
from tests.reliability.documents import FONT_DIR, docx_to_pdf
from tests.tracking.reports import report_text


def stamp_lines(number: int, day: date) -> list[str]:
    return ["CV ĐẾN", f"Số: {number}", f"Ngày: {day:%d/%m/%Y}"]


def report_docx(
    path: Path, issuer: str, number: str, day: date, place: str, stamp: tuple[int, date] | None = None
) -> Path:
    lines = report_text(issuer, number, day, place).splitlines()
    if stamp:
        lines = [" ".join(stamp_lines(*stamp)), *lines]
    return make_docx(path, lines)


def report_pdf(
    folder: Path, name: str, issuer: str, number: str, day: date, place: str, stamp: tuple[int, date]
) -> Path:
    """A text PDF (LibreOffice) of the stamped report."""
    work = folder.parent / f".{folder.name}-work"  # outside the folder that is imported
    work.mkdir(parents=True, exist_ok=True)
    pdf = docx_to_pdf(report_docx(work / f"{Path(name).stem}.docx", issuer, number, day, place, stamp), work)
    target = folder / name
    pdf.rename(target)
    return target


def report_scan(path: Path, issuer: str, number: str, day: date, place: str, stamp: tuple[int, date]) -> Path:
    """The paper report with a stamp box in the margin, scanned at 200 dpi into a PDF without text."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Regular.ttf"), 34)
    bold = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Bold.ttf"), 36)
    img = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(img)
    # the stamp: a ruled box at the top left, above the header, as clerks put it
    draw.rectangle((140, 60, 700, 280), outline=40, width=4)
    y = 75
    for i, line in enumerate(stamp_lines(*stamp)):
        draw.text((170, y), line, fill=40, font=bold if i == 0 else font)
        y += 64
    y = 360
    for line in report_text(issuer, number, day, place).splitlines():
        # long lines wrap as a typed page would
        words, current = line.split(), ""
        for word in words:
            trial = f"{current} {word}".strip()
            if draw.textlength(trial, font=font) > 1400:
                draw.text((140, y), current, fill=0, font=font)
                y, current = y + 52, word
            else:
                current = trial
        draw.text((140, y), current, fill=0, font=font)
        y += 52
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=200)
    path.write_bytes(buf.getvalue())
    return path
