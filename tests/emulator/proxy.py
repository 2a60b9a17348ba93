"""A recording HTTP proxy in front of moto: every AWS call a test makes, as a `Call`.

    proxy = RecordingProxy("http://127.0.0.1:5000")   # starts at once on a free port
    boto3.client("ec2", endpoint_url=proxy.url, ...)
    proxy.writes()        # [Call(service='ec2', region='us-east-1', action='CreateVpc', ...)]
    proxy.stop()

Fault injection: `proxy.interceptors` is a list of callables `(call, request) -> response | None`
consulted in order before a request is forwarded. `call` is the `Call` being recorded (status
still 0), `request` a `ProxyRequest`. The first one to return a `(status, headers, body)` tuple
answers instead of moto, and the call is recorded with that status and `intercepted=True`.
An interceptor that raises makes the proxy answer HTTP 500 with the error text. See faults.py.

Two hooks for fault injection (faults.py uses them):
- an interceptor may return `RESET` instead of a tuple: the proxy closes the connection without
  any answer (a TCP reset, as a dropped connection looks to the client), and records the call
  with status 0 and `intercepted=True`;
- an interceptor with an `answered(call, request, response)` method sees every answer (moto's,
  or an earlier interceptor's) before it is sent, and may return a replacement tuple (None keeps
  it): this is how answers are rewritten, e.g. to hide a new resource for a few reads.
An interceptor may also sleep before returning None, which delays the answer (slow answers).
"""

from __future__ import annotations

import http.client
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional
from urllib.parse import urlsplit

from .calls import AccountBook, Call, describe_request

Response = tuple  # (status: int, headers: dict, body: bytes)
Interceptor = Callable[[Call, "ProxyRequest"], Optional[Response]]
RESET = "reset"  # an interceptor's answer meaning: close the connection, answer nothing
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
               "proxy-connection", "content-length"}


@dataclass
class ProxyRequest:
    method: str
    path: str
    headers: dict
    body: bytes


class RecordingProxy:
    def __init__(self, upstream_url: str, host: str = "127.0.0.1", port: int = 0):
        parts = urlsplit(upstream_url)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.accounts = AccountBook()
        self.interceptors: list[Interceptor] = []
        self._calls: list[Call] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="recording-proxy")
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def reset_calls(self) -> None:
        with self._lock:
            self._calls.clear()

    def writes(self) -> list[Call]:
        return [c for c in self.calls if c.write]

    def reads(self) -> list[Call]:
        return [c for c in self.calls if not c.write]

    def summary(self) -> dict[str, Counter]:
        """{service: Counter({action: count})} over the recorded calls."""
        out: dict[str, Counter] = {}
        for call in self.calls:
            out.setdefault(call.service, Counter())[call.action] += 1
        return out

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "RecordingProxy":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # called by the handler threads
    def _record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def _forward(self, request: ProxyRequest) -> Response:
        """Send `request` to moto on this thread's kept-alive connection.

        Only a reused connection that moto closed meanwhile is retried (on a fresh one), so a
        request moto may have processed is never sent twice.
        """
        local, key = _LOCAL.__dict__, self.upstream
        while True:
            conn, reused = local.get(key), True
            if conn is None:
                conn, reused = http.client.HTTPConnection(*self.upstream, timeout=300), False
                local[key] = conn
            try:
                conn.request(request.method, request.path, body=request.body or None,
                             headers=request.headers)
                answer = conn.getresponse()
                return answer.status, dict(answer.getheaders()), answer.read()
            except Exception as exc:
                conn.close()
                local[key] = None
                stale = isinstance(exc, (http.client.RemoteDisconnected, ConnectionResetError,
                                         BrokenPipeError))
                if not (reused and stale):
                    raise


_LOCAL = threading.local()


def _rewritten(interceptors: list, call: Call, request: ProxyRequest, response: Response) -> Response:
    """`response` after every interceptor's `answered` hook had its say (see module docstring)."""
    for interceptor in list(interceptors):
        hook = getattr(interceptor, "answered", None)
        if hook is None:
            continue
        try:
            replacement = hook(call, request, response)
        except Exception as exc:
            replacement = (500, {"Content-Type": "text/plain"},
                           f"interceptor {interceptor!r} raised {exc!r}".encode())
        if replacement is not None:
            call.intercepted = True
            response = replacement
    return response


def _handler_for(proxy: RecordingProxy):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            request = ProxyRequest(self.command, self.path, headers, body)
            call = describe_request(self.command, self.path, headers, body, proxy.accounts)
            started = time.monotonic()
            response = None
            for interceptor in list(proxy.interceptors):
                try:
                    response = interceptor(call, request)
                except Exception as exc:
                    response = (500, {"Content-Type": "text/plain"},
                                f"interceptor {interceptor!r} raised {exc!r}".encode())
                if response is not None:
                    call.intercepted = True
                    break
            if response is RESET:
                self._reset(call, started)
                return
            if response is None:
                try:
                    response = proxy._forward(request)
                except Exception as exc:  # moto gone: answer 502 so the client sees it
                    response = (502, {"Content-Type": "text/plain"}, str(exc).encode())
            response = _rewritten(proxy.interceptors, call, request, response)
            status, out_headers, out_body = response
            call.status = status
            call.elapsed = time.monotonic() - started
            if call.service == "sts" and status == 200:
                proxy.accounts.learn_from_sts(out_body)
            proxy._record(call)
            self.send_response(status)
            for key, value in out_headers.items():
                if key.lower() not in _HOP_BY_HOP and key.lower() not in ("server", "date"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(out_body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(out_body)

        def _reset(self, call: Call, started: float) -> None:
            call.status, call.elapsed = 0, time.monotonic() - started
            proxy._record(call)
            self.close_connection = True
            try:  # SO_LINGER 0: close() sends RST, as a dropped connection does
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
            except OSError:
                pass

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _handle

    return Handler
