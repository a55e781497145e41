"""A local fake exchange platform: a real HTTP server (in a thread) speaking the REST calls of
service/exchange/http.py, routing messages by the receiver's agency code, with faults to inject."""

from __future__ import annotations

import base64
import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


@dataclass
class Stored:
    id: str
    sender: str
    to: str
    content: str
    status: str = "initial"
    posts: int = 1  # how many times it was sent (a repeated id is one message)


@dataclass
class FakePlatform:
    """Systems (id → (secret, agency code)); messages kept by id; faults consumed one request each."""

    systems: dict[str, tuple[str, str]]
    messages: dict[str, Stored] = field(default_factory=dict)
    fail_next: list[int] = field(default_factory=list)  # HTTP statuses to answer before working
    drop_after_store: int = 0  # POSTs stored and then left without an answer (the reply is lost)
    requests: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # A moment to stop at ("send": a POST stored, before its answer; "fetch": before a message's content
    # goes out; "ack": before an acknowledgement is applied): `held` is set and the request waits
    # for `release`, so that a test can kill its client there.
    hold: str = ""
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    def _stop_at(self, moment: str) -> bool:
        """True when the request was held (its client is gone: answer nothing)."""
        if self.hold != moment:
            return False
        self.held.set()
        self.release.wait(timeout=120)
        return True

    def start(self) -> FakePlatform:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _reply(self, status: int, body: dict | None = None) -> None:
                data = json.dumps(body or {}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _system(self) -> str | None:
                auth = self.headers.get("Authorization", "")
                try:
                    sid, secret = base64.b64decode(auth.removeprefix("Basic ")).decode().split(":", 1)
                except ValueError:
                    return None
                known = platform.systems.get(sid)
                return known[1] if known and known[0] == secret else None

            def _handle(self, method: str) -> None:
                with platform.lock:
                    platform.requests.append(f"{method} {self.path}")
                    fault = platform.fail_next.pop(0) if platform.fail_next else None
                if fault:
                    return self._reply(fault, {"error": "injected"})
                code = self._system()
                if code is None:
                    return self._reply(401, {"error": "unauthorised"})
                url = urlparse(self.path)
                body = {}
                if method == "POST":
                    length = int(self.headers.get("Content-Length", 0))
                    body = json.loads(self.rfile.read(length) or b"{}")
                parts = url.path.removeprefix("/api").strip("/").split("/")
                if method == "POST" and parts == ["messages"]:
                    return self._post(code, body)
                if method == "GET" and parts == ["messages"]:
                    query = parse_qs(url.query)
                    with platform.lock:
                        listed = [
                            {"id": m.id, "from": m.sender}
                            for m in platform.messages.values()
                            if m.to == code and m.status == query.get("status", ["initial"])[0]
                        ]
                    return self._reply(200, {"messages": listed})
                if len(parts) == 2 and parts[0] == "messages" and method == "GET":
                    m = platform.messages.get(parts[1])
                    if m is None or m.to != code:
                        return self._reply(404)
                    if platform._stop_at("fetch"):
                        return None
                    return self._reply(200, {"id": m.id, "from": m.sender, "content": m.content})
                if len(parts) == 3 and parts[2] == "status" and method == "POST":
                    m = platform.messages.get(parts[1])
                    if m is None or m.to != code:
                        return self._reply(404)
                    if platform._stop_at("ack"):
                        return None
                    m.status = body.get("status", "done")
                    return self._reply(200, {"id": m.id, "status": m.status})
                return self._reply(404)

            def _post(self, code: str, body: dict) -> None:
                if body.get("from") != code:
                    return self._reply(403, {"error": "from is not this system's code"})
                with platform.lock:
                    known = platform.messages.get(body["id"])
                    if known:
                        known.posts += 1
                    else:
                        platform.messages[body["id"]] = Stored(body["id"], code, body["to"], body["content"])
                    drop = platform.drop_after_store > 0
                    platform.drop_after_store -= drop
                if platform._stop_at("send"):
                    return None
                if drop:  # stored, but the answer never reaches the sender
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return None
                return self._reply(409 if known else 201, {"id": body["id"]})

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api"

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def delivered_to(self, code: str) -> list[Stored]:
        return [m for m in self.messages.values() if m.to == code]
