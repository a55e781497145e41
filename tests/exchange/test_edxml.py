"""The edXML parser and builder (pure): samples' layout, round trips, hostile XML, codes, directory."""

from __future__ import annotations

import io
import os
from datetime import date, datetime

import pytest

from service.errors import VanthuError
from service.exchange.build import build_status
from service.exchange.codes import BusinessType, is_agency_code
from service.exchange.directory import DirectoryEntry, decode_csv, parse_directory
from service.exchange.edxml import ParseLimits, looks_like_edxml, parse_bytes
from service.exchange.message import Business, DocRef, DocumentMessage, Organ, StatusMessage
from tests.exchange.messages import DISTRICT, PROVINCE, document_message, header, sample_shaped

PDF = b"%PDF-1.7\n" + os.urandom(3000)


def _parse(data: bytes, limits: ParseLimits | None = None):
    limits = limits or ParseLimits()
    files: dict[int, io.BytesIO] = {}

    def open_writer(i: int):
        files[i] = io.BytesIO()
        return files[i]

    parsed = parse_bytes(data, open_writer, limits)
    return parsed, {i: f.getvalue() for i, f in files.items()}


def test_a_message_shaped_like_the_samples_is_read():
    parsed, files = _parse(sample_shaped(PDF))
    msg = parsed.message
    assert isinstance(msg, DocumentMessage)
    h = msg.header
    assert (h.sender.code, h.sender.name) == ("000.00.00.G22", "Văn phòng Chính phủ")
    assert [r.code for r in h.receivers] == [DISTRICT]
    assert (h.number_symbol, h.date, h.place) == ("7816/VPCP-TTĐT", date(2015, 9, 30), "Hà Nội")
    assert (h.type_name, h.subject) == ("Công văn", "V/v triển khai Cổng Thông tin điện tử")
    assert (h.signer.competence, h.signer.position, h.signer.full_name) == (
        "TL. BỘ TRƯỞNG",
        "Cục trưởng",
        "Nguyễn Văn A",
    )
    assert h.due_date is None and h.document_id == "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"
    assert msg.traces[0].timestamp == datetime(2015, 9, 30, 10, 15)
    assert [(a.name, size) for a, size in parsed.encoded] == [("7816.pdf", len(PDF))]
    assert files[0] == PDF  # base64 broken into lines, decoded as it streamed


def test_build_then_parse_gives_the_same_message():
    h = header(
        response_for=(DocRef(DISTRICT, "05/BC-UBND", date(2026, 2, 1), f"{DISTRICT},2026/02/01,05/BC-UBND"),)
    )
    data = document_message(h, {"a.pdf": PDF, "phu-luc.docx": b"PK\x03\x04 not really"})
    parsed, files = _parse(data)
    assert parsed.message.header == h
    assert parsed.message.business.doc_type == BusinessType.NEW
    assert [a.name for a in parsed.message.attachments] == ["a.pdf", "phu-luc.docx"]
    assert files[0] == PDF and files[1].startswith(b"PK")
    status = StatusMessage(
        Organ(DISTRICT, "UBND huyện"),
        DocRef(PROVINCE, "12/UBND-VP", date(2026, 3, 2), "x"),
        "03",
        "Đã vào sổ",
    )
    assert _parse(build_status(status))[0].message == status


