"""Real edXML messages for the tests: built by the project's own builder around a real signed PDF,
and hand-written ones shaped like the public samples."""

from __future__ import annotations

import base64
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

from service.exchange.build import build_document, build_status
from service.exchange.message import (
    AttachmentRef,
    Business,
    DocRef,
    DocumentHeader,
    DocumentMessage,
    Organ,
    Signer,
    StatusMessage,
    Trace,
    document_id,
)
from tests.readers.makers import make_text_pdf, sign_pdf

PROVINCE = "000.00.00.H29"  # the older form: top level on the right
DISTRICT = "000.00.31.H29"  # the office of the shipped config in these tests
COMMUNE = "H29.31.01"  # the newer form: top level on the left
PROVINCE_NAME = "Ủy ban nhân dân tỉnh Lai Châu"


def letter_pdf(
    tmp: Path, *, number: str = "12/UBND-VP", day: int = 2, month: int = 3, signed: bool = True
) -> bytes:
    """A one-page công văn whose text says its number and date (accent-free, as a PDF's text layer
    often reads), signed with a fresh certificate."""
    lines = [
        (72, 790, "UY BAN NHAN DAN"),
        (72, 775, "TINH LAI CHAU"),
        (72, 755, f"So: {number}"),
        (72, 740, "V/v bao cao ket qua phong trao thi dua"),
        (300, 790, "CONG HOA XA HOI CHU NGHIA VIET NAM"),
        (300, 775, "Doc lap - Tu do - Hanh phuc"),
        (300, 755, f"Lai Chau, ngay {day:02d} thang {month} nam 2026"),
        (100, 700, "Kinh gui: UBND huyen Tam Duong"),
        (72, 680, "De nghi UBND huyen bao cao ket qua truoc ngay 20/3/2026."),
        (72, 600, "Noi nhan:"),
        (72, 585, "- Nhu tren;"),
        (72, 570, "- Luu: VT."),
        (350, 600, "KT. CHU TICH"),
        (350, 585, "PHO CHU TICH"),
        (350, 520, "Nguyen Van Binh"),
    ]
    pdf = make_text_pdf(lines)
    if not signed:
        return pdf
    work = tmp / f"sign-{number.replace('/', '-')}-{day}"
    work.mkdir(parents=True, exist_ok=True)
    return sign_pdf(pdf, work, name="Nguyễn Văn Bình", org=PROVINCE_NAME)


def header(
    *,
    to: str = DISTRICT,
    number: str = "12",
    notation: str = "UBND-VP",
    on: date = date(2026, 3, 2),
    sender: Organ | None = None,
    response_for: tuple[DocRef, ...] = (),
    **kw,
) -> DocumentHeader:
    sender = sender or Organ(PROVINCE, PROVINCE_NAME)
    values = dict(
        sender=sender,
        receivers=(Organ(to, "Ủy ban nhân dân huyện Tam Đường"),),
        document_id=document_id(sender.code, on, f"{number}/{notation}"),
        number=number,
        notation=notation,
        place="Lai Châu",
        date=on,
        type="1",
        type_name="Công văn",
        subject="V/v báo cáo kết quả phong trào thi đua",
        content="V/v báo cáo kết quả phong trào thi đua",
        signer=Signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Bình"),
        due_date=date(2026, 3, 20),
        priority="1",
        response_for=response_for,
        to_places=("Sở Nội vụ",),
    )
    values.update(kw)
    return DocumentHeader(**values)


def document_message(
    h: DocumentHeader, files: dict[str, bytes], *, business: Business | None = None, zipped: bool = False
) -> bytes:
    """A document message with these attachments (name → bytes); `zipped`: each file zipped first,
    as one platform's kit does."""
    refs, contents = [], {}
    for i, (name, data) in enumerate(files.items(), 1):
        if zipped:
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr(name, data)
            name, data = name + ".zip", buf.getvalue()
        ref = AttachmentRef(f"att{i}", name, "application/pdf" if name.endswith(".pdf") else "")
        refs.append(ref)
        contents[ref.content_id] = data
    msg = DocumentMessage(
        header=h,
        traces=(Trace(h.sender.code, datetime(2026, 3, 2, 9, 0)),),
        business=business or Business(document_id=h.document_id),
        attachments=tuple(refs),
    )
    return build_document(msg, contents)


