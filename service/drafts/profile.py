"""A signer's profile: the title the signing authority comes from, and the image of the handwritten
signature, uploaded once (a scan on white paper is given a transparent background)."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field

from service.errors import VanthuError
from service.models import SignerProfile
from service.runtime import Runtime
from service.store import users as ustore
from service.store.audit import NewAuditEntry, add_audit
from service.text import fold, nfc

MAX_IMAGE_BYTES = 2 * 2**20
MAX_SIDE = 3000


def signature_png(data: bytes) -> bytes:
    """The uploaded signature as a PNG with a transparent background (near-white made clear),
    refused unless it is a PNG or JPEG of reasonable size."""
    from PIL import Image, ImageChops, UnidentifiedImageError

    if not data or len(data) > MAX_IMAGE_BYTES:
        raise VanthuError("signature_image_invalid", f"{len(data)} bytes")
    try:
        img = Image.open(io.BytesIO(data))
        if img.format not in ("PNG", "JPEG") or max(img.size) > MAX_SIDE:
            raise VanthuError("signature_image_invalid", f"{img.format} {img.size}")
        img.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise VanthuError("signature_image_invalid", str(exc)) from exc
    rgba = img.convert("RGBA")
    r, g, b, a = rgba.split()
    ink = ImageChops.darker(ImageChops.darker(r, g), b).point(lambda v: 255 if v <= 225 else 0)
    rgba.putalpha(ImageChops.multiply(a, ink))  # near-white paper made clear, the ink kept
    box = rgba.getbbox()  # trimmed to the ink
    if box is None:
        raise VanthuError("signature_image_invalid", "the image is blank")
    out = io.BytesIO()
    rgba.crop(box).save(out, format="PNG")
    return out.getvalue()


@dataclass(frozen=True)
class ProfileChange:
    """What a user's signer profile is to become; None leaves a part as it is. `authority` is TL,
    TUQ or empty (signs in their own name); `image` the uploaded signature (PNG or JPEG bytes)."""

    full_name: str | None = None
    title: str | None = None
    authority: str | None = None
    image: bytes | None = field(default=None, repr=False)


def save_signer_profile(rt: Runtime, login: str, change: ProfileChange, *, actor: str) -> SignerProfile:
    """Set what is given of a user's signer profile; the rest stays."""
    full_name, title, authority, image = change.full_name, change.title, change.authority, change.image
    values: dict[str, str | None] = {}
    if full_name is not None:
        values["full_name"] = nfc(full_name).strip() or None
    if title is not None:
        values["title"] = nfc(title).strip() or None
    if authority is not None:
        mark = authority.strip().upper().rstrip(".")
        if mark not in ("", "TL", "TUQ"):
            raise VanthuError("invalid_requirement", f"authority {authority!r}")
        values["authority"] = mark or None
    if image is not None:
        png = signature_png(image)
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(login)).strip("-") or "nguoi-ky"
        relative = f"signing/images/{stem}.png"
        path = rt.data_path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(png)
        os.replace(tmp, path)
        values["signature_image"] = relative
    with rt.store.write() as conn:
        if ustore.signer_profile(conn, login) is None:
            raise VanthuError("user_not_found", login)
        if values:
            ustore.set_signer_profile(conn, login, **values)
            add_audit(
                conn,
                NewAuditEntry(
                    at=rt.now(),
                    actor=actor,
                    action="signer_profile",
                    object_type="user",
                    object_id=None,
                    detail={"user": login, **{k: v for k, v in values.items()}},
                ),
            )
        saved = ustore.signer_profile(conn, login)
    assert saved is not None  # checked above, in the same transaction
    return saved