def test_an_attachment_larger_than_libxml2s_text_node_limit_streams_through():
    """huge_tree stays off: the base64 never becomes one text node (libxml2 refuses over 10 MB)."""
    big = os.urandom(12 * 2**20)  # 16 MB of base64
    parsed, files = _parse(document_message(header(), {"big.pdf": big}))
    assert parsed.encoded[0][1] == len(big) and files[0] == big


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (
            sample_shaped(PDF, doctype='<!DOCTYPE edXML [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'),
            "edxml_dtd",
        ),
        (
            sample_shaped(PDF, doctype='<!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
            "edxml_dtd",
        ),
        (
            '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE edXML [<!ENTITY a "b">]><edXML>&a;</edXML>'.encode(
                "utf-16"
            ),
            "edxml_dtd",
        ),
        (sample_shaped(PDF, encoded="JVBERi0xLjcK!!!notbase64"), "edxml_not_base64"),
        (sample_shaped(PDF, encoded="JVBERi0xLjcKJ"), "edxml_not_base64"),  # cut short
        (
            sample_shaped(PDF)
            .replace(b"<edXML:CodeNumber>7816</edXML:CodeNumber>", b"")
            .replace(b"<edXML:CodeNotation>VPCP-TT\xc4\x90T</edXML:CodeNotation>", b""),
            "edxml_invalid",
        ),
        (
            sample_shaped(PDF).replace(
                b"2015/09/30</edXML:PromulgationDate>", b"30 thg 9</edXML:PromulgationDate>"
            ),
            "edxml_invalid",
        ),
        (b"<edXML><edXMLEnvelope>" * 300, "edxml_invalid"),  # deep and unclosed
        (b"<html><body>not a message</body></html>", "edxml_invalid"),
        (b"\x89PNG\r\n\x1a\n not xml at all", "edxml_invalid"),
    ],
    ids=[
        "billion-laughs",
        "external-entity",
        "dtd-in-utf16",
        "not-base64",
        "base64-cut",
        "no-code",
        "bad-date",
        "deep",
        "not-edxml",
        "binary",
    ],
)
def test_hostile_and_broken_messages_are_refused_with_their_reason(data, code):
    with pytest.raises(VanthuError) as err:
        _parse(data)
    assert err.value.code == code


def test_an_attachment_over_the_limit_is_refused_while_it_streams():
    with pytest.raises(VanthuError) as err:
        _parse(document_message(header(), {"a.pdf": PDF}), ParseLimits(max_attachment_bytes=1000))
    assert err.value.code == "edxml_attachment_too_large"


def test_the_edxml_root_is_recognised_from_the_first_bytes():
    assert looks_like_edxml(sample_shaped(PDF)[:4096])
    assert looks_like_edxml(
        '<?xml version="1.0" encoding="UTF-16"?><edXML:edXML xmlns:edXML="x">'.encode("utf-16")
    )
    assert not looks_like_edxml(b"<?xml version='1.0'?><w:document>")


def test_every_status_code_has_its_words():
    from service import labels
    from service.exchange.codes import StatusCode

    assert {c.value for c in StatusCode} == set(labels.EXCHANGE_STATUS)


def test_business_types_and_replacements_are_read():
    h = header()
    data = document_message(
        h,
        {"a.pdf": PDF},
        business=Business(
            h.document_id, BusinessType.REPLACE, "Sai ngày", replaces=("X,2026/03/01,11/UBND-VP",)
        ),
    )
    b = _parse(data)[0].message.business
    assert (b.doc_type, b.reason, b.replaces) == (
        BusinessType.REPLACE,
        "Sai ngày",
        ("X,2026/03/01,11/UBND-VP",),
    )


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("000.00.00.H41", True),  # older form: top level on the right
        ("H41.01.02", True),  # newer form: top level on the left
        ("G22", True),
        ("000.00.00.h41", False),
        ("000..00.H41", False),
        (".H41", False),
        ("000.00.00.H41 ", False),
        ("A" * 36, False),
        ("", False),
    ],
)
def test_agency_codes_in_either_form(code, ok):
    assert is_agency_code(code) is ok


def test_a_directory_csv_with_a_vietnamese_header_and_semicolons():
    text = decode_csv(
        "\ufeffMã định danh;Tên cơ quan\n000.00.00.H29;Ủy ban nhân dân tỉnh Lai Châu\nH29.31.01;UBND xã Bản Bo\n".encode()
    )
    entries, problems = parse_directory(text)
    assert problems == []
    assert [(e.code, e.name) for e in entries] == [
        ("000.00.00.H29", "Ủy ban nhân dân tỉnh Lai Châu"),
        ("H29.31.01", "UBND xã Bản Bo"),
    ]


def test_a_directory_csv_without_header_and_its_bad_lines():
    entries, problems = parse_directory(
        "000.00.00.H29,UBND tỉnh\n000.00.00.h29,UBND tỉnh\nG22,\n000.00.00.H29,Tên khác\n"
    )
    assert [e.code for e in entries] == ["000.00.00.H29"]
    assert [p.split(":")[0] for p in problems] == ["dòng 2", "dòng 3", "dòng 4"]
    assert parse_directory("ma,ten\n")[1] == [] and parse_directory("foo,bar\n1,2\n")[1]


def test_cp1258_directory_is_decoded():
    text = decode_csv(b"G22,V\xe3n pho\xccng\n")  # Windows' code page: a tone mark after its letter
    assert parse_directory(text) == ([DirectoryEntry("G22", "Văn phòng")], [])
