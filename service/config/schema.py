"""The configuration's schema: key -> (type, default, help); a nested dict is a section, a list spec
is [item_schema]. The one table that load_config validates against and `vanthu check` explains."""

from __future__ import annotations

from typing import Any

STR, INT, NUM, BOOL, DATE = "str", "int", "number", "bool", "date"
_UNIT: dict[str, Any] = {
    "id": (STR, None, "short id, e.g. noi-vu"),
    "name": (STR, None, "official name"),
    "aliases": ([STR], [], "other names"),
    "groups": ([STR], [], "group ids"),
    "abbreviation": (STR, "", "in công văn symbols (UBND-LĐTBXH); empty: the name's initials"),
    "agency_code": (STR, "", "mã định danh for electronic exchange, e.g. 000.01.29.H41"),
}
_GROUP: dict[str, Any] = {
    "id": (STR, None, "e.g. ubnd-xa"),
    "name": (STR, None, "e.g. UBND các xã, thị trấn"),
    "aliases": ([STR], [], "other names"),
}
_PKCS11 = {
    "library": (STR, "", "the token's PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so; empty: none"),
    "slot": (INT, -1, "slot number; -1: the token named by token_label"),
    "token_label": (STR, "", "the token's label"),
    "key_label": (STR, "", "the private key's label on the token"),
    "cert_label": (STR, "", "the certificate's label; empty: the key's"),
    "pin_env": (STR, "VANTHU_PKCS11_PIN", "environment variable with the user PIN"),
}
_PERSON = {
    "user": (STR, None, "login name of the person who signs"),
    "pkcs12": (STR, "", "their PKCS#12 file"),
    "password_env": (STR, "", "environment variable with its password"),
    "pkcs11": _PKCS11,
}
SCHEMA: dict[str, Any] = {
    "organisation": {
        "name": (STR, None, "full name, e.g. Ủy ban nhân dân huyện Tam Đường"),
        "short_name": (STR, None, "the body in symbols, e.g. UBND"),
        "display_name": (STR, "", "name in registers, e.g. UBND huyện Tam Đường"),
        "parent": (STR, "", "the body above, e.g. Ủy ban nhân dân tỉnh Lai Châu"),
        "parent_in_header": (
            STR,
            "auto",
            "the parent's line in a draft's header: auto (none for an Ủy ban or Hội đồng nhân dân), "
            "always, never",
        ),
        "place": (STR, None, "place name in dates, e.g. Tam Đường"),
        "utc_offset_hours": (
            NUM,
            7,
            "the office's clock, hours ahead of UTC (Vietnam: 7), whatever the server's zone",
        ),
        "agency_code": (STR, "", "mã định danh (QĐ 20/2020/QĐ-TTg), e.g. 000.00.29.H41; empty: no exchange"),
    },
    "groups": ([_GROUP], [], "unit groups"),
    "units": ([_UNIT], [], "the office's units"),
    "folders": {
        "inbox": (STR, "inbox", "folder the clerk drops files into"),
        "outbox": (STR, "outbox", "issued documents"),
        "data": (STR, "data", "database, originals, quarantine, logs"),
    },
    "database": {"url": (STR, "", "SQLAlchemy URL; empty for SQLite in the data folder")},
    "web": {
        "host": (STR, "127.0.0.1", "address to listen on"),
        "port": (INT, 8080, "port"),
        "secret_key": (STR, "", "session key; empty: generated once in the data folder"),
    },
    "watcher": {
        "mode": (STR, "auto", "auto, inotify or polling"),
        "settle_seconds": (NUM, 2.0, "seconds a file must stand still"),
        "rescan_seconds": (NUM, 30.0, "seconds between full rescans"),
    },
    "limits": {
        "max_megabytes": (NUM, 200, "largest file read"),
        "max_pages": (INT, 500, "most pages read"),
        "max_seconds": (NUM, 120, "longest a file may take to read, before its scanned pages' allowance"),
        "seconds_per_page": (NUM, 20, "more time for each page of a file read by OCR"),
        "max_seconds_total": (NUM, 1800, "longest any file may take to read, however many pages"),
        "max_megapixels": (NUM, 180, "largest image"),
    },
    "tracking": {
        "due_soon_days": (INT, 7, "days before a due date that count as due soon"),
        "plan_margin_days": (INT, 5, "days an implementing plan's deadline is set ahead"),
    },
    "workflow": {
        "handling_margin_days": (
            INT,
            2,
            "working days the handling deadline is set before the document's own deadline",
        ),
    },
    "email": {
        "enabled": (BOOL, False, "send the daily digest by e-mail (off by default)"),
        "smtp_host": (STR, "", "SMTP server, e.g. mail.tamduong.gov.vn"),
        "smtp_port": (INT, 25, "SMTP port (587 with starttls)"),
        "starttls": (BOOL, False, "upgrade the connection with STARTTLS"),
        "username": (STR, "", "SMTP login; empty: none"),
        "password_env": (STR, "VANTHU_SMTP_PASSWORD", "environment variable with the SMTP password"),
        "sender": (STR, "", "From: address, e.g. vanthu@tamduong.gov.vn"),
        "digest_hour": (INT, 7, "hour of the office's day the digest is sent (0–23)"),
        "base_url": (STR, "", "the pages' address for links in the e-mail, e.g. http://vanthu.local:8080"),
    },
    "signing": {
        "pkcs12": (STR, "", "the office's PKCS#12 (the văn thư's seal signature); empty: demo certificate"),
        "password_env": (STR, "VANTHU_PKCS12_PASSWORD", "environment variable with its password"),
        "pkcs11": _PKCS11,
        "seal_image": (STR, "", "the office's seal (PNG, transparent background); empty: a drawn demo seal"),
        "seal_mm": (NUM, 36, "the seal's true diameter in millimetres"),
        "signer_name": (STR, "", "default signer"),
        "people": ([_PERSON], [], "the personal certificates of those who sign (by login name)"),
    },
    "holidays": (
        [DATE],
        [],
        "days off beyond Vietnam's public holidays and Tết (which are known): a swapped day, a local one",
    ),
    "working_days": ([DATE], [], "weekend days worked in exchange (làm bù), YYYY-MM-DD"),
    "exchange": {
        "transport": (
            STR,
            "folder",
            "folder (exchange/out, exchange/in), http (a platform's REST endpoint) or off",
        ),
        "folder": (STR, "exchange", "the folder pair's parent: <folder>/out and <folder>/in"),
        "url": (STR, "", "the platform's REST endpoint (or $VANTHU_EXCHANGE_URL)"),
        "client_id": (STR, "", "this system's id at the platform (or $VANTHU_EXCHANGE_CLIENT_ID)"),
        "secret_env": (STR, "VANTHU_EXCHANGE_SECRET", "environment variable with the platform's secret"),
        "timeout_seconds": (NUM, 30, "one HTTP request's time limit"),
        "retries": (INT, 3, "tries of one HTTP request before the message waits for the next round"),
        "poll_seconds": (NUM, 60, "seconds between two rounds of sending and fetching"),
        "max_attachment_megabytes": (NUM, 50, "largest attachment accepted or sent"),
    },
}
EXCHANGE_TRANSPORTS = ("folder", "http", "off")
WATCHER_MODES = ("auto", "inotify", "polling")
PARENT_IN_HEADER = ("auto", "always", "never")
