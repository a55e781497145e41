"""Units' reports as the office receives them: accented text, OCR'd text without accents."""

from __future__ import annotations

from datetime import date

from service.models import Fields, Reference
from service.text import fold

TITLE = (
    "Tình hình tổ chức thực hiện Phong trào thi đua “Tam Đường chung tay vì người nghèo - "
    "Không để ai bị bỏ lại phía sau” năm {year}"
)


def report_text(
    issuer: str,
    number: str,
    day: date,
    place: str,
    *,
    cite: str | None = "904/KH-UBND",
    title: str | None = None,
) -> str:
    """The text of a unit's yearly report (báo cáo) laid out as Nghị định 30 has it."""
    cite_line = (
        f"Thực hiện Kế hoạch số {cite} ngày 21/7/2022 của UBND huyện Tam Đường về tổ chức thực hiện "
        "phong trào thi đua “Tam Đường chung tay vì người nghèo - Không để ai bị bỏ lại phía sau” "
        f"giai đoạn 2021-2025, {issuer} báo cáo kết quả như sau:"
        if cite
        else f"{issuer} báo cáo kết quả thực hiện như sau:"
    )
    return "\n".join(
        [
            "UBND HUYỆN TAM ĐƯỜNG    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            f"{issuer.upper()}    Độc lập - Tự do - Hạnh phúc",
            f"Số: {number}    {place}, ngày {day.day:02d} tháng {day.month} năm {day.year}",
            "BÁO CÁO",
            title or TITLE.format(year=day.year),
            cite_line,
            "I. KẾT QUẢ THỰC HIỆN",
            "1. Công tác tuyên truyền, vận động được triển khai thường xuyên.",
            "2. Số hộ nghèo giảm so với cùng kỳ.",
            "II. PHƯƠNG HƯỚNG, NHIỆM VỤ",
            "Tiếp tục thực hiện có hiệu quả phong trào thi đua.",
            "Nơi nhận:",
            "- UBND huyện (B/c);",
            "- Phòng Lao động - Thương binh và Xã hội;",
            "- Lưu: VT.",
        ]
    )


def ocr(text: str) -> str:
    """What OCR of a scan often gives: accents gone, the slash of a number-symbol lost."""
    return fold(text, lower=False).replace("904/KH-UBND", "904KH-UBND")


def report_fields(
    issuer: str | None,
    number: str | None,
    day: date,
    *,
    cite: str | None = "904/KH-UBND",
    title: str | None = None,
    with_references: bool = True,
) -> Fields:
    """What extraction reads from such a report (written out by hand)."""
    refs = (
        [
            Reference(
                text=f"Kế hoạch số {cite} ngày 21/7/2022",
                number_symbol=cite,
                doc_type="Kế hoạch",
                date=date(2022, 7, 21),
            )
        ]
        if cite and with_references
        else []
    )
    return Fields(
        doc_type="Báo cáo",
        number_symbol=number,
        issuer=issuer,
        issue_date=day,
        title_summary=title or TITLE.format(year=day.year),
        references=refs,
    )
