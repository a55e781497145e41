"""The HTTP transport: a provincial platform's REST endpoint (the provincial platforms list and send
base64 messages and take a status; the national kit has the same four calls).

The calls, as this reading of the platforms has them (the official API text is not at hand):
  POST {url}/messages                 {"id", "from", "to", "content": base64} → {"id"}; 409: had it
  GET  {url}/messages?to=CODE&status=initial → {"messages": [{"id", "from"}]}
  GET  {url}/messages/{id}            → {"id", "from", "content": base64}
  POST {url}/messages/{id}/status     {"status": "processing" | "done" | "failed"}
Authentication: the system's id and secret, as HTTP Basic. A request that fails for the network or
a 5xx/429 is tried again (`retries` times, waiting 1, 2, 4 … s); the message id makes a repeated send
one delivery at the platform.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from service.exchange.transport import Arrival, TransportError

log = logging.getLogger("vanthu.exchange")
RETRYABLE = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class Credentials:
    """The office's account on the exchange platform (sent as HTTP Basic authentication)."""

    client_id: str
    secret: str = field(repr=False)


class HttpTransport:
    name = "http"

    def __init__(
        self,
        url: str,
        *,
        account: Credentials,
        office_code: str,
        timeout: float = 30.0,
        retries: int = 3,
        sleep: Callable[[float], None] | None = None,
    ):
        self.url = url.rstrip("/")
        self.office_code = office_code
        self.timeout, self.retries = timeout, retries
        self.sleep = sleep or time.sleep
        token = base64.b64encode(f"{account.client_id}:{account.secret}".encode()).decode("ascii")
        self.headers = {"Authorization": f"Basic {token}", "Accept": "application/json"}

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        headers = dict(self.headers)
        if data is not None:
            headers["Content-Type"] = "application/json"
        last = ""
        for attempt in range(self.retries):
            if attempt:
                self.sleep(float(2 ** (attempt - 1)))
            request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                    return resp.status, _json(resp.read())
            except urllib.error.HTTPError as exc:
                payload = exc.read()[:500]
                if exc.code in (401, 403):
                    raise TransportError("exchange_auth_failed", f"HTTP {exc.code}") from exc
                if exc.code not in RETRYABLE:
                    return exc.code, _json(payload)
                last = f"HTTP {exc.code} {payload!r}"
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                last = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
            log.warning(
                "code=exchange_http_retry %s %s attempt=%d detail=%s", method, path, attempt + 1, last
            )
        raise TransportError("exchange_send_failed", f"{method} {path}: {last}")

    def send(self, message_id: str, to_code: str, data: bytes) -> str | None:
        status, reply = self._call(
            "POST",
            "/messages",
            {
                "id": message_id,
                "from": self.office_code,
                "to": to_code,
                "content": base64.b64encode(data).decode("ascii"),
            },
        )
        if status in (200, 201, 202, 409):  # 409: the platform has this id already, from an earlier try
            return str((reply or {}).get("id") or message_id)
        raise TransportError("exchange_send_failed", f"POST /messages: HTTP {status} {reply!r}"[:500])

    def arrivals(self) -> Iterator[Arrival]:
        query = urllib.parse.urlencode({"to": self.office_code, "status": "initial"})
        status, listing = self._call("GET", f"/messages?{query}")
        if status != 200:
            raise TransportError("exchange_send_failed", f"GET /messages: HTTP {status}")
        for item in (listing or {}).get("messages", []):
            remote_id = str(item["id"])
            status, full = self._call("GET", f"/messages/{urllib.parse.quote(remote_id)}")
            if status != 200:
                raise TransportError("exchange_send_failed", f"GET /messages/{remote_id}: HTTP {status}")
            try:
                data = base64.b64decode(full.get("content", ""), validate=True)
            except (ValueError, AttributeError) as exc:
                data = str(full).encode("utf-8", "replace")  # kept as it came: the intake quarantines it
                log.warning("code=exchange_http_bad_content id=%s detail=%s", remote_id, exc)
            yield Arrival(remote_id, data)

    def acknowledge(self, remote_id: str) -> None:
        status, _ = self._call(
            "POST", f"/messages/{urllib.parse.quote(remote_id)}/status", {"status": "done"}
        )
        if status not in (200, 204):
            raise TransportError("exchange_send_failed", f"status of {remote_id}: HTTP {status}")


def _json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8")) if data else None
    except (UnicodeDecodeError, ValueError):
        return None
