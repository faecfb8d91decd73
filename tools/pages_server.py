"""Serve the built site the way GitHub Pages serves a project site, to test it that way.

    python tools/pages_server.py [--repo microgpt] [--port 8000]

What Pages does and this copies: the site lives under /<repo>/ and everything outside is 404;
/<repo> redirects to /<repo>/; a folder serves its index.html; every response says
Cache-Control: max-age=600; compressible types are gzipped when the client accepts it;
.wasm is application/wasm; ETag and If-None-Match give 304; no COOP/COEP headers.
"""
import argparse
import gzip
import http.server
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.devserver import TYPES, Server  # noqa: E402

MAX_AGE = 600  # seconds: what Pages sends for every file
COMPRESSIBLE = ("text/", "application/json", "application/wasm", "image/svg+xml")


class PagesHandler(http.server.BaseHTTPRequestHandler):
    root = Path(".")
    repo = "microgpt"
    quiet = True

    def do_HEAD(self):
        self.answer(body=False)

    def do_GET(self):
        self.answer(body=True)

    def answer(self, body):
        path = unquote(urlsplit(self.path).path)
        prefix = f"/{self.repo}/"
        if path == prefix[:-1]:
            return self.send(301, b"", {"Location": prefix}, body)
        if not path.startswith(prefix):
            return self.send(404, b"404: not under " + prefix.encode(), {}, body)
        root = self.root.resolve()
        file = (root / path[len(prefix):]).resolve()
        if not file.is_relative_to(root):  # /<repo>/../x
            return self.send(404, b"404: outside the site", {}, body)
        if file.is_dir():
            if not path.endswith("/"):
                return self.send(301, b"", {"Location": path + "/"}, body)
            file = file / "index.html"
        if not file.is_file():
            return self.send(404, b"404: no such file", {}, body)
        stat = file.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        kind = TYPES.get(file.suffix, "application/octet-stream")
        headers = {"Content-Type": kind, "ETag": etag, "Vary": "Accept-Encoding"}
        if self.headers.get("If-None-Match") == etag:
            return self.send(304, b"", headers, False)
        data = file.read_bytes()
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if accepts and kind.startswith(COMPRESSIBLE):
            data = gzip.compress(data, compresslevel=6, mtime=0)
            headers["Content-Encoding"] = "gzip"
        return self.send(200, data, headers, body)

    def send(self, status, data, headers, body):
        self.send_response(status)
        headers = {"Content-Type": "text/plain; charset=utf-8", **headers}
        for name, value in {**headers, "Cache-Control": f"max-age={MAX_AGE}",
                            "Content-Length": str(len(data))}.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, fmt, *args):
        if not self.quiet:
            super().log_message(fmt, *args)


def make_server(root, repo="microgpt", port=0, quiet=True):
    attrs = {"root": Path(root), "repo": repo, "quiet": quiet}
    return Server(("127.0.0.1", port), type("Pages", (PagesHandler,), attrs))


def start(root, repo="microgpt", port=0):
    """Serve `root` under /<repo>/ from a background thread; returns (server, URL of the site)."""
    server = make_server(root, repo, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/{repo}/"


def main():
    from build import SITE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default="microgpt", help="the project site's path")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = make_server(SITE, args.repo, args.port, quiet=False)
    print(f"serving {SITE}/ at http://127.0.0.1:{args.port}/{args.repo}/ (Ctrl+C to stop)",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
