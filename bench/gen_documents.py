"""A generated set of administrative documents with its answer key, written from the decree's forms
(Nghị định 30/2020, Phụ lục I): header table or plain header, type line or công văn's V/v, legal
bases, duties with deadline phrases drawn from the grammar (cue × time of day × date form ×
recurrence marker), task tables (in the body or in an appendix after the signature), Nơi nhận and a
signing block beside it or under it. Each document is written as .docx, as the text PDF LibreOffice
prints of it, and as a scan of that PDF (pages rendered to grey images, slightly turned).

    .venv/bin/python bench/gen_documents.py OUT_DIR [--count N] [--seed S]

Nothing here reads the development corpus: the phrasings come from the grammar and the forms.
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

ORGS = [  # (parent line, issuer lines, symbol body, place, issuer as a register names it)
    ("", ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN"], "UBND", "Nghệ An", "UBND tỉnh Nghệ An"),
    ("UBND TỈNH ĐỒNG NAI", ["SỞ TÀI CHÍNH"], "STC", "Đồng Nai", "Sở Tài chính tỉnh Đồng Nai"),
    ("UBND TỈNH THANH HÓA", ["SỞ NỘI VỤ"], "SNV", "Thanh Hóa", "Sở Nội vụ tỉnh Thanh Hóa"),
    ("", ["ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG"], "UBND", "Cao Bằng", "UBND tỉnh Cao Bằng"),
    ("UBND TỈNH HẢI DƯƠNG", ["SỞ Y TẾ"], "SYT", "Hải Dương", "Sở Y tế tỉnh Hải Dương"),
]
FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lương"]
MIDDLES = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Ngọc"]
GIVENS = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Nam", "Phúc", "Sơn", "Thủy"]
SUBJECTS = [
    "triển khai chuyển đổi số trong cơ quan nhà nước năm {y}",
    "thực hiện cải cách hành chính năm {y}",
    "tổ chức phong trào thi đua yêu nước giai đoạn {y}-{y2}",
    "tăng cường công tác phòng, chống thiên tai năm {y}",
    "rà soát, đánh giá thủ tục hành chính năm {y}",
]
DOERS = [
    "Các sở, ban, ngành tỉnh",
    "Ủy ban nhân dân các xã, phường",
    "Sở Tài chính",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Các phòng, đơn vị thuộc Sở",
]
DUTIES = [
    "gửi báo cáo kết quả thực hiện về Sở Nội vụ",
    "tổng hợp, báo cáo Ủy ban nhân dân tỉnh",
    "hoàn thành việc rà soát hồ sơ",
    "gửi danh sách đề nghị khen thưởng về Ban Thi đua - Khen thưởng",
    "cập nhật số liệu lên hệ thống thông tin báo cáo",
]
TASKS = [
    "Xây dựng kế hoạch triển khai của cơ quan, đơn vị",
    "Rà soát, cập nhật cơ sở dữ liệu chuyên ngành",
    "Tổ chức tập huấn cho cán bộ, công chức",
    "Báo cáo sơ kết tình hình thực hiện gửi Sở Nội vụ",
    "Kiểm tra, đôn đốc việc thực hiện tại cơ sở",
    "Tổng kết, đánh giá kết quả thực hiện",
]
RECIPIENTS = [
    "Như trên",
    "Bộ Nội vụ",
    "Thường trực Tỉnh ủy",
    "Chủ tịch, các PCT UBND tỉnh",
    "Các sở, ban, ngành",
]
LAWS = [("Nghị định", "NĐ-CP"), ("Thông tư", "TT-BNV"), ("Quyết định", "QĐ-TTg")]
CUES = ["trước ngày", "chậm nhất ngày", "chậm nhất là ngày", "không muộn hơn ngày", "hạn chót là ngày"]
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu"]


@dataclass
class Spec:
    """One document: what is printed and what its answer key says."""

    name: str
    kind: str  # KH, CV, TB, QĐ
    org: tuple
    number: int
    issued: date
    summary: str
    signer: str
    titles: list[str]
    recipients: list[str]
    bases: list[tuple[str, str, date]] = field(default_factory=list)
    duties: list[tuple[str, dict]] = field(default_factory=list)  # sentence, key entry
    table: list[tuple[str, str, str, dict | None]] = field(default_factory=list)
    appendix: bool = False
    plain_header: bool = False
    block_after: bool = False  # the signing block printed under Nơi nhận, not beside it


def _first_after(issued: date, make) -> date:
    for k in range(0, 40):
        d = make(k)
        if d is not None and d >= issued:
            return d
    raise ValueError


def _day(rnd: random.Random, d: date, with_year: bool = True) -> str:
    dd, mm = rnd.choice([f"{d.day:02d}", str(d.day)]), rnd.choice([f"{d.month:02d}", str(d.month)])
    if not with_year:
        return rnd.choice([f"{dd}/{mm}", f"{dd} tháng {mm}"])
    return rnd.choice([f"{dd}/{mm}/{d.year}", f"{dd} tháng {mm} năm {d.year}"])


def deadline_sentence(rnd: random.Random, issued: date) -> tuple[str, dict]:
    """A duty with its time phrase from the grammar, and the key's entry for it."""
    doer, duty = rnd.choice(DOERS), rnd.choice(DUTIES)
    kind = rnd.choice(["day", "day", "period", "yearly", "monthly", "weekly", "relative"])
    if kind == "day":
        due = issued + timedelta(days=rnd.randint(5, 200))
        time = rnd.choice(["", "17 giờ 00 ", "10h30 "])
        cue = rnd.choice(CUES)
        phrase = f"{cue.removesuffix(' ngày') + ' ' + time + 'ngày' if time else cue} {_day(rnd, due)}"
        return f"{doer} {duty} {phrase}.", {"date_or_rule": phrase, "date": due.isoformat()}
    if kind == "period":
        year = issued.year + rnd.choice([0, 1])
        q = rnd.randint(1, 4)
        end = date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
        if end < issued:
            year, end = year + 1, date(year + 1, 3 * q, calendar.monthrange(year + 1, 3 * q)[1])
        phrase = f"hoàn thành trong Quý {['I', 'II', 'III', 'IV'][q - 1]}/{year}"
        return f"{doer} {duty}, {phrase}.", {"date_or_rule": phrase, "date": end.isoformat()}
    if kind == "yearly":
        month, day = rnd.randint(1, 12), rnd.randint(1, 28)
        phrase = f"trước ngày {_day(rnd, date(2024, month, day), with_year=False)} hằng năm"
        due = _first_after(issued, lambda k: date(issued.year + k, month, day))
        entry = {"date_or_rule": phrase, "date": due.isoformat(), "recurrence": "yearly"}
        if rnd.random() < 0.5:
            return f"Định kỳ hằng năm, {doer.lower()} {duty} trước ngày {day}/{month}.", entry
        return f"{doer} {duty} {phrase}.", entry
    if kind == "monthly":
        day = rnd.randint(1, 25)

        def monthly(k: int) -> date:
            months = issued.year * 12 + issued.month - 1 + k
            return date(months // 12, months % 12 + 1, day)

        phrase = f"chậm nhất ngày {day:02d} hằng tháng"
        entry = {
            "date_or_rule": phrase,
            "date": _first_after(issued, monthly).isoformat(),
            "recurrence": "monthly",
        }
        return f"{doer} {duty} {phrase}.", entry
    if kind == "weekly":
        phrase = f"trước 16 giờ ngày {rnd.choice(WEEKDAYS)} hằng tuần"
        return f"{doer} {duty} {phrase}.", {"date_or_rule": phrase, "date": None, "recurrence": "weekly"}
    n = rnd.choice([5, 7, 10, 15])
    phrase = f"trong thời hạn {n} ngày kể từ ngày ký"
    return f"{doer} {duty} {phrase}.", {
        "date_or_rule": phrase,
        "date": (issued + timedelta(days=n)).isoformat(),
    }


def task_rows(rnd: random.Random, issued: date) -> list[tuple[str, str, str, dict | None]]:
    """Rows of a task table: (task, lead unit, time cell, key entry or None)."""
    rows = []
    for task in rnd.sample(TASKS, rnd.randint(3, 5)):
        lead = rnd.choice(DOERS[1:])
        kind = rnd.choice(["day", "quarter", "month", "standing", "yearly", "request"])
        year = issued.year + 1
        if kind == "day":
            due = issued + timedelta(days=rnd.randint(20, 300))
            cell, entry = f"Trước ngày {_day(rnd, due)}", {"date": due.isoformat()}
        elif kind == "quarter":
            q = rnd.randint(1, 4)
            cell = f"Quý {['I', 'II', 'III', 'IV'][q - 1]}/{year}"
            entry = {"date": date(year, 3 * q, calendar.monthrange(year, 3 * q)[1]).isoformat()}
        elif kind == "month":
            m = rnd.randint(1, 12)
            cell, entry = (
                f"Tháng {m}/{year}",
                {"date": date(year, m, calendar.monthrange(year, m)[1]).isoformat()},
            )
        elif kind == "yearly":
            cell, entry = "Hằng năm", {"date": None, "recurrence": "yearly"}
        else:
            cell, entry = ("Thường xuyên", None) if kind == "standing" else ("Theo yêu cầu", None)
        if entry is not None:
            entry = {"date_or_rule": cell, "what": task, "who": lead, **entry}
        rows.append((task, lead, cell, entry))
    return rows


def make_spec(rnd: random.Random, k: int) -> Spec:
    org = rnd.choice(ORGS)
    kind = ["KH", "CV", "TB", "QĐ"][k % 4]
    issued = date(2025, 1, 1) + timedelta(days=rnd.randint(0, 700))
    y = issued.year
    summary = rnd.choice(SUBJECTS).format(y=y, y2=y + 4)
    chief = "CHỦ TỊCH" if org[2] == "UBND" else "GIÁM ĐỐC"
    titles = rnd.choice(
        [
            [f"KT. {chief}", f"PHÓ {chief}"],
            [f"TM. {' '.join(org[1][:1])}" if org[2] == "UBND" else chief, chief],
        ]
    )
    if titles[0] == titles[1]:
        titles = [chief]
    spec = Spec(
        name=f"gen-{k + 1:02d}",
        kind=kind,
        org=org,
        number=rnd.randint(3, 999),
        issued=issued,
        summary=summary[:1].upper() + summary[1:],
        signer=f"{rnd.choice(FAMILIES)} {rnd.choice(MIDDLES)} {rnd.choice(GIVENS)}",
        titles=titles,
        recipients=rnd.sample(RECIPIENTS, 3) + [f"Lưu: VT, {org[2]}"],
        plain_header=rnd.random() < 0.3,
        block_after=rnd.random() < 0.3,
    )
    for _ in range(rnd.randint(1, 2)):
        law, symbol = rnd.choice(LAWS)
        spec.bases.append(
            (
                law,
                f"{rnd.randint(10, 199)}/{issued.year - rnd.randint(1, 4)}/{symbol}",
                issued - timedelta(days=rnd.randint(200, 900)),
            )
        )
    for _ in range(rnd.randint(1, 3)):
        sentence, entry = deadline_sentence(rnd, issued)
        if all(
            (e["date"], e.get("recurrence")) != (entry["date"], entry.get("recurrence"))
            for _, e in spec.duties
        ):
            spec.duties.append((sentence, entry))  # one duty a date: the key cannot tell two apart
    if kind in ("KH", "QĐ"):
        spec.table = task_rows(rnd, issued)
        spec.appendix = kind == "QĐ"
    return spec


def label(spec: Spec, fmt: str, file: str) -> dict:
    symbol = f"{spec.kind}-{spec.org[2]}" if spec.kind != "CV" else f"{spec.org[2]}-VP"
    doc_type = {"KH": "Kế hoạch", "CV": "Công văn", "TB": "Thông báo", "QĐ": "Quyết định"}[spec.kind]
    deadlines = [entry for _, entry in spec.duties] + [row[3] for row in spec.table if row[3]]
    return {
        "file": file,
        "source_repo": "generated",
        "format": fmt,
        "doc_type": doc_type,
        "number_symbol": f"{spec.number}/{symbol}",
        "issuer": spec.org[4],
        "place": spec.org[3],
        "issue_date": spec.issued.isoformat(),
        "title_summary": ("V/v " if spec.kind == "CV" else "") + spec.summary,
        "signer_name": spec.signer,
        "signer_title": " / ".join(spec.titles),
        "recipients": spec.recipients,
        "deadlines": deadlines,
        "references": [f"{law} số {number}" for law, number, _ in spec.bases],
    }


def _para(
    document, text: str, *, bold: bool = False, italic: bool = False, center: bool = False, size: int = 13
):
    p = document.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def _cell_lines(cell, lines: list[tuple[str, bool]], *, center: bool = True, size: int = 13) -> None:
    cell.text = ""
    for k, (text, bold) in enumerate(lines):
        p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        run = p.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _header(document, spec: Spec) -> None:
    symbol = f"{spec.kind}-{spec.org[2]}" if spec.kind != "CV" else f"{spec.org[2]}-VP"
    left = ([(spec.org[0], False)] if spec.org[0] else []) + [(line, True) for line in spec.org[1]]
    left.append((f"Số: {spec.number}/{symbol}", False))
    if spec.kind == "CV":
        left.append((f"V/v {spec.summary[:1].lower() + spec.summary[1:]}", False))
    right = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True)]
    d = spec.issued
    right.append((f"{spec.org[3]}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}", False))
    if spec.plain_header:  # no table: the left column, then the right, as paragraphs
        for text, bold in left + right:
            _para(document, text, bold=bold, center=True, size=12)
    else:
        table = document.add_table(rows=1, cols=2)
        _cell_lines(table.cell(0, 0), left, size=12)
        _cell_lines(table.cell(0, 1), right, size=12)
    if spec.kind != "CV":
        name = {"KH": "KẾ HOẠCH", "TB": "THÔNG BÁO", "QĐ": "QUYẾT ĐỊNH"}[spec.kind]
        _para(document, name, bold=True, center=True, size=14)
        _para(document, spec.summary, bold=True, center=True, size=14)
    else:
        _para(document, "Kính gửi: Các sở, ban, ngành tỉnh.", center=True)