def status_message(code: str, about: DocRef, *, sender: Organ, at: datetime) -> bytes:
    return build_status(
        StatusMessage(sender=sender, response_for=about, code=code, description="", timestamp=at)
    )


def sample_shaped(attachment: bytes, *, encoded: str | None = None, doctype: str = "") -> bytes:
    """A message written by hand the way the public samples print one: `edXML:` prefixes,
    AttachmentEncoded outside the namespace, base64 broken into lines."""
    b64 = encoded if encoded is not None else base64.encodebytes(attachment).decode("ascii")
    return f"""<?xml version="1.0" encoding="UTF-8"?>{doctype}
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016" xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
 <edXML:edXMLEnvelope>
  <edXML:edXMLHeader>
   <edXML:MessageHeader>
    <edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId><edXML:OrganName>Văn phòng Chính phủ</edXML:OrganName></edXML:From>
    <edXML:To><edXML:OrganId>{DISTRICT}</edXML:OrganId><edXML:OrganName>UBND huyện Tam Đường</edXML:OrganName></edXML:To>
    <edXML:DocumentId>000.00.00.G22,2015/09/30,7816/VPCP-TTĐT</edXML:DocumentId>
    <edXML:Code><edXML:CodeNumber>7816</edXML:CodeNumber><edXML:CodeNotation>VPCP-TTĐT</edXML:CodeNotation></edXML:Code>
    <edXML:PromulgationInfo><edXML:Place>Hà Nội</edXML:Place><edXML:PromulgationDate>2015/09/30</edXML:PromulgationDate></edXML:PromulgationInfo>
    <edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeDetail>0</edXML:TypeDetail><edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
    <edXML:Subject>V/v triển khai Cổng Thông tin điện tử</edXML:Subject>
    <edXML:Content>V/v triển khai Cổng Thông tin điện tử</edXML:Content>
    <edXML:SignerInfo><edXML:Competence>TL. BỘ TRƯỞNG</edXML:Competence><edXML:Position>Cục trưởng</edXML:Position><edXML:FullName>Nguyễn Văn A</edXML:FullName></edXML:SignerInfo>
    <edXML:DueDate></edXML:DueDate>
    <edXML:OtherInfo><edXML:Priority>0</edXML:Priority><edXML:PromulgationAmount>1</edXML:PromulgationAmount><edXML:PageAmount>1</edXML:PageAmount></edXML:OtherInfo>
    <edXML:SteeringType>0</edXML:SteeringType>
   </edXML:MessageHeader>
   <edXML:TraceHeaderList>
    <edXML:TraceHeader><edXML:OrganId>000.00.00.G22</edXML:OrganId><edXML:Timestamp>2015/09/30 10:15:00</edXML:Timestamp></edXML:TraceHeader>
   </edXML:TraceHeaderList>
  </edXML:edXMLHeader>
  <edXML:edXMLBody><edXML:edXMLManifest version="1.0">
   <edXML:Reference><edXML:ContentId>cid:abc</edXML:ContentId><edXML:ContentType>application/pdf</edXML:ContentType><edXML:AttachmentName>7816.pdf</edXML:AttachmentName></edXML:Reference>
  </edXML:edXMLManifest></edXML:edXMLBody>
 </edXML:edXMLEnvelope>
 <AttachmentEncoded>
  <Attachment><ContentId>abc</ContentId><AttachmentName>7816.pdf</AttachmentName><ContentType>application/pdf</ContentType>
   <ContentTransferEncoded>{b64}</ContentTransferEncoded></Attachment>
 </AttachmentEncoded>
</edXML>""".encode()
