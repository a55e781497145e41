"""Does a change to the PDF reader leave what it reads as it was? Save what it reads from a fixed set
of PDFs before the change, compare after.

    .venv/bin/python bench/pdf_same.py make /tmp/pdf-same             # once: the generated PDFs
    .venv/bin/python bench/pdf_same.py save /tmp/before.json /tmp/pdf-same     # on the code before
    .venv/bin/python bench/pdf_same.py compare /tmp/before.json /tmp/pdf-same  # on the code after

The PDFs: the corpus's (text and scanned), and those the tests make (text with widgets, signed once
and twice, tampered, with bytes appended, a signature stamp in UTF-16, a LibreOffice PDF with a
table, signed; the hostile ones: encrypted, malformed, looping, bombs…), made once by `make` since
signing takes a fresh key each time. Of each: the text layer of every page (the widgets' texts in
place, the stamp lines, the pages OCR must redo), every page's widgets, the signatures, every page's
rules and the table decisions, and for a text PDF the whole reading (text, pages, blocks, warnings),
or the error with its code. Scanned pages are not OCR'd: OCR is not what is compared.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))  # the checkout it is run from: the code before or after

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "files"


def make(folder: Path) -> None:
    from tests.readers.makers import make_text_pdf, sign_pdf
    from tests.reliability import pdf_forge
    from tests.reliability.documents import docx_and_signed_pdf

    folder.mkdir(parents=True, exist_ok=True)
    lines = [(72, 760, "Bo Noi vu"), (300, 760, "So:      /BNV-TCPCP"), (72, 700, "Noi dung van ban.")]
    with_widgets = make_text_pdf(
        lines, widgets=[((340, 755, 380, 770), "11902"), ((300, 100, 500, 160), "Ky boi Nguyen Van A")]
    )
    tmp = Path(tempfile.mkdtemp())
    signed = sign_pdf(make_text_pdf([(100, 700, "Bao cao so 12 ngay 05 thang 01")]), tmp)
    made = {
        "widgets.pdf": with_widgets,
        "widgets-3-pages.pdf": make_text_pdf(lines, widgets=[((340, 755, 380, 770), "11902")], pages=3),
        "plain.pdf": make_text_pdf([(100, 700, "Trang")], pages=5),
        "signed.pdf": signed,
        "signed-twice.pdf": sign_pdf(signed, tmp, field="ChuKy2"),
        "signed-widgets.pdf": sign_pdf(with_widgets, tmp),
        "tampered.pdf": signed.replace(b"Bao cao so 12", b"Bao cao so 13"),
        "appended.pdf": signed + b"\n% more\n",
        "utf16-stamp.pdf": sign_pdf(
            make_text_pdf([(100, 700, "Bao cao so 12")]), tmp, name="Nguyễn Văn Bình"
        ),
        "libreoffice-signed.pdf": docx_and_signed_pdf(tmp)[1],
    }
    for name in dir(pdf_forge):
        if name.startswith("pdf_") and name not in ("pdf_from_objects", "pdf_pages"):
            made[f"forge-{name}.pdf"] = getattr(pdf_forge, name)(tmp)
    made["forge-pdf_pages.pdf"] = pdf_forge.pdf_pages(3)
    for name, data in made.items():
        (folder / name).write_bytes(data)


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"type": type(value).__name__, **_plain(dataclasses.asdict(value))}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _guarded(read):
    from service.errors import ReadError

    try:
        return _plain(read())
    except ReadError as exc:
        return {"error": exc.code, "detail": str(exc)}
    except Exception as exc:  # what was raised is compared too
        return {"raised": type(exc).__name__, "detail": str(exc)[:300]}


def observe(path: Path) -> dict:
    from service.readers import pdf as reader_pdf
    from service.readers import read_document
    from service.readers.fonts import fonts_parsed_once
    from service.readers.signatures import read_signatures
    from service.readers.tables import content_rules, draws_rules
    from service.readers.widgets import read_widgets

    data = path.read_bytes()
    seen: dict = {}

    def layer():
        reader = reader_pdf._open(data)
        reader_pdf._check_pages(reader, reader_pdf.Limits())
        with fonts_parsed_once():
            return reader_pdf._text_layer(reader)

    seen["layer"] = _guarded(layer)

    def pages():
        reader = reader_pdf._open(data)
        out = []
        for page in reader.pages:
            content = page.get_contents()
            stream = content.get_data() if content is not None else b""
            out.append(
                {
                    "widgets": _guarded(lambda: read_widgets(page)),  # noqa: B023
                    "rules": _guarded(lambda: content_rules(stream)),  # noqa: B023
                    "draws": _guarded(lambda: [draws_rules(stream), draws_rules(stream, one_row=True)]),  # noqa: B023
                }
            )
        return out

    seen["pages"] = _guarded(pages)
    seen["signatures"] = _guarded(lambda: read_signatures(reader_pdf._open(data), data, {}))
    to_ocr = isinstance(seen["layer"], dict) and seen["layer"].get("to_ocr")
    if not to_ocr:
        seen["read"] = _guarded(lambda: read_document(path))
    return seen


def files(generated: Path) -> list[Path]:
    return sorted(CORPUS.glob("*.pdf")) + sorted(generated.glob("*.pdf"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=("make", "save", "compare"))
    parser.add_argument("file", type=Path, help="the folder to make, or the saved readings")
    parser.add_argument("generated", type=Path, nargs="?", default=Path("/tmp/pdf-same"))
    args = parser.parse_args()
    if args.action == "make":
        make(args.file)
        return 0
    now = {path.name: observe(path) for path in files(args.generated)}
    if args.action == "save":
        args.file.write_text(json.dumps(now, ensure_ascii=False, indent=1, sort_keys=True))
        print(f"{len(now)} PDFs saved")
        return 0
    before = json.loads(args.file.read_text())
    now = json.loads(json.dumps(now, ensure_ascii=False, sort_keys=True))
    differ = sorted(name for name in before.keys() | now.keys() if before.get(name) != now.get(name))
    for name in differ:
        print(f"DIFFERS: {name}")
        for key in sorted((before.get(name) or {}).keys() | (now.get(name) or {}).keys()):
            if (before.get(name) or {}).get(key) != (now.get(name) or {}).get(key):
                print(f"  {key}")
    print(f"{len(before)} PDFs, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
