"""HTTP plumbing shared by the demo sites and the fault site (standard library only).

A threaded HTTP/1.1 server that logs through ``logging`` instead of stderr, and that can
cut every open keep-alive connection when stopped, so a stopped site really stops answering.
"""
from __future__ import annotations

import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        super().__init__(address, handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def process_request(self, request: socket.socket,  # type: ignore[override]
                        client_address: tuple[str, int]) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: socket.socket,  # type: ignore[override]
                     client_address: tuple[str, int]) -> None:
        # Clients that hang up mid-response are normal for a crawler test; keep stderr clean.
        logger.debug("error while serving %s", client_address, exc_info=True)

    def start_background(self, name: str) -> None:
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        with self._connections_lock:
            connections, self._connections = list(self._connections), set()
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.server_close()


class QuietHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30                      # idle keep-alive connections end on their own
    server_header = "nginx"

    def version_string(self) -> str:
        return self.server_header

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        logger.debug("%s %s", self.address_string(), format % args)

    def request_path(self) -> str:
        return urlsplit(self.path).path or "/"

    def request_query(self) -> str:
        return urlsplit(self.path).query

    def write(self, status: int, body: bytes, headers: list[tuple[str, str]], *, head_only: bool,
              length: int | None = None) -> None:
        """Send a complete response; ``length`` overrides Content-Length (None: len(body))."""
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status != 304 and not (100 <= status < 200) and status != 204:
            self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        if not head_only and status not in (204, 304):
            self.wfile.write(body)
