"""Keys on a token: the office's and a leader's keys on a SoftHSM2 token the suite creates (pyHanko's
PKCS#11 signer), a draft signed and issued with them, both signatures verified."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from service.drafts.issuance import issue_signed, sign_draft
from service.drafts.service import create_draft
from service.drafts.sign import verify_signatures
from service.errors import VanthuError
from service.models import SignerProfile
from service.store.drafts import list_outgoing
from tests.conftest import require_path, require_tool

SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")
TOKEN, PIN, SO_PIN = "vanthu-test", "654321", "12345678"
PIN_ENV = "VANTHU_TEST_TOKEN_PIN"


def _certificate(common_name: str):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ủy ban nhân dân huyện Tam Đường"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.now(UTC) - timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return pem, cert.public_bytes(serialization.Encoding.DER), name.public_bytes()


@pytest.fixture(scope="session")
def token(tmp_path_factory):
    """A SoftHSM2 token with two keys and their certificates: `office` and `leader`. SoftHSM reads its
    configuration once per process, so the token is the session's."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    require_tool("softhsm2-util")
    require_path(SOFTHSM, "Debian's softhsm2 PKCS#11 module")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN, "--pin", PIN],
        check=True,
        capture_output=True,
    )
    names = {"office": "Văn thư UBND huyện Tam Đường (token)", "leader": "Nguyễn Văn Khóa (token)"}
    certs = {}
    for i, (label, cn) in enumerate(names.items(), 1):
        pem, der, subject = _certificate(cn)
        (folder / f"{label}.pem").write_bytes(pem)
        subprocess.run(
            [
                "softhsm2-util",
                "--import",
                str(folder / f"{label}.pem"),
                "--token",
                TOKEN,
                "--label",
                label,
                "--id",
                f"{i:02x}",
                "--pin",
                PIN,
            ],
            check=True,
            capture_output=True,
        )
        certs[label] = (der, subject, bytes([i]))
    lib = pkcs11.lib(str(SOFTHSM))
    with lib.get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
        for label, (der, subject, key_id) in certs.items():
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: label,
                    Attribute.ID: key_id,
                    Attribute.SUBJECT: subject,
                    Attribute.VALUE: der,
                }
            )
    return names


def _pkcs11(key_label: str) -> dict:
    return {"library": str(SOFTHSM), "token_label": TOKEN, "key_label": key_label, "pin_env": PIN_ENV}


@pytest.fixture
def office(open_office, token, monkeypatch):
    monkeypatch.setenv(PIN_ENV, PIN)
    return open_office(
        signing__pkcs11=_pkcs11("office"), signing__people=[{"user": "lanh.dao", "pkcs11": _pkcs11("leader")}]
    )


def test_both_signatures_made_with_keys_on_the_token(office, token):
    d = create_draft(office, "reminder", requirement_id=office.requirement_id)
    leader = SignerProfile(full_name="Nguyễn Văn Khóa", login="lanh.dao", title="Chủ tịch")
    sign_draft(office, d.id, signer=leader, actor="lanh.dao")
    issued = issue_signed(office, d.id, actor="van.thu")
    assert issued.demo_certificate is False
    checks = verify_signatures(issued.pdf)
    assert [c["field"] for c in checks] == ["ChuKyLanhDao", "ChuKyCoQuan"]
    assert all(c["intact"] and c["valid"] for c in checks), checks
    assert token["leader"] in checks[0]["signer"] and token["office"] in checks[1]["signer"]
    assert checks[0]["changes_permitted"] and checks[1]["covers_whole_file"]
    assert not list((office.config.data / "signing").rglob("*.p12"))  # no demo certificate was made


def test_a_wrong_pin_is_refused_and_uses_no_number(office, monkeypatch):
    d = create_draft(office, "reminder", requirement_id=office.requirement_id)
    sign_draft(office, d.id, signer=SignerProfile(full_name="Nguyễn Văn Khóa", login="lanh.dao"), actor="l")
    monkeypatch.setenv(PIN_ENV, "000000")
    with pytest.raises(VanthuError) as e:
        issue_signed(office, d.id, actor="van.thu")
    assert e.value.code == "signing_failed" and "PKCS#11" in e.value.detail
    monkeypatch.delenv(PIN_ENV)
    with pytest.raises(VanthuError) as e:
        issue_signed(office, d.id, actor="van.thu")
    assert e.value.code == "signing_failed" and PIN_ENV in e.value.detail
    with office.store.read() as conn:
        assert list_outgoing(conn) == []
    monkeypatch.setenv(PIN_ENV, PIN)
    assert issue_signed(office, d.id, actor="van.thu").number == 1  # the number was never used