def _task_table(document, rows) -> None:
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    heads = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    for cell, text in zip(table.rows[0].cells, heads):
        _cell_lines(cell, [(text, True)], size=12)
    for k, (task, lead, time, _) in enumerate(rows, 1):
        cells = table.add_row().cells
        for cell, text in zip(cells, [str(k), task, lead, "Sở Nội vụ", time]):
            _cell_lines(cell, [(text, False)], center=False, size=12)


def write_docx(spec: Spec, path: Path) -> None:
    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    _header(document, spec)
    for law, number, when in spec.bases:
        _para(
            document,
            f"Căn cứ {law} số {number} ngày {when.day:02d}/{when.month:02d}/{when.year};",
            italic=True,
        )
    _para(
        document,
        "Để triển khai thực hiện có hiệu quả, yêu cầu các cơ quan, đơn vị thực hiện các nội dung sau:",
    )
    for k, (sentence, _) in enumerate(spec.duties, 1):
        _para(document, f"{k}. {sentence}")
    if spec.table and not spec.appendix:
        _para(document, "Nhiệm vụ cụ thể:", bold=True)
        _task_table(document, spec.table)
    _para(document, "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị phản ánh kịp thời./.")
    receivers = [("Nơi nhận:", True)] + [
        (f"- {r};" if not r.startswith("Lưu") else f"- {r}.", False) for r in spec.recipients
    ]
    block = [(t, True) for t in spec.titles] + [("", False)] * 3 + [(spec.signer, True)]
    if spec.block_after:
        for text, bold in receivers:
            _para(document, text, bold=bold, size=11)
        for text, bold in block:
            _para(document, text, bold=bold, center=True)
    else:
        table = document.add_table(rows=1, cols=2)
        _cell_lines(table.cell(0, 0), receivers, center=False, size=11)
        _cell_lines(table.cell(0, 1), block)
    if spec.table and spec.appendix:
        document.add_page_break()
        _para(document, "PHỤ LỤC", bold=True, center=True)
        _para(document, "DANH MỤC NHIỆM VỤ TRIỂN KHAI", bold=True, center=True)
        _task_table(document, spec.table)
    document.save(str(path))


