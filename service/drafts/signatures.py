"""The decree's two signatures on the PDF: the leader's (personal certificate, signature image, the
number and day left as form fields) and the office's (the blanks filled, the seal image over a third of
the leader's signature, the time in ISO 8601), each verified with pyHanko."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from service.drafts import stamp
from service.drafts.keys import OpenKey, demo_office_key, demo_person_key, open_key
from service.drafts.pdf import WarmConverter, convert_to_pdf
from service.drafts.render import render_docx
from service.drafts.sign import (
    SignatureSpec,
    demo_seal,
    leader_style,
    office_style,
    sign_into,
    verify_signatures,
)
from service.errors import VanthuError
from service.models import Draft, SignerProfile
from service.runtime import Runtime
from service.text.normalize import nfc

log = logging.getLogger("vanthu.drafts")
TEXT_BAND = 24.0  # under the seal: the office's name and the signing time


def office_time(rt: Runtime):
    return rt.now().replace(tzinfo=rt.zone)


def prepared_for_signature(
    rt: Runtime, draft: Draft, ctx: dict[str, Any], work: Path, converter: WarmConverter | None
) -> tuple[Path, stamp.Layout]:
    """The document as issued, its number and day left as empty form fields: what the leader signs."""
    pdf = convert_to_pdf(render_docx(draft.kind, ctx, work / "signed.docx"), work / "signed.pdf", converter)
    layout = stamp.find_layout(pdf, anchor=ctx["authority_lines"][-1], signer_name=ctx["signer_name"])
    if set(layout.blanks) != {stamp.NUMBER_FIELD, stamp.DAY_FIELD, stamp.MONTH_FIELD}:
        raise VanthuError(
            "signing_failed", f"number or day blank not found in the PDF: {sorted(layout.blanks)}"
        )
    return stamp.add_blank_fields(pdf, work / "fields.pdf", layout), layout


def leader_signs(rt: Runtime, signer: SignerProfile, src: Path, out: Path, layout: stamp.Layout) -> OpenKey:
    """The leader's signature with their personal certificate (a demo one when none is configured), its
    appearance their signature image."""
    cfg, org = rt.config, rt.config.organisation
    name = nfc(signer.full_name).strip()
    demo = demo_person_key(cfg.data, signer.login or name, name, org.name)
    with open_key(cfg.signing.people.get(signer.login or ""), demo=demo) as key:
        image = rt.data_path(signer.signature_image) if signer.signature_image else None
        page, box = layout.signature
        style = leader_style(image, box, name, key.demo)
        _sign_file(
            src,
            out,
            key.signer,
            SignatureSpec(
                field=stamp.LEADER_FIELD,
                page=page,
                box=box,
                style=style,
                name=name,
                reason="Ký duyệt văn bản",
                location=org.place,
            ),
        )
    if key.demo:
        log.warning("%s signed with a DEMO personal certificate: not a legally valid signature", out.name)
    return key


def _sign_file(src: Path, out: Path, signer, spec: SignatureSpec) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    with src.open("rb") as inf:
        sign_into(IncrementalPdfFileWriter(inf), out, signer, spec)
    checks = verify_signatures(out)
    if not checks or not all(c["intact"] and c["valid"] for c in checks):
        out.unlink(missing_ok=True)
        raise VanthuError("signing_failed", f"signature does not verify after signing: {checks}")


def _leader_box(writer) -> stamp.Box | None:
    form = writer.root.get("/AcroForm")
    for ref in form.get_object()["/Fields"] if form is not None else []:
        field = ref.get_object()
        if str(field.get("/T", "")) == stamp.LEADER_FIELD and "/Rect" in field:
            x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
            return (x1, y1, x2, y2)
    return None


def office_signs(rt: Runtime, draft: Draft, number: str, day: date, out: Path) -> dict[str, Any]:
    """Fill the number and the day and apply the office's signature with its seal, in one revision
    after the leader's; both signatures are verified."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    cfg, org = rt.config, rt.config.organisation
    day_text, month_text = (f"{day.day:02d}", f"{day.month:02d}" if day.month <= 2 else str(day.month))
    assert draft.signed_pdf is not None  # a signed draft: issue_signed checked
    with rt.data_path(draft.signed_pdf).open("rb") as inf:
        w = IncrementalPdfFileWriter(inf)
        values = {stamp.NUMBER_FIELD: number, stamp.DAY_FIELD: day_text, stamp.MONTH_FIELD: month_text}
        if len(stamp.fill_blank_fields(w, values)) != 3:
            raise VanthuError("signing_failed", "the signed PDF has no number and day fields")
        leader = _leader_box(w)
        if leader is None:
            raise VanthuError("signing_failed", "the leader's signature field is missing")
        box = stamp.office_box(leader, cfg.signing.seal_mm, TEXT_BAND)
        seal = cfg.signing.seal_image or demo_seal(cfg.data, org.name)
        with open_key(
            cfg.signing.office if cfg.signing.office.configured else None,
            demo=demo_office_key(cfg.data, org.name),
        ) as key:
            style = office_style(
                seal,
                box,
                organisation=org.name,
                signed_at=office_time(rt).isoformat(timespec="seconds"),
                demo=key.demo,
                text_band=TEXT_BAND,
            )
            sign_into(
                w,
                out,
                key.signer,
                SignatureSpec(
                    field=stamp.OFFICE_FIELD,
                    page=int(draft.context.get("signature_page", 0)),
                    box=box,
                    style=style,
                    name=org.name,
                    reason=f"Ban hành văn bản số {number}/{draft.context['symbol']}",
                    location=org.place,
                ),
            )
    checks = verify_signatures(out)
    ok = (
        len(checks) == 2
        and all(c["intact"] and c["valid"] for c in checks)
        and checks[0]["changes_permitted"]
        and checks[1]["covers_whole_file"]
    )
    if not ok:
        raise VanthuError("signing_failed", f"the signatures do not verify after issuance: {checks}")
    return {"demo": key.demo, "certificate": key.holder, "signatures": checks}
