"""Serve the benchmark site on loopback: nginx when it is installed, else a threaded Python server.

nginx runs as the current user from a config written into the work dir (no root, nothing under
/etc or /var is touched): `daemon off`, one master and `--workers` worker processes, access log
off, sendfile, long keep-alive. When nginx is absent (or fails to start) the fallback is the
server below, started with this file as a SEPARATE process so its CPU never counts against the
tool being measured: HTTP/1.1 keep-alive, files read once and kept in memory.

    python bench/serve.py --root DIR [--port 0]     (prints "listening PORT", serves until killed)
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".txt": "text/plain; charset=utf-8"}


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx",
                                                      "/usr/local/nginx/sbin/nginx") if os.access(p, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, proc: subprocess.Popen, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


NGINX_CONF = """\
daemon off;
master_process on;
worker_processes {workers};
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; multi_accept on; }}
http {{
    types {{ text/html html; text/css css; text/plain txt; }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/css text/plain;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {root};
    }}
}}
"""


class Server:
    """A running site server: `.kind`, `.port`, `.proc` (the process to account server CPU to)."""

    def __init__(self, kind: str, port: int, proc: subprocess.Popen, note: str = "") -> None:
        self.kind, self.port, self.proc, self.note = kind, port, proc, note

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT if self.kind == "nginx" else signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_nginx(root: Path, work: Path, workers: int) -> Server | None:
    nginx = find_nginx()
    if nginx is None:
        return None
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = work / "nginx.conf"
    text = NGINX_CONF.format(workers=workers, work=work, port=port, root=root.resolve())
    if os.geteuid() == 0:  # a root master would hand requests to `nobody` workers that cannot read 0700 temp dirs
        text = "user root;\n" + text
    conf.write_text(text)
    log = open(work / "nginx-stderr.log", "wb")
    proc = subprocess.Popen([nginx, "-p", str(work), "-e", str(work / "nginx-error.log"), "-c", str(conf)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    if not wait_listening(port, proc):
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        return None
    return Server("nginx", port, proc, f"{nginx}, {workers} worker(s)")


def start_python(root: Path, work: Path) -> Server:
    work.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--root", str(root), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=open(work / "pyserver-stderr.log", "wb"),
                            start_new_session=True, text=True)
    line = proc.stdout.readline().split()
    if len(line) != 2 or line[0] != "listening":
        proc.kill()
        raise RuntimeError(f"python server did not start (see {work / 'pyserver-stderr.log'})")
    return Server("python", int(line[1]), proc, "threaded Python server (separate process)")


def start_server(root: Path, work: Path, prefer: str = "auto", workers: int = 1) -> Server:
    """nginx if available (and not refused by `prefer`), else the Python server."""
    if prefer in ("auto", "nginx"):
        server = start_nginx(root, work, workers)
        if server is not None:
            return server
        if prefer == "nginx":
            raise RuntimeError("nginx was asked for but is not installed or did not start")
        note = "nginx not found" if find_nginx() is None else f"nginx did not start (see {work})"
        server = start_python(root, work)
        server.note = f"{note}: fell back to the {server.note}"
        return server
    return start_python(root, work)


# -- the fallback server (run as its own process) -------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle and the client's delayed
    # ACK stall every keep-alive response by ~40 ms (wget: 22 pages/s instead of ~1,000).
    disable_nagle_algorithm = True
    server_version = "bench"
    files: dict[str, bytes] = {}
    root: Path = Path(".")

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        body = self.files.get(path)
        if body is None:
            local = (self.root / path.lstrip("/")).resolve()
            if self.root in local.parents and local.is_file():
                body = self.files[path] = local.read_bytes()
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", TYPES.get(os.path.splitext(path)[1], "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def serve(root: Path, port: int) -> None:
    _Handler.root = root.resolve()
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 1024
    httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    print("listening", httpd.server_address[1], flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    httpd.serve_forever()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, required=True)
    ap.add_argument("--port", type=int, default=0)
    a = ap.parse_args()
    serve(a.root, a.port)
