"""Signing keys: the office's and each signer's, in a PKCS#12 file or on a PKCS#11 token (USB token,
HSM), or a self-signed DEMO certificate made under data/signing/ where none is configured."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from service.config import KeySpec
from service.drafts.sign import make_self_signed_pkcs12
from service.errors import VanthuError
from service.text import fold

log = logging.getLogger("vanthu.drafts.keys")


@dataclass(frozen=True)
class OpenKey:
    """A signer ready to sign (pyHanko's), and whether its certificate is a demo one."""

    signer: object
    demo: bool
    holder: str  # the certificate's subject, as a person reads it


def _demo_pkcs12(folder: Path, stem: str, common_name: str, organisation: str) -> tuple[Path, bytes]:
    p12, secret = folder / f"{stem}.p12", folder / f"{stem}.pass"
    if not (p12.is_file() and secret.is_file()):
        password = secrets.token_urlsafe(24).encode()
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(password)
        make_self_signed_pkcs12(p12, common_name=common_name, organisation=organisation, password=password)
        log.warning(
            "created a self-signed DEMO certificate at %s: signatures made with it have no legal value", p12
        )
    return p12, secret.read_bytes()


def demo_office_key(data: Path, organisation: str) -> Callable[[], tuple[Path, bytes]]:
    return lambda: _demo_pkcs12(data / "signing", "demo-certificate", f"DEMO - {organisation}", organisation)


def demo_person_key(
    data: Path, login: str, full_name: str, organisation: str
) -> Callable[[], tuple[Path, bytes]]:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(login)).strip("-") or "nguoi-ky"
    return lambda: _demo_pkcs12(data / "signing" / "people", stem, f"DEMO - {full_name}", organisation)


@functools.lru_cache(maxsize=8)
def _load_pkcs12(path: str, mtime_ns: int, password: bytes | None):
    """Loading and checking an RSA key takes most of a second: once per file version and password."""
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password)
    except Exception as exc:  # wrong password, damaged file
        raise VanthuError("signing_failed", f"cannot load {Path(path).name}: {exc}") from exc
    if signer is None:
        raise VanthuError("signing_failed", f"cannot load {Path(path).name} (password?)")
    return signer


def _pkcs12_signer(path: Path, password: bytes | None):
    if not path.is_file():
        raise VanthuError("signing_failed", f"PKCS#12 file {path} not found")
    return _load_pkcs12(str(path), path.stat().st_mtime_ns, password)


@contextlib.contextmanager
def _pkcs11_signer(spec: KeySpec) -> Iterator[object]:
    """A session on the token for one signature, closed after it (pyHanko's PKCS#11 signer)."""
    from pyhanko.sign import pkcs11

    pin = os.environ.get(spec.pkcs11_pin_env) if spec.pkcs11_pin_env else None
    if pin is None:
        raise VanthuError("signing_failed", f"PIN not set: environment variable {spec.pkcs11_pin_env}")
    criteria = pkcs11.TokenCriteria(label=spec.pkcs11_token_label) if spec.pkcs11_token_label else None
    try:
        session = pkcs11.open_pkcs11_session(
            spec.pkcs11_library, slot_no=spec.pkcs11_slot, token_criteria=criteria, user_pin=pin
        )
    except Exception as exc:  # no module, no token, wrong PIN
        raise VanthuError("signing_failed", f"PKCS#11 {spec.pkcs11_library}: {exc}") from exc
    try:
        yield pkcs11.PKCS11Signer(
            session,
            key_label=spec.pkcs11_key_label,
            cert_label=spec.pkcs11_cert_label or spec.pkcs11_key_label,
        )
    finally:
        session.close()


@contextlib.contextmanager
def open_key(spec: KeySpec | None, *, demo: Callable[[], tuple[Path, bytes]]) -> Iterator[OpenKey]:
    """The signer a key spec names; without one, the demo certificate `demo` makes (only then)."""
    if spec is not None and spec.pkcs11_library:
        with _pkcs11_signer(spec) as signer:
            yield OpenKey(signer, False, _holder(signer))
        return
    if spec is not None and spec.pkcs12 is not None:
        pwd = os.environ.get(spec.password_env) if spec.password_env else None
        signer = _pkcs12_signer(spec.pkcs12, pwd.encode() if pwd is not None else None)
        yield OpenKey(signer, False, _holder(signer))
        return
    signer = _pkcs12_signer(*demo())
    yield OpenKey(signer, True, _holder(signer))


def _holder(signer) -> str:
    try:
        return signer.signing_cert.subject.human_friendly
    except Exception:  # a token that gives the certificate only when signing
        return ""
