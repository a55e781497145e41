"""References: legal bases, Thực hiện / Theo đề nghị, and documents cited in the body."""

from datetime import date

from service.extract import extract_fields
from service.extract.document import Doc
from service.extract.references import read_references

# vb-023 (OCR of a scan): written-out lists and symbols broken by line ends and OCR.
REPORT = """Trên cơ sở ý kiến thống nhất của Thường trực HĐND tỉnh tại các Công
văn: số 87/HĐND-KTNS ngày 15/5/2024 về việc điều chỉnh dự toán, số 208/HĐND-KTNS
ngày 30/10/2024 về việc điều chỉnh dự toán chi ngân sách năm 2024 đối với Sở
Xây dựng, số 222, 223, 224/HĐND- KTNS ngày 14/11/2024 về việc điều chỉnh dự toán
chi năm 2024; Quyết định số 1368/QĐÐ- UBND ngày 12/12/2023 của UBND tỉnh.
"""


def _keys(text: str, own: str | None = None) -> list[str]:
    return [r.number_symbol for r in read_references(Doc.from_text(text), own)]


def test_lists_and_broken_symbols():
    assert _keys(REPORT) == [
        "87/HĐND-KTNS",
        "208/HĐND-KTNS",
        "222/HĐND-KTNS",
        "223/HĐND-KTNS",
        "224/HĐND-KTNS",
        "1368/QĐ-UBND",
    ]


def test_symbol_split_across_lines():
    # vb-014: "Công văn số 287/STC-\nHCSN"
    text = (
        "Theo đề nghị của Giám đốc Sở Tài chính tại Công văn số 287/STC-\n"
        "HCSN ngày 04/02/2025; tiếp theo Công văn số 168/UBND-KTTH ngày\n08/01/2025"
    )
    refs = read_references(Doc.from_text(text), None)
    assert [r.number_symbol for r in refs] == ["287/STC-HCSN", "168/UBND-KTTH"]
    assert refs[0].date == date(2025, 2, 4)
    assert refs[1].date == date(2025, 1, 8)
    assert refs[0].doc_type == "Công văn"


def test_date_and_issuer_of_a_legal_basis():
    text = (
        "Căn cứ Quyết định số 378/QĐ-UBND ngày 11/7/2025 của UBND tỉnh về việc thành lập "
        "Ban Chỉ đạo; Nghị định số 126/2024/NĐ-CP ngày 08 tháng 10 năm 2024 của Chính phủ quy định"
    )
    refs = read_references(Doc.from_text(text), None)
    assert refs[0].number_symbol == "378/QĐ-UBND" and refs[0].issuer == "UBND tỉnh"
    assert refs[0].date == date(2025, 7, 11)
    assert refs[1].number_symbol == "126/2024/NĐ-CP" and refs[1].issuer == "Chính phủ"
    assert refs[1].date == date(2024, 10, 8)
    assert refs[1].text.startswith("Nghị định số 126/2024/NĐ-CP")


def test_own_number_dates_and_stamps_are_not_references():
    text = (
        "Số: 507/UBND-KGVX Quảng Ngãi, ngày 24 tháng 01 năm 2025\n"
        "CV ĐẾN Số: 2770 Ngày :4/ÂL. 2\n"
        "đến ngày 31/3/2025 theo Mẫu số 14 Phụ lục III; số 36 đường Trần Phú."
    )
    assert _keys(text, "507/UBND-KGVX") == []


def test_ocr_without_the_crossed_d(corpus_text, org):
    f = extract_fields(corpus_text("vb-007.txt"), org=org)
    # A law cited by its name has no symbol (None): left out, or a set's order (which follows
    # PYTHONHASHSEED) decides whether startswith meets None before the symbol sought.
    keys = {r.number_symbol for r in f.references if r.number_symbol}
    assert {"08/2016/NĐ-CP", "115/2021/NĐ-CP", "524/TTr-BNV"} <= keys
    assert any(k.startswith("05/TTr-HĐND") for k in keys)
    assert "749/QĐ-TTg" not in keys  # the document's own (misread) number


def test_summary_citation_is_not_repeated_as_a_reference():
    # vb-006: the V/v cites Nghị quyết 76/NQ-CP; the body cites other documents.
    text = (
        "BỘ NỘI VỤ\nSố: 5816/BNV-CCHC Hà Nội, ngày 31 tháng 7 năm 2025\n"
        "V/v cập nhật, bổ sung số liệu sơ kết\nthực hiện Nghị quyết số 76/NQ-CP của Chính phủ\n\n"
        "Kính gửi: Các bộ\nTriển khai thực hiện Quyết định số 145/QĐ-BNV ngày 03/3/2025 của Bộ Nội vụ."
    )
    f = extract_fields(text)
    assert [r.number_symbol for r in f.references] == ["145/QĐ-BNV"]


def test_laws_are_cited_by_name_and_date(corpus_text):
    refs = read_references(
        Doc.from_text(
            "Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022;\n"
            "theo quy định của pháp luật và Luật Tố tụng hành chính năm 2015."
        ),
        None,
    )
    assert [(r.text, r.date, r.number_symbol) for r in refs] == [
        ("Luật Thi đua, khen thưởng ngày 15/6/2022", date(2022, 6, 15), None),
        ("Luật Tố tụng hành chính năm 2015", None, None),
    ]


def test_ocr_confusions_in_a_cited_number_and_type():
    # OCR reads a number's 5 as "$" and a type's T as "1"; a sum of money has no symbol.
    text = (
        "Xét đề nghị của Bộ Nội vụ tại Tờ trình số $17/TTr-BNV ngày 02 tháng 10 năm 2024;\n"
        "Căn cứ Thông tư số 04/2022/T1- BXD ngày 24 tháng 10 năm 2022 của Bộ Xây dựng;\n"
        "Kinh phí $120/người được chi theo Quyết định số 12/QĐ-UBND.\n"
    )
    refs = read_references(Doc.from_text(text), None)
    assert [r.number_symbol for r in refs] == ["517/TTr-BNV", "04/2022/TT-BXD", "12/QĐ-UBND"]
    assert "số 517/TTr-BNV" in refs[0].text
