"""A small round-robin HTTP proxy: each request goes to the next of several backends, as a load
balancer without sticky sessions would send it. Enough for the tests (no keep-alive, no streaming)."""

from __future__ import annotations

import http.client
import itertools
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


class RoundRobinProxy:
    def __init__(self, backends: list[int]) -> None:
        ports = itertools.cycle(backends)
        lock = threading.Lock()
        self.served: dict[int, int] = dict.fromkeys(backends, 0)
        served = self.served

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def _forward(self) -> None:
                with lock:
                    port = next(ports)
                    served[port] += 1
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    response = upstream.getresponse()
                    content = response.read()
                    self.send_response(response.status)
                    for name, value in response.getheaders():
                        if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                            self.send_header(name, value)
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                except OSError:
                    self.send_error(502)
                finally:
                    upstream.close()

            do_GET = do_POST = do_HEAD = _forward  # noqa: N815

            def log_message(self, format, *args):  # noqa: A002, ANN001, ANN002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> RoundRobinProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
