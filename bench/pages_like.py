"""A server that answers like GitHub Pages for a project site, and counts what it sends.

Under /<repo>/ only (404 elsewhere), Cache-Control max-age=600, Last-Modified with 304 answers,
gzip for text and wasm (not for zip or wheel files, already compressed), application/wasm,
no COOP/COEP. `sent` is the bytes of bodies written since the last reset, for transfer figures.
"""
import email.utils
import functools
import gzip
import threading
from pathlib import Path

from tools.devserver import Handler, Server

COMPRESSED = {".zip", ".whl", ".png"}


class PagesLike(Handler):
    quiet = True
    base = "/microgpt/"

    def end_headers(self):
        http_end_headers(self)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if not path.startswith(self.base):
            return self.send_error(404)
        file = Path(self.translate_path("/" + path[len(self.base):]))
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return self.send_error(404)
        stamp = email.utils.formatdate(int(file.stat().st_mtime), usegmt=True)
        if self.headers.get("If-Modified-Since") == stamp:
            self.send_response(304)
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return
        body = file.read_bytes()
        zipped = file.suffix not in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            body = self.server.gzipped(file, body)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", stamp)
        self.send_header("Cache-Control", "max-age=600")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        with self.server.lock:
            self.server.sent += len(body)


def http_end_headers(handler):
    # skips devserver's no-store: Pages lets browsers keep files for 10 minutes
    super(Handler, handler).end_headers()


class CountingServer(Server):
    def __init__(self, *args):
        super().__init__(*args)
        self.lock = threading.Lock()
        self.sent = 0
        self.cache = {}

    def gzipped(self, file, body):
        with self.lock:
            if file not in self.cache:
                self.cache[file] = gzip.compress(body, 6)
            return self.cache[file]


def start(root):
    """Serve `root` under /microgpt/; returns (server, URL of the site)."""
    server = CountingServer(("127.0.0.1", 0), functools.partial(PagesLike, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{PagesLike.base}"
