"""The text-PDF reader's fast paths decide as the slow ones would: a signature's appearance layers split
without pypdf's parser, a Word page's clip boxes passed over, the signer read in one pass."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pypdf import PdfReader
from pypdf.generic import ContentStream, DecodedStreamObject

from service.readers import read_document
from service.readers import widgets as widgets_module
from service.readers.signatures import _subject_parts
from service.readers.tables import draws_rules
from service.readers.widgets import _plain_operations, read_widgets
from tests.readers.makers import _pdf, _stream, make_self_signed, make_text_pdf, sign_pdf

_LAYERS = [
    b"q 1 0 0 1 0 0 cm /FRM Do Q\n",
    b"q 1 0 0 1 0 0 cm /n0 Do Q\nq 1 0 0 1 0 0 cm /n2 Do Q\n",
    b"BT\n1 0 0 1 0.5 0.5 Tm\nq 142 0 0 59.94 0.5 19.03 cm /img1 Do Q\n142 0 Td\n-142 0 Td\nET\n",
]


def _pypdf_operations(data: bytes) -> list:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return ContentStream(stream, None).operations


def test_plain_streams_split_as_pypdf_parses_them_and_the_others_are_left_to_it() -> None:
    pieces = [b"q", b"Q", b"cm", b"Do", b"Tm", b"T*", b"BI", b"true", b"'", b"re", b"W*"]
    pieces += [b"0", b"-0", b"1.5", b"-.5", b"+2", b"5.", b"1.2.3", b"1e3", b".", b"-", b"12ab"]
    pieces += [b"/FRM", b"/n0", b"/F#31", b"/", b"(x)", b"<00>", b"[1 2]", b"<</A 1>>", b"% c\n"]
    pieces += [b"\xc3\xa9", b"\x00", b"{", b"/a/b", b"q/X"]
    blanks = [b" ", b"\n", b"\r\n", b"\t", b"\x0c", b""]
    rng = random.Random(19)
    streams = [
        b"".join(rng.choice(pieces) + rng.choice(blanks) for _ in range(rng.randint(0, 12)))
        for _ in range(5000)
    ]
    taken = 0
    for data in _LAYERS + streams:
        fast = _plain_operations(data)
        try:
            slow = _pypdf_operations(data)
        except Exception:
            assert fast is None, data  # what pypdf refuses is left to it
            continue
        if fast is not None:
            taken += 1
            assert fast == slow, data
            assert [[type(v) is float for v in ops] for ops, _ in fast] == [
                [isinstance(v, float) for v in ops] for ops, _ in slow
            ], data
    assert taken > 500
    assert all(_plain_operations(data) is not None for data in _LAYERS)
    assert _plain_operations(b"q 1 0 0 1 0 0 cm /F#52M Do Q") is None  # an escape in a name


def _nested_stamp_pdf(layer: bytes) -> bytes:
    """A page with a signature field whose appearance draws its text through two layers of forms,
    the text layer moved by (10, 5) and its text by (2, 4): as e-office stamps are drawn."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 200 60] "
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [8 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 9 0 R >> >> /Annots [8 0 R] >>",
        _stream(b"BT /F1 12 Tf 1 0 0 1 72 700 Tm (Noi dung van ban) Tj ET"),
        _stream(b"q 1 0 0 1 0 0 cm /FRM Do Q\n", form + b"/Resources << /XObject << /FRM 6 0 R >> >>"),
        _stream(layer, form + b"/Resources << /XObject << /n0 7 0 R /n2 10 0 R >> >>"),
        _stream(b"% DSBlank\n", form),
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (ChuKy1) /Rect [300 100 500 160] /AP << /N 5 0 R >> >>",
        font,
        _stream(b"BT /F1 12 Tf 2 4 Td (So 11902) Tj ET", form + b"/Resources << /Font << /F1 9 0 R >> >>"),
    ]
    return _pdf(objects)


@pytest.mark.parametrize("odd", [False, True])
def test_a_stamp_drawn_through_layers_is_read_and_placed(odd: bool, monkeypatch) -> None:
    layer = b"q 1 0 0 1 0 0 cm /n0 Do Q\nq 1 0 0 1 10 5 cm /n2 Do Q\n"
    if odd:  # a dash array: pypdf's parser reads it, as before
        layer = b"[3 2] 0 d\n" + layer
    else:  # the layers are split without pypdf's parser
        monkeypatch.setattr(widgets_module, "ContentStream", None)
    page = PdfReader(io.BytesIO(_nested_stamp_pdf(layer))).pages[0]
    (widget,) = read_widgets(page)
    assert (widget.field_name, widget.text, widget.is_signature) == ("ChuKy1", "So 11902", True)
    assert widget.origin == pytest.approx((300 + 10 + 2, 100 + 5 + 4))


def test_the_widgets_values_and_the_signature_are_found_on_a_signed_page_with_fields(tmp_path: Path) -> None:
    pdf = make_text_pdf(
        [(100, 700, "So:          /UBND-VP"), (100, 600, "Noi dung van ban.")],
        widgets=[((120, 696, 160, 716), "904")],
    )
    path = tmp_path / "signed.pdf"
    path.write_bytes(sign_pdf(pdf, tmp_path, name="Trần Thị Bình", org="Sở Nội vụ"))
    result = read_document(path)
    assert "So: 904/UBND-VP" in result.text
    (sig,) = result.signatures
    assert (sig.field_name, sig.signer_name, sig.organisation) == ("ChuKy1", "Trần Thị Bình", "Sở Nội vụ")
    assert sig.intact is True


def test_a_certificate_with_two_organisations_gives_both(tmp_path: Path) -> None:
    """The subject read in one pass joins several values of one attribute as asn1crypto's name does."""
    _, cert_path = make_self_signed(tmp_path)
    der = x509.load_pem_x509_certificate(cert_path.read_bytes()).public_bytes(Encoding.DER)
    cert = asn1_x509.Certificate.load(der)
    assert _subject_parts(cert, ("common_name", "organization_name")) == [
        cert.subject.native["common_name"],
        cert.subject.native["organization_name"],
    ]
    two = asn1_x509.Name.build({"common_name": "A", "organization_name": "B"})
    rdns = list(two.chosen) + [asn1_x509.Name.build({"organization_name": "C"}).chosen[0]]
    cert["tbs_certificate"]["subject"] = asn1_x509.Name(name="", value=asn1_x509.RDNSequence(rdns))
    assert _subject_parts(cert, ("common_name", "organization_name", "country_name")) == ["A", "B, C", ""]


def test_a_word_page_of_clip_boxes_draws_no_table_and_its_real_grid_is_still_found() -> None:
    clips = b"q\r\n64.104 738.22 203.54 47.184 re\r\nW* n\r\nBT\r\n[(B)] TJ\r\nET\r\nQ\r\n" * 500
    grid = b"".join(b"72 %d 400 0.5 re f\n" % y for y in (700, 680, 660))
    grid += b"".join(b"%d 660 0.5 40 re f\n" % x for x in (72, 272, 472))
    assert not draws_rules(clips)
    assert draws_rules(clips + grid) and draws_rules(grid + clips)
