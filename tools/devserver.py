"""Serve the built site on 127.0.0.1 with the MIME types Pyodide needs.

A .wasm sent with the wrong type makes Pyodide hang, so the types are set here rather than
left to the platform's mimetypes table.
"""
import functools
import http.server
import sys
import threading

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    quiet = False
    extra_headers = {}  # e.g. COOP/COEP, to test the page cross-origin isolated

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a rebuild shows up on reload
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, fmt, *args):
        if not self.quiet:
            super().log_message(fmt, *args)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)  # a closed tab is not an error


def make_server(root, port=0, quiet=False, headers=None):
    attrs = {"quiet": quiet, "extra_headers": dict(headers or {})}
    handler = functools.partial(type("SiteHandler", (Handler,), attrs), directory=str(root))
    return Server(("127.0.0.1", port), handler)


def start(root, port=0, headers=None):
    """Serve `root` from a background thread; returns (server, base URL ending in /).
    headers: {name: value} added to every response."""
    server = make_server(root, port, quiet=True, headers=headers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