def to_pdfs(sources: list[Path], outdir: Path) -> None:
    """Text PDFs of the .docx files, by one LibreOffice run with a private profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is required")
    with tempfile.TemporaryDirectory(prefix="vanthu-gen-lo-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )


def to_scan(pdf: Path, target: Path, rnd: random.Random) -> None:
    """The PDF as a scanner gives it: each page a grey picture at 200 dpi, turned a little."""
    import pypdfium2 as pdfium
    from PIL import Image

    doc = pdfium.PdfDocument(str(pdf))
    pages = []
    for page in doc:
        image = page.render(scale=200 / 72).to_pil().convert("L")
        angle = rnd.uniform(-0.8, 0.8)
        pages.append(image.rotate(angle, resample=Image.BILINEAR, expand=False, fillcolor=255))
    doc.close()
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=200)


def generate(out: Path, count: int = 8, seed: int = 30, scans: int = 4) -> list[dict]:
    """Write ``count`` documents in three formats (``scans`` of them also scanned) into ``out``, and
    return the answer key."""
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    specs = [make_spec(rnd, k) for k in range(count)]
    labels = []
    for spec in specs:
        write_docx(spec, out / f"{spec.name}.docx")
        labels.append(label(spec, "docx", f"{spec.name}.docx"))
    pdf_dir = out / "pdf"
    to_pdfs([out / f"{s.name}.docx" for s in specs], pdf_dir)
    for spec in specs:
        target = out / f"{spec.name}-text.pdf"
        (pdf_dir / f"{spec.name}.pdf").rename(target)
        labels.append(label(spec, "pdf_text", target.name))
    for spec in specs[:scans]:
        target = out / f"{spec.name}-scan.pdf"
        to_scan(out / f"{spec.name}-text.pdf", target, rnd)
        labels.append(label(spec, "pdf_scanned", target.name))
    shutil.rmtree(pdf_dir, ignore_errors=True)
    (out / "labels.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in labels), encoding="utf-8"
    )
    return labels


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--scans", type=int, default=4)
    ap.add_argument("--seed", type=int, default=30)
    args = ap.parse_args()
    print(f"{len(generate(args.out, args.count, args.seed, args.scans))} files and their key in {args.out}")
