"""Tiny HTTP servers on loopback for the tests: one that counts every request it receives (a SPARQL
endpoint answering one row), and one that runs any raw-socket behaviour a test gives it."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ONE_ROW = (b'{"head":{"vars":["s"]},"results":{"bindings":'
           b'[{"s":{"type":"literal","value":"remote row"}}]}}')


class CountingServer:
    """A SPARQL endpoint on 127.0.0.1 that records every request and answers one remote row."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                outer.requests.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(ONE_ROW)))
                self.end_headers()
                self.wfile.write(ONE_ROW)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> "CountingServer":
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class RawServer:
    """A server on 127.0.0.1 that reads each request's head and hands the socket to ``behave(sock,
    head)``, which writes whatever bytes (or nothing) the test wants; counts connections."""

    def __init__(self, behave) -> None:
        self.behave = behave
        self.connections = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._stop = threading.Event()

    def __enter__(self) -> "RawServer":
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        client.settimeout(10)
        try:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(65536)
                if not chunk:
                    return
                head += chunk
            text, _, rest = head.partition(b"\r\n\r\n")
            length = 0
            for line in text.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            while len(rest) < length:
                chunk = client.recv(65536)
                if not chunk:
                    break
                rest += chunk
            self.behave(client, text.decode("latin-1"))
        except OSError:
            pass
        finally:
            try:
                client.close()
            except OSError:
                pass
